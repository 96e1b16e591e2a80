"""HLA matching written as a fraction of the alleles typed: "7/8 or 8/8 HLA-matched", "9-10/10 matched".

A donor's match is counted over the alleles typed (8 or 10, 6 at lower resolution). Labellers write it
``hla match`` with the denominator as its unit ("/8"): a range of fractions is two limits, one
fraction an exact one.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

_FRACTION = lazy_re(
    r"(?<![\d/.])(?:(?P<low>\d{1,2})(?:\s*/\s*(?P<low_over>6|8|10|12))?\s*(?:-|–|to|or)\s*)?"
    r"(?P<high>\d{1,2})\s*/\s*(?P<over>6|8|10|12)\b(?!\s*/|\.\d)",
)
_MATCH_NEAR = lazy_re(r"\bHLA|match", re.I)
NEAR = 40  # characters on either side of the fraction where the match must be named


def hla_matches(text: str) -> list[tuple[int, Threshold]]:
    """``hla match`` limits of the fractions a criterion gives near "HLA" or "match"."""
    lowered = text.lower()
    if "/" not in text or ("match" not in lowered and "hla" not in lowered):
        return []  # a cheap test spares the scan
    found = []
    for m in _FRACTION.finditer(text):
        over, high = m.group("over"), int(m.group("high"))
        near = text[max(0, m.start() - NEAR) : m.end() + NEAR]
        if high > int(over) or not _MATCH_NEAR.search(near) or m.group("low_over") not in (None, over):
            continue
        unit = f"/{over}"
        if m.group("low") is None:
            found.append((m.start(), Threshold("hla match", "=", float(high), unit)))
        elif int(m.group("low")) < high:
            found.append((m.start(), Threshold("hla match", ">=", float(m.group("low")), unit)))
            found.append((m.start(), Threshold("hla match", "<=", float(high), unit)))
    return found
