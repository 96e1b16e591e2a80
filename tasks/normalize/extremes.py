"""A limit stated as the quantity's least or greatest value: "a minimum weight of 50 kg", "maximum cord dose 50 Gy".

The comparator word stands before the quantity's name, not before the number, so the open
reader (which looks back from the number for a comparator) does not see it: "minimum" and
"minimal" give ``>=``, "maximum" and "maximal" ``<=``. The quantity is a vocabulary name where
one is written ("weight"), else the words as written ("posterior disc height"). A version, a
test's sensitivity or a period is no limit on the participant (the labelling guide).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import exact_names
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold, unit_name
from tasks.normalize.vocabulary import ANY_UNIT

# a word of the quantity's name: no comparator, preposition or conjunction ("maximal TURBT within 90 days")
_WORD = r"(?!(?:at|least|most|within|to|in|for|than|or|and|the|a|an|from|up)\b)[A-Za-z][\w-]*"
_EXTREME = lazy_re(
    r"\b(?P<word>minimum|minimal|maximum|maximal)\s+"
    r"(?!(?:of|period|version|sensitivity|duration|time|number|dose\s+of)\b)"
    rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,3}}?)\s+(?:of\s+)?"
    rf"(?P<num>\d+(?:\.\d+)?)(?![\d.])(?!\s*(?:(?:{ANY_UNIT})\s*)?or\s+(?:more|greater|higher|less|lower))"
    rf"\s*(?P<unit>(?:{ANY_UNIT})(?![\w/]))?",
    re.I,
)
_SYMBOLS = {"minimum": ">=", "minimal": ">=", "maximum": "<=", "maximal": "<="}


def stated_extremes(text: str) -> list[tuple[int, Threshold]]:
    """``minimum X of N`` → X ``>= N``; ``maximum X N`` → X ``<= N``."""
    found: list[tuple[int, Threshold]] = []
    lowered = text.lower()
    if "minim" not in lowered and "maxim" not in lowered:
        return found  # a cheap test spares the scan
    for m in _EXTREME.finditer(text):
        symbol = _SYMBOLS[m.group("word").lower()]
        name = m.group("name")  # a vocabulary name written whole ("weight", "life expectancy"), else as written
        for variable in exact_names(name) or (tidy(name),):
            if variable:
                found.append(
                    (m.start(), Threshold(variable, symbol, float(m.group("num")), unit_name(m.group("unit"))))
                )
    return found
