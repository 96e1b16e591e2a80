"""A limit stated with a second value for another group: "QTcF ≤ 470 ms (female) / 450 ms (male)".

Or against the normal range: "LVEF < 50% (or the lower limit of institutional normal)".

Criteria often give one comparator and two values, each for a group of people ("more than 14
drinks per week for men or 7 drinks per week for women", "Hb < 13 g/dL in men or 12 g/dL in
women"). The statement reader reads the first; this reader adds the second as the same quantity
with the same comparator, when the same unit follows it and a group is named.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

_NUMBER = r"\d+(?:\.\d+)?"
# who a value is for: "(female)", "for men", "in women", "(patients with liver metastases)"
_GROUP = r"(?:\s*\([^()\d]{1,40}\)|\s+(?:for|in)\s+(?:wo)?m[ae]n\b|\s+(?:for|in)\s+(?:fe)?males?\b)"
_ALTERNATIVE = lazy_re(
    rf"(?<![\d.])(?P<first>{_NUMBER})(?P<unit>\s*(?:[^\d\s(),;:]+)(?:\s+(?:per|a|/)\s+[a-z]+)?)"
    rf"(?P<group>{_GROUP})?\s*,?\s*(?:or|/)\s*(?P<second_group>(?:for|in)\s+\w+\s+)?"
    rf"(?P<second>{_NUMBER})(?P=unit)(?![\w/])(?P<last_group>{_GROUP})?",
    re.I,
)


def group_alternatives(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """The second value of a limit stated for two groups, as a row like the first one's.

    Args:
        text: the criterion.
        found: the rows read so far with their positions; the first value's row is the nearest
            one before it with that value.
    """
    rows: list[tuple[int, Threshold]] = []
    if " or " not in text and "/" not in text:
        return rows
    for m in _ALTERNATIVE.finditer(text):
        if not (m.group("group") or m.group("second_group") or m.group("last_group")):
            continue  # "≥ 60 or 45 mL/min" names no group: which one is meant is not said
        first = _row_before(found, m.start("first") + 1, float(m.group("first")))
        if first:
            rows.append((m.start("second"), replace(first, value=float(m.group("second")))))
    return rows


# "< 45% (or lower limit of institutional normal value)", "< 50% or below the LLN": the same quantity, 1 x LLN
_OR_LOWER_LIMIT = lazy_re(
    rf"(?<![\d.])(?P<first>{_NUMBER})\s*%?\s*[(,]?\s*or\s+(?:(?:below|lower\s+than|less\s+than|under|<)\s*)?"
    r"(?:the\s+)?(?:institutional\s+|local\s+)?(?:lower\s+limit\s+of\s+(?:the\s+)?(?:institutional\s+)?normal|LLN)\b",
    re.I,
)


def lower_limit_alternatives(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """A limit stated again against the normal range's lower limit, as a row of 1 "x LLN" like the first one's."""
    rows: list[tuple[int, Threshold]] = []
    if "or " not in text:
        return rows
    for m in _OR_LOWER_LIMIT.finditer(text):
        first = _row_before(found, m.start("first") + 1, float(m.group("first")))
        if first and first.comparator in ("<", "<="):
            rows.append((m.end("first"), replace(first, value=1.0, unit="x LLN")))
    return rows


def _row_before(found: list[tuple[int, Threshold]], end: int, value: float) -> Threshold | None:
    """The nearest row read before ``end`` (within the clause) whose value is ``value``."""
    earlier = [(start, row) for start, row in found if start < end and row.value == value]
    return max(earlier, key=lambda item: item[0])[1] if earlier else None
