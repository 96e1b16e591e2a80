"""How long a treatment was given, stated with no comparator: "has received six weeks of non-operative therapy".

A length of treatment with no comparator is an exact limit, as a count of courses is
(:mod:`tasks.normalize.courses`: "2 cycles of induction" is ``= 2``); it is named by the treatment
after "of" ("non-operative therapy"), as "at least six weeks of conservative care" is. The open
reader reads only a length with a comparator, so it reads none.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy
from tasks.normalize.quantities import clause_before, only_function_words
from tasks.normalize.thresholds import Threshold, comparator_before
from tasks.normalize.time_units import WORD_NUMBERS
from tasks.normalize.vocabulary import NUMBER_WORDS

# a count, a unit of weeks to years, "of", then at most four words that end in a word for a treatment
_TREATMENT_LENGTH = lazy_re(
    r"(?<![\w.,/-])(?P<num>\d{1,2}|\b(?:" + "|".join(NUMBER_WORDS) + r")\b)[\s-]+"
    r"(?P<unit>weeks?|months?|years?)\s+of\s+"
    r"(?P<treatment>(?:[A-Za-z][\w-]*\s+){0,3}?(?:[\w-]+-)?(?:therapy|therapies|treatments?|induction|chemotherapy|"
    r"radiotherapy|physiotherapy|management|care|rehabilitation))\b",
    re.I,
)

# "has completed 3 months of …": a verb of a course run to its end, which tidy's list of verbs lacks
_COMPLETED = lazy_re(r"\b(?:completed|finished|underwent|undergone)\s*$", re.I)


def treatment_lengths(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """Every length of a treatment no reader read that opens its clause or follows a verb only: ``= N``.

    "Four weeks of HMA-based induction", "Subject has received six weeks of non-operative therapy";
    not "within the first 5 days of therapy" (a window), nor "at least 6 weeks of …" (the open reader's).

    Args:
        text: the criterion.
        found: the rows read so far with their positions.
    """
    rows: list[tuple[int, Threshold]] = []
    lowered = text.lower()
    if " of " not in lowered or not any(unit in lowered for unit in ("week", "month", "year")):
        return rows  # a cheap test spares the scan
    for m in _TREATMENT_LENGTH.finditer(text):
        if comparator_before(text, m.start())[0] or any(start == m.start() for start, _ in found):
            continue
        window = clause_before(text, m.start())
        if not only_function_words(_COMPLETED.sub("", window)):
            continue  # "in the first 5 days of therapy", "after 6-10 weeks of …": a window, a range
        written = m.group("num").lower()
        value = float(WORD_NUMBERS.get(written) or written)
        unit = m.group("unit").lower().removesuffix("s") + "s"  # in the plural, as the open reader writes lengths
        rows.append((m.start(), Threshold(tidy(m.group("treatment")), "=", value, unit)))
    return rows
