"""Numbers of years spelled out, written in digits: "Twenty-one years of age or older" → "21 years of age or older".

Ages and durations are often spelled ("eighteen years old", "aged sixty-five or over"); the
readers of ages, windows and durations read digits, so a spelled number of years (or one right
after "age"/"aged") is rewritten before they run.
"""

from __future__ import annotations

import re

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_VALUES = {word: n for n, word in enumerate(_UNITS, 1)} | {word: n for n, word in enumerate(_TEENS, 10)}
_VALUES |= {word: 10 * n for n, word in enumerate(_TENS, 2)}
SPELLED = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{'|'.join(_TENS)})(?:[\s-](?P<unit>{'|'.join(_UNITS)}))?"
    rf"|(?P<word>{'|'.join(_TEENS + _UNITS)}))(?![\w-])",
    re.I,
)
_YEARS_AFTER = re.compile(r"\s*(?:years?|yrs?)\b", re.I)
_AGE_BEFORE = re.compile(r"\bage[ds]?\s+$", re.I)


def years_in_digits(text: str) -> str:
    """``text`` with each spelled number of years (or of an age) written in digits."""
    lowered = text.lower()
    if "year" not in lowered and "age" not in lowered and "yr" not in lowered:
        return text  # a cheap test spares a scan for number words
    return SPELLED.sub(lambda match: _digits(match) if _counts_years(text, match) else match.group(), text)


def _counts_years(text: str, match: re.Match) -> bool:
    """Whether a spelled number counts years ("eighteen years") or states an age ("aged eighteen")."""
    return bool(
        _YEARS_AFTER.match(text, match.end()) or _AGE_BEFORE.search(text, max(0, match.start() - 8), match.start())
    )


def _digits(match: re.Match) -> str:
    """The number a spelled match names, in digits."""
    if match.group("tens"):
        return str(_VALUES[match.group("tens").lower()] + _VALUES.get((match.group("unit") or "").lower(), 0))
    return str(_VALUES[match.group("word").lower()])
