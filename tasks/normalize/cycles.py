"""Cycles in time frames: "Cycle 5 Day 1, each cycle is 21 days" is day 85.

A cycle's days need its length, stated in the text ("each cycle is 28 days", "28-day cycles");
without it only the first cycle's days can be read ("Cycle 1 Day 15" is day 15).
"""

from __future__ import annotations

import re

from tasks.normalize.time_units import numbers_in

# Cycles: "each cycle is 28 days", "each cycle (28 days)", "28-day cycles", "cycle length 21 days";
# not "Up to 28 days Cycle 1", where the days come before a numbered cycle and are a duration of their own
CYCLE_LENGTH = re.compile(
    r"\bcycles?\s*(?:is|=|of|lasts?|length(?:\s+is)?|:|\()\s*(?:\(\s*)?(?P<length>\d+)[\s-]*days?\)?"
    r"|(?P<length2>\d+)[\s-]*days?\s+cycles?\b(?!\s*\d)",
    re.I,
)
# "Cycle 5 Day 1", "C2D8", "cycle 3", "6 cycles", "a maximum of 32 cycles"
CYCLE_POINT = re.compile(
    r"(?P<end>\bend\s+of\s+)?\b(?:cycles?\s*(?P<cycle>\d+(?:\s*(?:,|and|&|or)\s*\d+\b(?![\s-]*(?:days?|weeks?|months?)\b))*)"
    r"\s*,?\s*(?:day\s*(?P<day>\d+))?"
    r"|C(?P<c>\d+)D(?P<d>\d+))"
    r"|\b(?P<count>\d+)\s+cycles?\b",
    re.I,
)


def cycle_days(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Cycle points in days when the text states the cycle length, with the spans they read."""
    length_match = CYCLE_LENGTH.search(text)
    if not length_match:
        return _first_cycle(text)
    length = float(length_match.group("length") or length_match.group("length2"))
    points, spans = [], [length_match.span()]
    for match in CYCLE_POINT.finditer(text):
        day = match.group("day") or match.group("d")
        for cycle in numbers_in(match.group("cycle") or match.group("c") or match.group("count")):  # "1 and 2"
            if match.group("count") or (match.group("end") and not day):
                points.append(cycle * length)  # to the end of the Nth cycle
            else:
                points.append((cycle - 1) * length + float(day or 1))
        spans.append(match.span())
    return points, spans


def _first_cycle(text: str) -> tuple[list[float], list[tuple[int, int]]]:
    """Days of the first cycle, which need no cycle length ("Cycle 1 Day 15" is day 15), with their spans.

    Nothing when any other cycle (or the end of one, or "subsequent cycles") is named: those
    need the cycle's length.
    """
    if re.search(r"\bcycles\b", text, re.I):
        return [], []
    points, spans = [], []
    for match in CYCLE_POINT.finditer(text):
        if match.group("count") or match.group("end") or numbers_in(match.group("cycle") or match.group("c")) != [1]:
            return [], []
        day = match.group("day") or match.group("d")
        points += [float(day)] if day else []
        spans.append(match.span())
    return points, spans
