"""Cycles in time frames: "Cycle 5 Day 1, each cycle is 21 days" is day 85.

A cycle's days need its length, stated in the text ("each cycle is 28 days", "28-day cycles");
without it only the first cycle's days can be read ("Cycle 1 Day 15" is day 15).
"""

from __future__ import annotations

import re

# Cycles: "each cycle is 28 days", "each cycle (28 days)", "28-day cycles", "cycle length: 21 days",
# "cycles are 3 weeks", "28 days per cycle", "Cycle 1 through Cycle 4 (28 days each)"; not "Up to 28 days
# Cycle 1", where the days come before a numbered cycle and are a duration of their own
_LENGTH = r"(?P<length>\d+)[\s-]*(?P<unit>days?|weeks?)"
CYCLE_LENGTHS = (
    # "each cycle average is 28 days", "cycle length=28 days", "each cycle is a minimum of 29 days", "has 28 days"
    re.compile(
        rf"\bcycles?\s*(?:(?:average|duration)\s+)?(?:is|are|has|have|=|of|lasts?|length(?:\s+is)?\s*[:=]?|:|\()\s*"
        rf"(?:\(\s*)?(?:(?:a\s+)?(?:minimum|maximum|max|min|approximately|about|up\s+to)\s+(?:of\s+)?)?{_LENGTH}\)?",
        re.I,
    ),
    re.compile(rf"{_LENGTH}\s+cycles?\b(?!\s*\d)", re.I),
    re.compile(rf"{_LENGTH}\s*(?:/|\s(?:per|each|a|in\s+each)\s)\s*cycle\b", re.I),  # "28 days/cycle"
    re.compile(rf"\bcycles?\b[^.;()]{{0,30}}\(\s*{_LENGTH}\s+each\s*\)", re.I),
)
# "Cycle 5 Day 1", "C2D8", "cycle 3", "6 cycles", "a maximum of 32 cycles"
CYCLE_POINT = re.compile(
    # "up to / during / through Cycle 12" is to the cycle's end, as "end of Cycle 12" is (as labellers read it);
    # "end of Cycle 1 and Cycle 2": the end of each cycle of the list
    r"(?P<end>\b(?:end|completion)\s+of\s+|\b(?:during|throughout|through|up\s+to|until)\s+(?:the\s+)?)?"
    r"\b(?:(?:day\s*(?P<day_first>\d+)\s+of\s+)?cycles?\s*"
    r"(?P<cycle>\d+(?:\s*(?:,|and|&|or|-|–|to|through)\s*(?:cycles?\s*)?\d+\b"
    r"(?![\s-]*(?:days?|weeks?|months?)\b(?!\s*\d)))*)"
    # "Cycle 3 Day 1 or Day 5", "Cycle 2 Days 1, 8 and 15": every day of the list is a point
    r"\s*,?\s*(?:days?\s*(?P<day>\d+(?:\s*(?:,|and|&|or)\s*(?:day\s*)?\d+\b(?![\s-]*(?:days?|weeks?|months?)\b))*))?"
    r"|C(?P<c>\d+)D(?P<d>\d+))"
    r"|\b(?P<count>\d+)\s+cycles?\b",
    re.I,
)


_LENGTH_VERB = re.compile(r"\s*(?:=|:|is\b|are\b|has\b|have\b|lasts?\b)", re.I)
# "Up to 35 days (1 cycle)": a count of cycles restating a stated length adds nothing; "the first
# treatment cycle" is Cycle 1 ("Up to the first treatment cycle (28 days)")
_RESTATED_COUNT = re.compile(r"\b((?:days?|weeks?|months?)\s*)\(\s*\d+\s+(?:treatment\s+)?cycles?\s*\)", re.I)
_FIRST_CYCLE = re.compile(
    r"\b(?:the\s+)?first\s+(?:(?:treatment|study|chemotherapy|induction|therapy)\s+)?cycle\b(?!\s*\d)", re.I
)


def numbered_cycles(text: str) -> str:
    """``text`` with the first cycle numbered and a count of cycles that restates a length dropped."""
    if "cycle" not in text.lower():
        return text
    return _FIRST_CYCLE.sub("Cycle 1", _RESTATED_COUNT.sub(r"\1", text))


def cycle_days(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Cycle points in days when the text states the cycle length, with the spans they read."""
    length_match = next(filter(None, (pattern.search(text) for pattern in CYCLE_LENGTHS)), None)
    if not length_match:
        return _first_cycle(text)
    length = float(length_match.group("length")) * (7 if length_match.group("unit").lower().startswith("w") else 1)
    points, spans = [], [length_match.span()]
    for match in CYCLE_POINT.finditer(text):
        if match.group("count") and _LENGTH_VERB.match(text, match.end()):
            continue  # "(1 cycle = 28 days)" states the length, not a count of cycles
        days = _cycles(match.group("day") or match.group("d") or match.group("day_first") or "")  # "Day 8 of Cycle 2"
        for cycle in _cycles(match.group("cycle") or match.group("c") or match.group("count")):  # "1 and 2", "1-6"
            if match.group("count") or (match.group("end") and not days):
                points.append(cycle * length)  # to the end of the Nth cycle
            else:
                points += [(cycle - 1) * length + day for day in days or [1.0]]
        spans.append(match.span())
    return points, spans


# "Cycle 2", "each subsequent cycle", "every cycle": any cycle but the first needs the cycle's length
_OTHER_CYCLES = re.compile(r"\bcycles\b|\b(?:each|every|subsequent|following|later)\s+(?:\w+\s+)?cycle\b", re.I)


def cycle_length_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` states a cycle's length: a length, not a time point ("Days 1, 8, 15 of each 21-day cycle")."""
    return [match.span() for pattern in CYCLE_LENGTHS for match in pattern.finditer(text)]


def _cycles(written: str) -> list[float]:
    """The cycle numbers of a list or range ("1, 2 and 3", "1-6": both ends)."""
    return [float(number) for number in re.findall(r"\d+", written)]


def _first_cycle(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Days of the first cycle, which need no cycle length ("Cycle 1 Day 15" is day 15), with their spans.

    Nothing when any other cycle (or "subsequent cycles") is named: those need the cycle's length;
    the first cycle's end counts only with its length in a bracket after it ("End of Cycle 1 (28 days)").
    """
    if _OTHER_CYCLES.search(text):
        return [], []
    points, spans = [], []
    for match in CYCLE_POINT.finditer(text):
        if match.group("count") or _cycles(match.group("cycle") or match.group("c")) != [1.0]:
            return [], []
        days = _cycles(match.group("day") or match.group("d") or match.group("day_first") or "")
        if match.group("end") and not days:  # to the first cycle's end, which needs its length
            bracket = _FIRST_CYCLE_LENGTH.match(text, match.end())
            if bracket:  # "End of Cycle 1 (28 days)": the length in the bracket
                points.append(
                    float(bracket.group("length")) * (7 if bracket.group("unit").lower().startswith("w") else 1)
                )
            spans.append((match.start(), bracket.end() if bracket else match.end()))
            continue  # without one, "during the first cycle (max. 35 days)": the other points stand
        points += days
        spans.append(match.span())
    return points, spans


_FIRST_CYCLE_LENGTH = re.compile(rf"\s*\(\s*(?:(?:up\s+to|approximately|about|~)\s*)?{_LENGTH}\s*\)", re.I)
