"""A window stated twice, in time and in the drug's half-lives: "within 28 days (or 5 half-lives)".

The window reader (:mod:`tasks.normalize.windows`) reads the first length; this reader adds the
same event's second limit, counted in half-lives (no length in days).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.thresholds import Threshold
from tasks.normalize.time_units import WORD_NUMBERS
from tasks.normalize.windows import COUNT

# "within 30 days (or within 5 half-lives ...)", "at least 21 days or 5 times the half-life"
_OR_HALF_LIVES = re.compile(
    r"(?P<first>\d+(?:\.\d+)?)[\s-]*(?:days?|weeks?|months?)\s*[(,]?\s*or\s+(?:within\s+)?(?:the\s+)?"
    rf"{COUNT}\s*(?:times\s+(?:the|its)\s+)?half[\s-]?li(?:fe|ves)",
    re.I,
)


def half_life_alternatives(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """The second limit of a window stated twice ("X within 30 days or 5 half-lives"), in half-lives.

    Args:
        text: the criterion.
        found: the rows read so far with their positions; the window is the nearest one before
            the alternative that states its first length.
    """
    rows: list[tuple[int, Threshold]] = []
    if "half" not in text.lower():
        return rows
    for m in _OR_HALF_LIVES.finditer(text):
        first = float(m.group("first"))
        earlier = [(start, row) for start, row in found if start <= m.start() and row.window_days is not None]
        for start, row in sorted(earlier, key=lambda item: item[0], reverse=True):
            if row.value == first:
                value = float(WORD_NUMBERS.get(m.group("num").lower()) or m.group("num"))
                rows.append((start, replace(row, value=value, unit="half-lives", window_days=None)))
                break
    return rows
