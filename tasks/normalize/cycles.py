"""Cycles in time frames: "Cycle 5 Day 1, each cycle is 21 days" is day 85.

A cycle's days need its length, stated in the text ("each cycle is 28 days", "28-day cycles");
without it only the first cycle's days can be read ("Cycle 1 Day 15" is day 15), and a count of
cycles leaves any other stated duration standing ("after 2 cycles (about 6 weeks)" is 42).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

# Cycles: "each cycle is 28 days", "each cycle (28 days)", "28-day cycles", "cycle length: 21 days",
# "cycles are 3 weeks", "28 days per cycle", "Cycle 1 through Cycle 4 (28 days each)"; not "Up to 28 days
# Cycle 1", where the days come before a numbered cycle and are a duration of their own
_LENGTH = r"(?P<length>\d+)(?:\s*(?:±|\+/-)\s*\d+)?[\s-]*(?P<unit>days?|weeks?)\b"  # "21 ± 3 days"
# a cycle's whole length, not its dosing days ("each cycle has 14 days of treatment followed by 7 days of rest")
_WHOLE = r"(?![\s-]*(?:of|on|off|dosing|treatment|followed)\b)"
_ABOUT = r"(?:(?:a\s+)?(?:minimum|maximum|max|min|approximately|about|up\s+to)\s+(?:of\s+)?)"
CYCLE_LENGTHS = (
    lazy_re(
        rf"\bcycles?\s*(?:is|are|=|of|lasts?|lasting|(?:length|duration)(?:\s+is)?\s*[:=]?\s*{_ABOUT}?|:|\()\s*"
        rf"(?:\(\s*)?{_LENGTH}{_WHOLE}\)?",
        re.I,
    ),
    # after a verb a qualifier may come: "each cycle is a minimum of 29 days", "average is 28 days", "has 28 days"
    lazy_re(
        rf"\bcycles?\s+(?:(?:average|duration)\s+)?(?:is|are|has|have|lasts?|lasting|equals?)\s+(?:defined\s+as\s+)?"
        rf"{_ABOUT}?{_LENGTH}{_WHOLE}",
        re.I,
    ),
    lazy_re(rf"\beach\s+cycle\s+{_LENGTH}{_WHOLE}", re.I),  # "(each cycle 21 days)"
    lazy_re(rf"{_LENGTH}\s+(?:(?:treatment|chemotherapy|therapy|dosing)\s+)?cycles?\b(?!\s*\d)", re.I),
    lazy_re(rf"{_LENGTH}\s*(?:/|\s(?:per|each|a|in\s+each)\s)\s*cycle\b", re.I),  # "28 days/cycle"
    lazy_re(rf"\bcycles?\b[^.;()]{{0,30}}[(,]\s*{_ABOUT}?{_LENGTH}\s+each\b", re.I),  # "…, 28 days each"
    # "cycles, each lasting 28 days", "cycles (each 21 days)"
    lazy_re(rf"\bcycles?\s*[(,]\s*each\s+(?:lasting\s+|of\s+)?{_ABOUT}?{_LENGTH}{_WHOLE}", re.I),
)
_PER_CYCLE = 4  # "N days per cycle" is a length only when a cycle could be that long: "7 days/cycle" is dosing
MIN_PER_CYCLE_DAYS = 14
# a bracket after a count of cycles is each cycle's length when it is a usual one ("up to 2 cycles (28 days)"),
# else their total when it divides into usual ones ("after 2 cycles (8 weeks)")
USUAL_CYCLE_DAYS = (14.0, 21.0, 28.0, 35.0, 42.0)
_COUNT_BEFORE = lazy_re(r"\b(\d+)\s+$")
_NOT_A_LIST_ITEM = r"(?![\s-]*(?:days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?|hours?|hrs?|minutes?|mins?|h)\b"
# "Cycle 5 Day 1", "C2D8", "cycle 3", "6 cycles", "a maximum of 32 cycles"
CYCLE_POINT = lazy_re(
    # "up to / during / through Cycle 12" runs to the cycle's end, as "end of Cycle 12" does (as labellers
    # read it), unless the text names a day or a start (:func:`_to_the_end`)
    r"(?:(?P<end>\b(?:end|completion)\s+of\s+)|(?P<through>\b(?:during|throughout|through|up\s+to|until)\s+(?:the\s+)?))?"
    r"\b(?:(?:day\s*(?P<day_first>\d+)\s+of\s+)?cycles?\s*"
    # "end of Cycle 1 and Cycle 2": every cycle of the list
    rf"(?P<cycle>\d+(?:\s*(?:,|and|&|or|-|–|to|through)\s*(?:cycles?\s*)?\d+\b{_NOT_A_LIST_ITEM}(?!\s*\d)))*)"
    # "Cycle 3 Day 1 or Day 5", "Cycle 2 Days 1, 8 and 15", "Cycle 1 Days 1-7": every day of the list is a point
    rf"\s*,?\s*(?:days?\s*(?P<day>\d+(?:\s*(?:,|and|&|or|-|–|to|through)\s*(?:day\s*)?\d+\b{_NOT_A_LIST_ITEM}))*))?"
    r"|C(?P<c>\d+)D(?P<d>\d+))"
    # "6 cycles", "6 x 21-day cycles", "four 28-day treatment cycles": a count, its cycles' length between
    r"|\b(?P<count>\d+)\s+(?:[x×]\s*)?(?:\d+[\s-]*(?:days?|weeks?)\s+)?"
    r"(?:(?:treatment|induction|consolidation|chemotherapy|therapy)\s+)?cycles?\b",
    re.I,
)
_A_DAY_OR_START = lazy_re(r"\bdays?\s*\d|\bpre-?dose\b|\bstart|\bbegin", re.I)
# "(1 cycle = 28 days)" states the length, not a count of cycles
_LENGTH_VERB = lazy_re(
    rf"\s*(?:=|:|is\b|are\b|has\b|have\b|lasts?\b|equals?\b)\s*(?:defined\s+as\s+)?{_ABOUT}?\d+[\s-]*(?:days?|weeks?)\b",
    re.I,
)
# "Up to 35 days (1 cycle)": a count of cycles restating a stated length adds nothing; "the first
# treatment cycle" is Cycle 1 ("Up to the first treatment cycle (28 days)"), "the second cycle" Cycle 2
_RESTATED_COUNT = lazy_re(
    r"\b((?:days?|weeks?|months?|years?)\s*)\(\s*(?:(?:up\s+to|approximately|about|~)\s*)?\d+\s+(?:treatment\s+)?"
    r"cycles?\s*\)",
    re.I,
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL_CYCLE = lazy_re(
    rf"\b(?:the\s+)?(?P<ordinal>{'|'.join(_ORDINALS)})\s+(?:(?:treatment|study|chemotherapy|induction|therapy)\s+)?"
    r"cycle\b(?!\s*\d)",
    re.I,
)


def numbered_cycles(text: str) -> str:
    """``text`` with ordinal cycles numbered and a count of cycles that restates a length dropped."""
    if "cycle" not in text.lower():
        return text
    text = _RESTATED_COUNT.sub(r"\1", text)
    known = _cycle_length(text) is not None  # "day 36-42 after the second cycle": only a known length numbers it
    return _ORDINAL_CYCLE.sub(lambda match: _numbered(match, known), text)


def _numbered(ordinal: re.Match, length_known: bool) -> str:
    """The ordinal cycle as numbered: "the first cycle" is "Cycle 1", a later one only when the length is stated."""
    number = _ORDINALS.index(ordinal.group("ordinal").lower()) + 1
    return f"Cycle {number}" if number == 1 or length_known else ordinal.group()


def cycle_days(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Cycle points in days when the text states the cycle length, with the spans they read."""
    length_match = _cycle_length(text)
    if not length_match:
        points, spans = _first_cycle(text)
        # "Up to 4 cycles (azacitidine 7 days/cycle)": a length too short to be a cycle's is no time point either
        dosing = [m.span() for m in CYCLE_LENGTHS[_PER_CYCLE].finditer(text) if _days(m) < MIN_PER_CYCLE_DAYS]
        return points, spans + dosing if spans else spans
    length = _days(length_match)
    points, spans = [], [length_match.span()]
    for match in CYCLE_POINT.finditer(text):
        if match.group("count") and (_LENGTH_VERB.match(text, match.end()) or _every(match)):
            continue
        if length_match.start() <= match.start() < length_match.end():
            continue  # "(each cycle 21 days)": no Cycle 21
        points += _cycle_point_days(match, text, length)
        spans.append(match.span())
    return points, spans


