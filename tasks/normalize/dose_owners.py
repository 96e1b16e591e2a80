"""A dose named only "dose" is the dose of the drug written right before it: "aspirin, dose > 300 mg/d".

Criteria list drugs with their caps ("antiplatelet (aspirin, dose > 300 mg/d; clopidogrel, dose > 75
mg/d)", "low-dose aspirin (daily dosage ≤ 100 mg)"); the readers name each such limit by the word
before its value, "dose", which says nothing of what is dosed and makes two drugs' caps one name.
Labellers and analysts name it by the drug: "aspirin dose", "aspirin daily dosage".
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

# the names the readers give a dose they find no owner for (not "stable dose": "on a stable dose" of
# whatever medication the sentence is about names no drug next to it)
BARE_DOSES = frozenset({"dose", "dosage", "daily dose", "daily dosage"})
# the drug, then a comma or an opening bracket, then the dose word right before the value
_DRUG_BEFORE = lazy_re(
    r"(?<![\w-])(?P<drug>(?!(?:the|a|an|and|or|of|with|at|in|on|for|to|per|by|total|daily|maximum|minimum|mean|"
    r"patients?|subjects?|participants?|adults?|children)\b)[A-Za-z][A-Za-z-]{2,})"
    r"\s*(?:,|\\?[(\[])\s*(?P<dose>(?:daily\s+)?dos(?:e|age))\s*(?:of\s*|is\s*|:\s*)?$",
    re.I,
)
# a radiation dose ("to the chest, dose > 30 Gy") is no drug's: the word before it is where it was given
_RADIATION_UNIT = lazy_re(r"c?Gy\b", re.I)


def drug_named(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with each limit named by a bare dose word renamed by the drug written right before it.

    Args:
        text: the criterion.
        found: every reader's rows with the position of their statement (its comparator).
    """
    return [(start, _owned(text, start, threshold)) for start, threshold in found]


def _owned(text: str, start: int, threshold: Threshold) -> Threshold:
    """``threshold`` named "<drug> <dose word>" where its bare dose word follows a drug; else unchanged."""
    if threshold.variable not in BARE_DOSES or _RADIATION_UNIT.match(threshold.unit or ""):
        return threshold  # the cheap test first: most rows are named otherwise
    match = _DRUG_BEFORE.search(text, max(0, start - 60), start)
    if not match:
        return threshold
    return replace(threshold, variable=f"{match.group('drug').lower()} {threshold.variable}")
