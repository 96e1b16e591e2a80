"""A limit as a multiple of the normal range kept "within": "SCr within 1.5x normal range", "AST within 3 times ULN".

"Within" before a multiple of the upper limit of normal bounds the value from above, as "≤ 1.5 x
ULN" does; the open reader knows "within" only as the start of a time window, so it reads none.
Only a quantity the vocabulary names before it is limited (a lab value), as the normal range is a lab's.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import named_in
from tasks.normalize.quantities import clause_before
from tasks.normalize.thresholds import Threshold

_WITHIN_MULTIPLE = lazy_re(
    r"\bwithin\s+(?P<num>\d+(?:\.\d+)?)\s*(?:x|×|times|-?fold)\s+(?:the\s+)?(?:institutional\s+)?"
    r"(?:ULN\b|upper\s+limits?\s+of\s+(?:the\s+)?normal|normal\s+(?:range|limits?|values?)\b)",
    re.I,
)


def within_multiples(text: str) -> list[tuple[int, Threshold]]:
    """``NAME within N x ULN`` → NAME ``<= N`` x ULN, for each vocabulary name the clause before gives."""
    lowered = text.lower()
    if "within" not in lowered or ("uln" not in lowered and "normal" not in lowered):
        return []  # a cheap test spares the scan
    found = []
    for m in _WITHIN_MULTIPLE.finditer(text):
        for variable in named_in(clause_before(text, m.start())):
            found.append((m.start(), Threshold(variable, "<=", float(m.group("num")), "x ULN")))
    return found