def _cycle_point_days(match: re.Match, text: str, length: float) -> list[float]:
    """The days a cycle point states, given the cycle's length."""
    days = _cycles(match.group("day") or match.group("d") or match.group("day_first") or "")  # "Day 8 of Cycle 2"
    points: list[float] = []
    for cycle in _cycles(match.group("cycle") or match.group("c") or match.group("count")):  # "1 and 2", "1-6"
        if match.group("count") or (_to_the_end(match, text) and not days):
            points.append(cycle * length)  # to the end of the Nth cycle
        else:
            points += [(cycle - 1) * length + day for day in days or [1.0]]
    return points


def _cycle_length(text: str) -> re.Match | None:
    """The first statement of the cycle's length in ``text``, if any."""
    for index, pattern in enumerate(CYCLE_LENGTHS):
        for match in pattern.finditer(text):
            if index == _PER_CYCLE and _days(match) < MIN_PER_CYCLE_DAYS:
                continue
            count = _COUNT_BEFORE.search(text, 0, match.start()) if index == 0 and "(" in match.group() else None
            if (
                count
                and _days(match) not in USUAL_CYCLE_DAYS
                and _days(match) / int(count.group(1)) in USUAL_CYCLE_DAYS
            ):
                continue  # "after 2 cycles (8 weeks)": the total
            return match
    return None


