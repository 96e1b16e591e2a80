"""Serum creatinine maxima by age band: one limit per distinct maximum.

Paediatric protocols bound the creatinine by age (and sex) in a table that registries flatten into
the criterion: "a serum creatinine based on age/gender as follows: 1 to < 2 years 0.6 mg/dL; 2 to
< 6 years 0.8 mg/dL; …" or "Maximum Serum Creatinine (mg/dL) Age 1 to < 2 years Male 0.6 Female
0.6 …". Each distinct maximum is a ``creatinine <= N`` row, as the labels list them; the age
bands are the age readers' (the labels keep them too).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold, comparator_before

# where the table starts: creatinine, then the words that open a table by age
_TABLE = lazy_re(
    r"\bcreatinine\b[^.;]{0,80}?(?:\bbased\s+on\s+age|\b(?:for|by)\s+age\b|\bas\s+follows|\bmaximum\b)"
    r"|\bmaximum\s+(?:serum\s+)?creatinine\b",
    re.I,
)
# a maximum: after "male", "female" or "maximum", or before "mg/dL"; never an age ("1 to < 2 years")
_MAXIMUM = lazy_re(
    r"(?:\b(?:fe)?males?|\bmaximum)\s*:?\s*(?P<after_word>\d(?:\.\d{1,2})?)(?![\d.]|\s*(?:years?|months?|to\b|-))"
    r"|(?<![\d.])(?P<before_unit>\d(?:\.\d{1,2})?)\s*mg\s*/\s*d[lL]\b",
    re.I,
)
MIN_ROWS = 2  # one value is no table: the open reader reads "creatinine ≤ 1.5 mg/dL"


def creatinine_by_age(text: str) -> list[tuple[int, Threshold]]:
    """``creatinine <= N mg/dL`` for each distinct maximum of an age-banded creatinine table."""
    if "creatinine" not in text.lower():
        return []  # a cheap test spares the scans
    table = _TABLE.search(text)
    if not table:
        return []
    rows: dict[float, int] = {}
    for match in _MAXIMUM.finditer(text, table.start()):
        value = float(match.group("after_word") or match.group("before_unit"))
        if 0.2 <= value <= 3.0 and comparator_before(text, match.start())[0] is None:
            rows.setdefault(value, match.start())
    if len(rows) < MIN_ROWS:
        return []
    return [(start, Threshold("creatinine", "<=", value, "mg/dL")) for value, start in rows.items()]
