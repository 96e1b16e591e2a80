"""Numbers spelled out, written in digits: "Twenty-one years of age or older" → "21 years of age or older".

Ages, durations and time frames are often spelled ("eighteen years old", "aged sixty-five or
over", "forty-eight weeks", "the sixth month", "Week twelve"); the readers read digits, so a
spelled number of years (or one right after "age"/"aged") in a criterion, and a spelled count or
ordinal of time units in a time frame, is rewritten before they run.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_VALUES = {word: n for n, word in enumerate(_UNITS, 1)} | {word: n for n, word in enumerate(_TEENS, 10)}
_VALUES |= {word: 10 * n for n, word in enumerate(_TENS, 2)}
# "forty-eight", "twelve", "seven"
_BELOW_100 = (
    rf"(?:(?P<tens>{'|'.join(_TENS)})(?:[\s-](?P<unit>{'|'.join(_UNITS)}))?|(?P<word>{'|'.join(_TEENS + _UNITS)}))"
)
SPELLED = lazy_re(rf"(?<![\w-]){_BELOW_100}(?![\w-])", re.I)
# "one hundred and twenty", "two hundred": tried only where a text says "hundred" (a rare word: the scan costs)
_ANY_NUMBER_WORD = "|".join(_TENS + _TEENS + _UNITS)
SPELLED_HUNDREDS = lazy_re(
    rf"(?<![\w-])(?=(?:{_ANY_NUMBER_WORD})\b)(?:(?P<hundreds>{'|'.join(_UNITS)})[\s-]+hundred\b"
    rf"(?:(?:[\s-]+and)?[\s-]+(?=(?:{_ANY_NUMBER_WORD})\b))?)?{_BELOW_100}?(?![\w-])",
    re.I,
)
_YEARS_AFTER = lazy_re(r"\s*(?:years?|yrs?)\b", re.I)
_AGE_BEFORE = lazy_re(r"\bage[ds]?\s+$", re.I)


def years_in_digits(text: str) -> str:
    """``text`` with each spelled number of years (or of an age) written in digits."""
    lowered = text.lower()
    if "year" not in lowered and "age" not in lowered and "yr" not in lowered:
        return text  # a cheap test spares a scan for number words
    pattern = SPELLED_HUNDREDS if "hundred" in lowered else SPELLED
    return pattern.sub(lambda match: _digits(match) if _counts_years(text, match) else match.group(), text)


def _counts_years(text: str, match: re.Match) -> bool:
    """Whether a spelled number counts years ("eighteen years") or states an age ("aged eighteen")."""
    return bool(
        _YEARS_AFTER.match(text, match.end()) or _AGE_BEFORE.search(text, max(0, match.start() - 8), match.start())
    )


def _digits(match: re.Match) -> str:
    """The number a spelled match names, in digits."""
    words = (match.group(name) for name in ("tens", "unit", "word"))
    below_100 = sum(_VALUES[word.lower()] for word in words if word)
    hundreds = match.groupdict().get("hundreds")
    return str(100 * _VALUES[hundreds.lower()] + below_100 if hundreds else below_100)


_TIME_UNIT = r"(?:days?|weeks?|months?|years?|hours?|minutes?|wks?|mos?|yrs?|hrs?|mins?)\b"
# "two cycles (each cycle = 42 days)", "four 28-day cycles"
_LENGTH_OF_CYCLES = r"(?:\d+[\s-]*(?:days?|weeks?)\s+)?(?:(?:treatment|chemotherapy|therapy)\s+)?cycles?\b"
_UNIT_AFTER = lazy_re(rf"[\s-]*(?:{_TIME_UNIT}|{_LENGTH_OF_CYCLES})", re.I)
_UNIT_BEFORE = lazy_re(r"\b(?:day|week|month|year|hour|minute)s?\s+$", re.I)
_ORDINALS = (
    "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
    "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
# "the sixth month", "the twelfth week of treatment": first to third name doses and visits as often as times
ORDINAL_OF_UNIT = lazy_re(rf"\b(?P<ordinal>{'|'.join(_ORDINALS)})(?=\s+(?:[a-z-]+\s+)?{_TIME_UNIT})", re.I)


_ABBREVIATIONS = (
    (lazy_re(r"(?<![\w+-])(?:POD\s*|D\s*\+?\s*)(?=\d)"), "Day "),  # not "C3D1": a cycle's day
    (lazy_re(r"(?<![\w+-])W(?=\d)"), "Week "),
    (lazy_re(r"(?<![\w+-])M(?:o\.?\s*)?(?=\d)"), "Month "),
    (lazy_re(r"(?<=\d)\s*mos?\b\.?", re.I), " months"),
    (lazy_re(r"\b(\d{1,3}),(\d{3})(?=\s*(?:days?|weeks?|hours?|minutes?|months?)\b)", re.I), r"\1\2"),
    (lazy_re(r"\b(to|at|within|after|for|during|by)(?=\d)", re.I), r"\1 "),  # "up to12 months"
)


# units misspelt after a number ("12 monthes", "6 moths", "2 yeras", "10 dyas"); one scan that finds a digit first
_MISSPELT_UNIT = lazy_re(
    r"(\d\s*)(monthes|monhs?|moths?|monts?|mounths?|yeras|yaers|yeasr|weks|weaks|wekks|dyas|dasy)\b", re.I
)
_SPELT_AS = {"mo": "months", "ye": "years", "ya": "years", "we": "weeks", "da": "days", "dy": "days"}


def time_counts_in_digits(text: str) -> str:
    """A time frame with its spelled counts and ordinals of time units in digits ("forty-eight weeks" → "48 weeks").

    A number counts time when a unit follows it ("seventy-two hours") or precedes it ("Week twelve").
    Points abbreviated by a letter are spelled out ("D8", "D+30", "POD 3", "W12", "M6"), and so are
    "mos" and a thousands comma before a unit ("1,825 days"); units misspelt after a number are
    corrected ("12 moths").
    """
    for pattern, written in _ABBREVIATIONS:
        text = pattern.sub(written, text)
    text = _MISSPELT_UNIT.sub(lambda match: match.group(1) + _SPELT_AS[match.group(2)[:2].lower()], text)
    pattern = SPELLED_HUNDREDS if "hundred" in text.lower() else SPELLED
    text = pattern.sub(lambda match: _digits(match) if _counts_time(text, match) else match.group(), text)
    return ORDINAL_OF_UNIT.sub(lambda match: f"{_ORDINALS.index(match.group('ordinal').lower()) + 4}th", text)


def _counts_time(text: str, match: re.Match) -> bool:
    """Whether a spelled number counts time units ("fourteen days") or numbers one ("Day seven")."""
    return bool(
        _UNIT_AFTER.match(text, match.end()) or _UNIT_BEFORE.search(text, max(0, match.start() - 9), match.start())
    )
