"""Courses of a treatment as refractoriness is defined: "not achieving a CR after 2 cycles of induction chemotherapy".

A count of cycles or courses with no comparator is an exact limit (the labelling guide: "failed two
regimens" is ``= 2``), named as counts of courses are ("induction chemotherapy cycles"). A second
count joined by "or" to one with a comparator keeps it: "at least 4 cycles of decitabine or 6 cycles
of azacitidine" is ``>= 6`` azacitidine cycles too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.numbers import number
from tasks.normalize.quantities import counted_after
from tasks.normalize.thresholds import Threshold, comparator_before

_COURSE_COUNT = lazy_re(
    r"(?<![\w.,/-])(?P<num>\d{1,2}|one|two|three|four|five|six|eight|twelve)\s+(?:cycles?|courses?)\s+of\s+",
    re.I,
)
_OR_BEFORE = lazy_re(r"\bor\s+$", re.I)
_COURSE_NOUNS = ("cycles", "courses")


def course_counts(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """Every count of courses no reader read: exact, or with the comparator of the count it is an alternative to.

    Args:
        text: the criterion.
        found: the rows read so far with their positions.
    """
    rows: list[tuple[int, Threshold]] = []
    lowered = text.lower()
    if "cycle" not in lowered and "course" not in lowered:
        return rows  # a cheap test spares the scan
    for m in _COURSE_COUNT.finditer(text):
        if comparator_before(text, m.start())[0] or any(start == m.start() for start, _ in found):
            continue  # "at least 4 cycles of X" is the open reader's
        named = counted_after(text, m.end("num"))
        if not named or not named[0].endswith(_COURSE_NOUNS) or named[0] in _COURSE_NOUNS:
            continue
        row = Threshold(named[0], "=", number(m.group("num")))
        if _OR_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            earlier = [
                (start, t) for start, t in found + rows if start < m.start() and t.variable.endswith(_COURSE_NOUNS)
            ]
            if earlier:
                row = replace(row, comparator=max(earlier, key=lambda item: item[0])[1].comparator)
        rows.append((m.start(), row))
    return rows
