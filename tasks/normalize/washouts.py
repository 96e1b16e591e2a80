"""A washout stated by its length: "A 1-week washout is permitted", "a 5-half-life washout of the agent".

Criteria that allow a recent treatment often ask for a washout of a stated length before the
study starts. The labelling guide reads a bare length as "=" (no comparator is written), named as
written ("washout", "wash-out period"); "a washout of at least 5 half-lives" is a statement the
open reader reads with its comparator.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold
from tasks.normalize.window_patterns import COUNT, UNIT
from tasks.normalize.windows import window_row

_WASHOUT = lazy_re(
    rf"\b{COUNT}[\s-]*{UNIT}[\s-]+(?P<name>wash[\s-]?out(?:\s+period)?)\b",
    re.I,
)


def washouts(text: str) -> list[tuple[int, Threshold]]:
    """Each washout of a stated length, as ``=`` its length (in days too, where the unit is one of time)."""
    if "ash" not in text:
        return []
    return [(m.start(), window_row(m.group("name").lower(), "=", m, None)) for m in _WASHOUT.finditer(text)]