def _days(length: re.Match) -> float:
    """A stated length in days."""
    return float(length.group("length")) * (7 if length.group("unit").lower().startswith("w") else 1)


def _to_the_end(match: re.Match, text: str) -> bool:
    """Whether a point runs to its cycle's end: "end of Cycle 2"; "up to Cycle 6" unless a day or start is named."""
    return bool(match.group("end") or (match.group("through") and not _A_DAY_OR_START.search(text)))


# "each subsequent cycle", "every cycle": cycles with no last one
_ENDLESS = r"\b(?:each|every|subsequent|following|later)\s+(?:\w+\s+)?cycles?\b"
_ENDLESS_CYCLES = lazy_re(_ENDLESS, re.I)
# "Cycle 2", "each subsequent cycle", "every cycle": any cycle but the first needs the cycle's length
_OTHER_CYCLES = lazy_re(rf"\bcycles\b|{_ENDLESS}", re.I)


def cycle_length_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` states a cycle's length: a length, not a time point ("Days 1, 8, 15 of each 21-day cycle")."""
    return [match.span() for pattern in CYCLE_LENGTHS for match in pattern.finditer(text)]


def _cycles(written: str) -> list[float]:
    """The cycle numbers of a list or range ("1, 2 and 3", "1-6": both ends)."""
    return [float(number) for number in re.findall(r"\d+", written)]


def _first_cycle(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Days of the first cycle, which need no cycle length ("Cycle 1 Day 15" is day 15), with their spans.

    Nothing when any other cycle (or "subsequent cycles") is named: those need the cycle's length.
    The first cycle's end counts only with its length in a bracket after it ("End of Cycle 1 (28
    days)"); a count of cycles counts nothing, and the text's other durations stand.
    """
    matches = list(CYCLE_POINT.finditer(text))
    counts = [match for match in matches if match.group("count")]
    if _OTHER_CYCLES.search(_blanked(text, [match.span() for match in counts])):
        return [], []
    points, spans = [], [_count_span(match) for match in counts]
    if counts:  # "up to 6 cycles (venetoclax Days 1-28)": days of a counted cycle are its dosing days
        spans += [match.span() for match in _DAYS_OF_A_CYCLE.finditer(text)]
    for match in matches:
        if match.group("count"):
            continue
        if _cycles(match.group("cycle") or match.group("c")) != [1.0]:
            return [], []
        days, span = _first_cycle_point(match, text)
        points += days
        spans.append(span)
    return points, spans


def _first_cycle_point(match: re.Match, text: str) -> tuple[list[float], tuple[int, int]]:
    """The days a point of the first cycle states, with the span it takes."""
    days = _cycles(match.group("day") or match.group("d") or match.group("day_first") or "")
    bracket = _FIRST_CYCLE_LENGTH.match(text, match.end()) if _to_the_end(match, text) and not days else None
    if bracket:  # "End of Cycle 1 (28 days)": the length in the bracket
        return [_days(bracket)], (match.start(), bracket.end())
    # a cycle's number without its day is no time point, but stays readable: "the first cycle, 21 days"
    return days, match.span() if days or match.group("c") else (match.start(), match.start("cycle"))


# "Cycle 4 (approximately 12 weeks)", "Cycle 3 Day 1 (Week 7)": a bracket that places the point
_RESTATING_BRACKET = lazy_re(
    r"\s*\([^()]{0,20}?\b(?:(?P<length>\d+)\s*(?P<unit>days?|weeks?|months?)|(?:day|week|month)\s*\d+)\b\s*\)", re.I
)


def latest_cycle_day(text: str) -> tuple[float | None, list[tuple[int, int]]]:
    """The latest day the cycles of ``text`` could name if each lasted the longest usual length, with their spans.

    For a text that does not state its cycles' length: "Cycle 3 Day 1, up to 12 months" ends at 12
    months whatever the length, as Cycle 3 starts by day 85; "Cycle 4 (week 12)" says when it is.
    ``None`` when cycles have no last one.
    """
    if _ENDLESS_CYCLES.search(text):
        return None, []
    latest, spans = 0.0, []
    for match in CYCLE_POINT.finditer(text):
        if match.group("count") and _every(match):
            spans.append(_count_span(match))  # a schedule's period is no point
            continue
        if _placed_by_bracket(text, match.end()):
            spans.append(match.span())  # the bracket says when the point is: read there
            continue
        longest = max(USUAL_CYCLE_DAYS)
        if match.group("day") or match.group("d") or match.group("day_first"):
            latest = max(latest, *_cycle_point_days(match, text, longest))
        else:  # a cycle named without a day may mean its end ("Cycle 4 end"): the latest is that end
            named = match.group("cycle") or match.group("c") or match.group("count")
            latest = max(latest, *(cycle * longest for cycle in _cycles(named or "")))
        spans.append(match.span())
    return latest, spans


def _placed_by_bracket(text: str, end: int) -> bool:
    """Whether a bracket at ``end`` says when a cycle point is; "(28 days)" may be the cycle's length instead."""
    bracket = _RESTATING_BRACKET.match(text, end)
    is_month = bool(bracket and bracket.group("unit") and bracket.group("unit").lower().startswith("m"))
    return bool(bracket) and (not bracket.group("length") or is_month or _days(bracket) not in USUAL_CYCLE_DAYS)


def _count_span(count: re.Match) -> tuple[int, int]:
    """A count's span; a schedule's period takes the bracket that states it ("every 2 cycles (8 weeks)")."""
    bracket = _BRACKET.match(count.string, count.end()) if _every(count) else None
    return (count.start(), bracket.end() if bracket else count.end())


_BRACKET = lazy_re(r"\s*\([^()]*\)")


def _every(count: re.Match) -> bool:
    """Whether a count of cycles is a schedule's period ("every 3 cycles"), which has no end of its own."""
    return bool(_EVERY.search(count.string, max(0, count.start() - 8), count.start()))


_EVERY = lazy_re(r"\bevery\s+$", re.I)
_DAYS_OF_A_CYCLE = lazy_re(r"\bdays?\s*\d+(?:\s*(?:-|–|to|and|,|or|&)\s*\d+)*", re.I)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_FIRST_CYCLE_LENGTH = lazy_re(rf"\s*\(\s*(?:(?:up\s+to|approximately|about|~)\s*)?{_LENGTH}\s*\)", re.I)
