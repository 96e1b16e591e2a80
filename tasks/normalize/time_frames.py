"""Time frames in days: every time point a time frame lists, its horizon, and its anchor.

Conversion: a day is 1, a week 7, a month 30.4375 (365.25 / 12) and a year 365.25 days;
hours and minutes are fractions of a day. Baseline and screening are day 0. A time point
before the anchor ("Day -6", "the 7th day before first dose") is negative. The horizon
is the latest time point; a text with no time point ("through study completion") has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tasks.normalize import CACHE_SIZE
from tasks.normalize.anchors import anchor_of
from tasks.normalize.cycles import CYCLE_POINT, cycle_days, cycle_length_spans, latest_cycle_day, numbered_cycles
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.spelled import time_counts_in_digits
from tasks.normalize.time_units import DAYS_PER_UNIT, UNIT_WORDS, WORD_NUMBERS, halves_as_decimals, numbers_in

_LONG_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mths?|mounths?|years?|yrs?)"
_SHORT_UNIT = r"(?:h|d|w|y|mo|mos)"
_NUM = r"[+-]?\s?\d+(?:\.\d+)?"
_SEP = r"(?:\s*(?:,|;|\band\b|\bor\b|&|\+|/|\bto\b|\bthrough\b|-|–))*\s*"
# "Day 1", "day +28", "month 6, 12, 18 and 24", "Week0, 2, 4", "D 8"; not the number of another unit
# ("Day 1-60 months", "day 80 through 1 year": the last number counts months, years)
UNIT_THEN_NUMBERS = lazy_re(
    rf"\b(?P<unit>{_LONG_UNIT})(?![-–]\s)\s*(?P<nums>{_NUM}(?:{_SEP}{_NUM})*)(?!\.?\d|\s*-?{_LONG_UNIT}\b)", re.I
)
# "4, 8, and 12 weeks", "1-6 months", "24h", "2years", "28 (±4) days"
NUMBERS_THEN_UNIT = lazy_re(
    rf"(?<![\w.])(?P<nums>\d+(?:\.\d+)?(?:\s*(?:,|\band\b|\bor\b|&|-|–|\bto\b)+\s*\d+(?:\.\d+)?)*)"
    rf"(?:\s*\([^()]{{0,12}}\))?\s*-?\s*(?P<unit>{_LONG_UNIT}|{_SHORT_UNIT})\b",
    re.I,
)
ORDINAL = lazy_re(
    rf"\b(?P<num>\d+)(?:st|nd|rd|th)\s+(?:post-?operative\s+|postop\s+)?(?P<unit>{_LONG_UNIT})\b"
    r"(?P<before>\s+(?:before|prior))?",
    re.I,
)
# "six months", and the compound adjective "six-month follow-up"
WORD_NUMBER = lazy_re(rf"\b(?P<word>{'|'.join(WORD_NUMBERS)})(?:\s+|\s*-\s*)(?P<unit>{_LONG_UNIT})\b", re.I)
EVERY = lazy_re(
    rf"\bevery\s+(?P<step>\d+(?:\.\d+)?)\s*(?P<unit>{_LONG_UNIT})\s+(?:until|up\s*to|through|to|for)\s+"
    rf"(?:the\s+)?(?P<limit>\d+(?:\.\d+)?)\s*(?P<limit_unit>{_LONG_UNIT})",
    re.I,
)
ANNUALLY = lazy_re(rf"\bannually\s+(?:until|up\s*to|through|for)\s+(?P<limit>\d+)\s*(?P<unit>{_LONG_UNIT})", re.I)
DAY_ZERO = lazy_re(
    r"\b(?:baseline|base-line|screening|pre-?dose|pre-?infusion|day\s+of\s+infusion|pre-?treatment|"
    r"pre-?intervention|pre-?operative(?:ly)?|(?:on|at)\s+admission|"
    r"before\s+the\s+start\s+of\s+(?:the\s+)?(?:therapy|treatment)|"
    r"(?:at\s+)?the\s+(?:beginning|start)\s+of\s+(?:the\s+)?(?:study|trial)|"
    r"(?:at|on)\s+(?:the\s+time\s+of\s+)?(?:enrol+(?:ment)?|randomi[sz]ation|inclusion))\b",
    re.I,
)
# "Baseline and immediately after the intervention": a later point with no number, so no horizon
LATER_UNNUMBERED = lazy_re(
    r"\bafter\b|\bpost[- ]?(?:intervention|treatment|operative(?:ly)?|op|surgery|procedure)\b|\bend\s+of\b|"
    r"\bcompletion\b|\bdischarge\b|\bthroughout\b|\buntil\b|\bfollow[- ]?up\b",
    re.I,
)
# "the first postoperative day" is day 1, "the second post-infusion week" week 2
ORDINAL_WORD = lazy_re(
    r"\b(?P<word>first|second|third)\s+post-?(?:operative|op|infusion|treatment|surgery|surgical)\s+(?P<unit>day|week)\b",
    re.I,
)
# "the day before surgery" is -1, "the day after" 1
THE_DAY = lazy_re(r"\bthe\s+(?:day|night)\s+(?P<side>before|prior\s+to|after|following)\b", re.I)
# "3 days before surgery": a point before the anchor is negative
BEFORE = lazy_re(
    rf"\b(?P<num>\d+(?:\.\d+)?|{'|'.join(WORD_NUMBERS)})\s*(?P<unit>{_LONG_UNIT})\s+(?:before|prior\s+to|preceding)\b",
    re.I,
)
# "the final 7 days of the study": a window whose end is not stated gives no point
UNANCHORED_WINDOW = lazy_re(rf"\b(?:final|last)\s+\d+(?:\.\d+)?\s*{_LONG_UNIT}\s+of\b", re.I)
# "Day 39 + 48 hours": a point and an offset from it
OFFSET = lazy_re(  # "Day 39 + 48 hours", "168 days + 36 days"
    rf"\b(?:(?P<unit>{_LONG_UNIT})\s*(?P<num>\d+(?:\.\d+)?)|(?P<num_first>\d+(?:\.\d+)?)\s*(?P<unit_after>{_LONG_UNIT}))"
    rf"\s*\+\s*(?P<off>\d+(?:\.\d+)?)\s*(?P<off_unit>{_LONG_UNIT})\b",
    re.I,
)
# "5 years and 2 months": a larger unit then a smaller one add up ("6 months, 2 weeks" is a list)
COMPOUND = lazy_re(
    rf"\b(?P<n1>\d+(?:\.\d+)?)\s*(?P<u1>{_LONG_UNIT})\s*(?:,?\s*and)?\s*(?P<n2>\d+(?:\.\d+)?)\s*(?P<u2>{_LONG_UNIT})\b",
    re.I,
)
_PLUS_MINUS = r"(?:±|\+\s*/\s*-)"  # "±", "+/-"
PLUS_MINUS = lazy_re(
    rf"(?:\b(?P<point_unit>{_LONG_UNIT})\s*)?(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*{_PLUS_MINUS}\s*\d+(?:\.\d+)?\s*"
    rf"(?P<unit>{_LONG_UNIT})\b",
    re.I,
)
# "at noon (+/- 2 hours)", "12 months ± 60 days": a tolerance on its own is no time point; not
# "24 (±15 minutes) hours", where the bracket sits between a number and its unit
TOLERANCE = lazy_re(
    rf"{_PLUS_MINUS}\s*\d+(?:\.\d+)?\s*{_LONG_UNIT}\b(?!\s*\)\s*-?\s*(?:{_LONG_UNIT}|{_SHORT_UNIT})\b)", re.I
)
# "Day 0, 24 weeks": a list whose last item has a unit of its own
LIST_WITH_OWN_UNIT = lazy_re(
    rf"\b(?P<unit>{_LONG_UNIT})\s*(?P<nums>{_NUM}(?:\s*,\s*{_NUM})*)\s*(?:,|;|&|\band\b)\s*"
    rf"(?P<last>\d+(?:\.\d+)?)\s*(?P<last_unit>{_LONG_UNIT})\b",
    re.I,
)
# "every 8 weeks until progression", "every 12 weeks unless consent is withdrawn": a schedule that
# goes on with no number after it states no horizon (one bounded later, "… up to 3 years", does)
# "every 9 weeks (± 7 days) until progression": a visit window is no number of the schedule's
OPEN_SCHEDULE = lazy_re(
    rf"\bevery\s+(?:\d+(?:\.\d+)?\s*)?{_LONG_UNIT}\b(?P<rest>(?:[^\d]|\(\s*{_PLUS_MINUS}\s*\d+\s*[a-z]*\s*\))*)$", re.I
)


@dataclass(frozen=True)
class TimeFrame:
    """A parsed time frame: time points in days (sorted, distinct), the horizon, the anchor."""

    timepoints_days: tuple[float, ...]
    horizon_days: float | None
    anchor: str | None


@lru_cache(maxsize=CACHE_SIZE)
def parse_time_frame(text: str | None) -> TimeFrame:
    """Read every time point of ``text`` in days.

    Args:
        text: A registry time frame ("at month 3 and month 6 of first infusion").

    Returns:
        The time points, the horizon (latest point) and the named anchor, if any.
    """
    if not text:
        return TimeFrame((), None, None)
    text = numbered_cycles(time_counts_in_digits(halves_as_decimals(text[:2000])))
    if OPEN_SCHEDULE.search(text):
        return TimeFrame((), None, anchor_of(text))
    points: list[float] = []
    taken: list[tuple[int, int]] = []  # spans already read: a later reader may not read them again
    latest_cycle: float | None = 0.0  # the latest day cycles of an unstated length could name
    if CYCLE_POINT.search(text):
        cycle_points, cycle_spans = cycle_days(text)
        if not cycle_points and not cycle_spans:
            latest_cycle, cycle_spans = latest_cycle_day(text)
        points += cycle_points
        taken += cycle_spans
    elif "cycle" in text.lower():
        taken += cycle_length_spans(text)
    points += _read_points(text, taken)
    if latest_cycle is None or (latest_cycle and max(points, default=0.0) < latest_cycle):
        return TimeFrame((), None, anchor_of(text))  # cycles of an unstated length might end later: no horizon
    if DAY_ZERO.search(text):
        if not points and LATER_UNNUMBERED.search(text):
            return TimeFrame((), None, anchor_of(text))
        points.append(0.0)
    distinct = tuple(sorted({round(p, 6) for p in points}))
    horizon = max(distinct) if distinct else None
    return TimeFrame(distinct, horizon, anchor_of(text))


def _read_points(text: str, taken: list[tuple[int, int]]) -> list[float]:
    """Every time point the readers find in ``text``, each reading only spans no earlier reader took.

    ``taken`` grows with the span of every match a reader accepted; the readers go from the most
    specific shape ("3 days before", "Day 39 + 48 hours") to the most general ("Week 12").
    """
    points: list[float] = []
    for pattern, read in _POINT_READERS:
        for match in _untaken(pattern, text, taken):
            values = read(match)
            if values:
                points += [value for value in values if value is not None]
                taken.append(match.span())
    return points


def _untaken(pattern: re.Pattern, text: str, taken: list[tuple[int, int]]) -> Iterator[re.Match]:
    """The matches of ``pattern`` that overlap no taken span.

    One that begins inside a taken span is tried again right after it: in "Cycle 6 Day 1 or 2 years"
    the cycle took "Cycle 6 Day 1", and "1 or 2 years" is read again as "2 years".
    """
    position = 0
    while (match := pattern.search(text, position)) is not None:
        inside = next((end for start, end in taken if start <= match.start() < end), None)
        if inside is not None and inside < match.end():
            position = inside
        elif any(start < match.end() and match.start() < end for start, end in taken):
            position = max(match.end(), position + 1)
        else:
            yield match
            position = max(match.end(), position + 1)


def _days(value: float, unit: str) -> float:
    """Convert ``value`` ``unit`` to days."""
    return value * DAYS_PER_UNIT[UNIT_WORDS[unit.lower()]]


def _unit_then_numbers(match: re.Match) -> list[float]:
    nums = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", " to ", match.group("nums"))  # "Day 14-17" is a range, not -17
    return [_days(n, match.group("unit")) for n in numbers_in(nums)]


def _before(match: re.Match) -> list[float]:
    written = match.group("num").lower()
    return [-_days(float(WORD_NUMBERS.get(written) or written), match.group("unit"))]


def _offset(match: re.Match) -> list[float]:
    start = float(match.group("num") or match.group("num_first"))
    return [
        _days(start, match.group("unit") or match.group("unit_after"))
        + _days(float(match.group("off")), match.group("off_unit"))
    ]


def _compound(match: re.Match) -> list[float]:
    first = _days(float(match.group("n1")), match.group("u1"))
    second = _days(float(match.group("n2")), match.group("u2"))
    if _days(1, match.group("u1")) <= _days(1, match.group("u2")):
        return []  # "4 weeks and 6 months" is a list, read elsewhere
    return [first + second]


def _numbers_then_unit(match: re.Match) -> list[float]:
    unit = match.group("unit")
    values = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", match.group("nums"))]
    return [_days(v, unit) for v in values]


def _list_with_own_unit(match: re.Match) -> list[float]:
    if UNIT_WORDS[match.group("unit").lower()] == UNIT_WORDS[match.group("last_unit").lower()]:
        return []  # "Day 1, 15 days": one unit, read as a list by the general readers
    values = [_days(n, match.group("unit")) for n in numbers_in(match.group("nums"))]
    return [*values, _days(float(match.group("last")), match.group("last_unit"))]


def _plus_minus(match: re.Match) -> list[float]:
    return [_days(float(match.group("num")), match.group("point_unit") or match.group("unit"))]


def _ordinal(match: re.Match) -> list[float]:
    value = _days(float(match.group("num")), match.group("unit"))
    return [-value if match.group("before") else value]


def _word_number(match: re.Match) -> list[float]:
    return [_days(WORD_NUMBERS[match.group("word").lower()], match.group("unit"))]


def _every(match: re.Match) -> list[float]:
    step = _days(float(match.group("step")), match.group("unit"))
    limit = _days(float(match.group("limit")), match.group("limit_unit"))
    if step <= 0:
        return []
    count = min(int(limit // step + 1e-9), 500)
    return [step * k for k in range(1, count + 1)] or [limit]


def _annually(match: re.Match) -> list[float]:
    limit = _days(float(match.group("limit")), match.group("unit"))
    years = min(int(limit // 365.25 + 1e-9), 100)
    return [365.25 * k for k in range(1, years + 1)]


# Each shape and its reader, most specific first: a span one reads is not read again by the next.
_POINT_READERS = (
    (UNANCHORED_WINDOW, lambda match: [None]),
    (THE_DAY, lambda match: [-1.0 if match.group("side").lower().startswith(("before", "prior")) else 1.0]),
    (ORDINAL_WORD, _word_number),
    (BEFORE, _before),
    (OFFSET, _offset),
    (COMPOUND, _compound),
    (EVERY, _every),
    (ANNUALLY, _annually),
    (PLUS_MINUS, _plus_minus),
    (TOLERANCE, lambda match: [None]),
    (LIST_WITH_OWN_UNIT, _list_with_own_unit),
    (ORDINAL, _ordinal),
    (UNIT_THEN_NUMBERS, _unit_then_numbers),
    (NUMBERS_THEN_UNIT, _numbers_then_unit),
    (WORD_NUMBER, _word_number),
)
