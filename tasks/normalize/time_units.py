"""Time units and number words as time frames and windows write them, and a unit's length in days.

A day is 1, a week 7, a month 30.4375 (365.25 / 12) and a year 365.25 days; hours, minutes and
seconds are fractions of a day. ``UNIT_WORDS`` maps each spelling to its unit; ``WORD_NUMBERS``
the numbers written as words or ordinals ("one year", "second week").
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.vocabulary import NUMBER_WORDS

DAYS_PER_UNIT = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.4375,
    "year": 365.25,
}
UNIT_WORDS = {
    "second": "second",
    "seconds": "second",
    "sec": "second",
    "secs": "second",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "h": "hour",
    "day": "day",
    "days": "day",
    "d": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "w": "week",
    "month": "month",
    "months": "month",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "mounth": "month",
    "mounths": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "y": "year",
}
# counts as criteria write them, and the ordinals and articles time frames use ("a year", "second week")
WORD_NUMBERS = {"a": 1, "an": 1, "single": 1, "first": 1, "second": 2, "third": 3, **NUMBER_WORDS}

_UNIT = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
# "one and a half years", "2 and a half months"; "half a year", "a half year"
_AND_A_HALF = lazy_re(rf"\b(?P<num>\d+|{'|'.join(NUMBER_WORDS)})\s+and\s+a\s+half\s+(?=(?:{_UNIT})\b)", re.I)
_HALF_A = lazy_re(rf"\b(?:half\s+an?|an?\s+half)\s+(?=(?:{_UNIT})\b)", re.I)


def halves_as_decimals(text: str) -> str:
    """Write "one and a half years" as "1.5 years" and "half a year" as "0.5 year" (the readers count in decimals)."""
    if "half" not in text.lower():
        return text
    text = _AND_A_HALF.sub(lambda m: f"{float(WORD_NUMBERS.get(m['num'].lower()) or m['num']) + 0.5:g} ", text)
    return _HALF_A.sub("0.5 ", text)


def numbers_in(text: str) -> list[float]:
    """Numbers in a list ("0, +3, +7,+14" → 0, 3, 7, 14; "-6" stays negative)."""
    return [float(n.replace(" ", "")) for n in re.findall(r"[+-]?\s?\d+(?:\.\d+)?", text)]
