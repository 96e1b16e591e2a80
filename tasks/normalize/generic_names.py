"""A limit named by a generic word, renamed by what it scores: "a score of ≥ 3 for CGI-SCH positive symptoms".

Criteria state a score and then say on what: "a score of ≥ 11 on the Radboud Oral Motor Inventory",
"response ≥ 2 on ICIQ-FLUTS question #4a". The readers name such a limit by the word
before its value; "score" alone tells an analyst nothing, the scale after "for" or "on" does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold

GENERIC = frozenset({"score", "scores", "response", "rating", "total score"})
# "for" or "on" the thing scored, after the value and an aside in brackets, before the clause ends
# (not "for boys": a group of people scores, it is not scored)
_NAMED_AFTER = lazy_re(
    r"[^.;:,()]{0,30}?(?:\([^()]{0,40}\)[^.;:,()]{0,10}?)?\b(?:for|on)\s+(?:the\s+)?"
    r"(?!(?:boys|girls|(?:wo)?men|(?:fe)?males?|patients|participants|subjects|children|adults|those)\b)"
    r"(?P<name>[A-Za-z][\w#/'+-]*(?:\s+[\w#/'+-]+){0,7}?)"
    r"\s*(?=[.;:,(]|\s+(?:at|during|and|or|will|which|that|to|in|if|when)\b|$)",
    re.I,
)


def named_after(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with each generically named limit renamed by the scale or item named after its value."""
    renamed = []
    for start, threshold in found:
        match = _NAMED_AFTER.match(text, start) if threshold.variable in GENERIC else None
        renamed.append((start, replace(threshold, variable=tidy(match.group("name"))) if match else threshold))
    return renamed
