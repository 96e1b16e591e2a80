"""A window stated twice, in time and in the drug's half-lives: "within 28 days (or 5 half-lives)".

The window reader (:mod:`tasks.normalize.windows`) reads the first length; this reader adds the
same event's second limit, counted in half-lives (no length in days), or in time when the
half-lives come first ("within 5 half-lives or 28 days").
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold
from tasks.normalize.time_units import DAYS_PER_UNIT, UNIT_WORDS, WORD_NUMBERS
from tasks.normalize.vocabulary import NUMBER_WORDS
from tasks.normalize.window_patterns import COUNT, HALF_LIVES

# "within 30 days (or within 5 half-lives ...)", "at least 21 days or 5 times the half-life", "less than 4
# weeks or less than 5 half-lives"; the first length's anchor may come between: "within 2 weeks prior to
# Day 1 or five half-lives"; the first length in words too ("≥ two weeks prior to screening or 5 half-lives")
_OR_HALF_LIVES = lazy_re(
    r"(?P<first>\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b)[\s-]*(?:days?|weeks?|months?)"
    r"(?:\s+(?:before|prior\s+to|preceding)\s+[^,;.()]{1,60}?)?"
    r"\s*[(,]?\s*or\s+(?:within\s+|(?:less|fewer)\s+than\s+|<\s*)?(?:the\s+)?"
    rf"{COUNT}\s*(?:times\s+(?:(?:the|its)\s+)?)?{HALF_LIVES}",
    re.I,
)
_OR_TIME = lazy_re(
    rf"{COUNT}\s*(?:times\s+(?:the|its)\s+)?half[\s-]?li(?:fe|ves)\s*[(,]?\s*or\s+(?:within\s+)?"
    r"(?P<length>\d+(?:\.\d+)?)[\s-]*(?P<unit>days?|weeks?|months?)\b",
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
        half_lives = float(WORD_NUMBERS.get(m.group("num").lower()) or m.group("num"))
        first = float(WORD_NUMBERS.get(m.group("first").lower()) or m.group("first"))
        window = _window_before(found, m.start(), first, in_half_lives=False)
        if window:
            rows.append((window[0], replace(window[1], value=half_lives, unit="half-lives", window_days=None)))
    for m in _OR_TIME.finditer(text):  # "within 5 half-lives or 28 days, whichever is longer"
        half_lives = float(WORD_NUMBERS.get(m.group("num").lower()) or m.group("num"))
        window = _window_before(found, m.start(), half_lives, in_half_lives=True)
        if window:
            length, unit = float(m.group("length")), UNIT_WORDS[m.group("unit").lower()]
            days = round(length * DAYS_PER_UNIT[unit], 4)
            rows.append((window[0], replace(window[1], value=length, unit=unit + "s", window_days=days)))
    return rows


def _window_before(
    found: list[tuple[int, Threshold]], end: int, value: float, *, in_half_lives: bool
) -> tuple[int, Threshold] | None:
    """The nearest window or length of time read before ``end`` whose first length is ``value``.

    In half-lives or in time ("< 28 days or 5 half-lives" is a length the statement reader read).
    """
    earlier = [
        (start, row)
        for start, row in found
        if start <= end and (row.unit == "half-lives" if in_half_lives else _in_time(row))
    ]
    return next((item for item in sorted(earlier, key=lambda item: -item[0]) if item[1].value == value), None)


def _in_time(row: Threshold) -> bool:
    """Whether a row is a window or a length in days, weeks or months."""
    return row.window_days is not None or (row.unit or "").lower().removesuffix("s") in ("day", "week", "month")
