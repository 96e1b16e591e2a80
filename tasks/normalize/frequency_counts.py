"""How often something may happen, written as a frequency word: "more than once per week", "twice weekly".

Criteria bound a frequency without a digit ("no more than twice weekly triptan use", "greater than
weekly transfusions"): the word is the count, and the quantity is the noun right after it, as
written. "Weekly", "daily" and "monthly" alone mean once in their period.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.quantities import counted_after
from tasks.normalize.thresholds import Threshold, comparator

# "once per week" reaches the readers as "1 per week" (see :mod:`~tasks.normalize.prepared_text`)
_TIMES = {"1": 1.0, "once": 1.0, "twice": 2.0, "thrice": 3.0, "weekly": 1.0, "daily": 1.0, "monthly": 1.0}
_PERIOD = r"(?:(?:per|a|each|every)\s+(?:day|week|month|year)|weekly|daily|monthly)"
_PERIOD_WORD = lazy_re(r"day|week|month|year", re.I)
_DAILY = {"daily": "day", "weekly": "week", "monthly": "month"}
_THAN = r"\b(?:no\s+)?(?:more|greater|less|fewer)\s+than"  # not "at least once daily": a dosing schedule
# "[more than once per week] occurrence of heartburn": a bracket, then the occurrences of what is counted
FREQUENCY_WORD = lazy_re(
    rf"(?P<cmp>{_THAN})\s+(?P<times>once|twice|thrice|weekly|daily|monthly|1(?=\s+{_PERIOD}))\b(?:\s+(?P<period>{_PERIOD})\b)?"
    r"(?:\s*\\?[\])])?(?:\s+(?:occurrences?|episodes?)\s+of\b)?",
    re.I,
)
NEEDED = lazy_re(r"\b(?:once|twice|thrice|weekly|daily|monthly|per)\b", re.I)


def frequency_counts(text: str) -> list[tuple[int, Threshold]]:
    """Limits on how often the noun after a comparator and a frequency word happens.

    Nothing is read where no noun follows ("relapsed more than once in the past year"): the count
    is then of an event named before, which the open reader's phrase rules own.
    """
    if not NEEDED.search(text):
        return []  # a cheap test spares the comparator scan
    found = []
    for match in FREQUENCY_WORD.finditer(text):
        named = counted_after(text, match.end(), counted=False)
        if named:
            symbol = comparator(match.group("cmp"))
            times = _TIMES[match.group("times").lower()]
            found.append((match.start(), Threshold(named[0], symbol, times, period_unit(match))))
    return found


def period_unit(match: re.Match) -> str | None:
    """The period a frequency counts in, as a unit ("per week" for "twice weekly" and "weekly"), if stated."""
    word = _DAILY.get(match.group("times").lower())
    if word is None and match.group("period"):
        found = _PERIOD_WORD.search(match.group("period"))
        word = _DAILY.get(match.group("period").lower()) or (found.group(0).lower() if found else None)
    return f"per {word}" if word else None
