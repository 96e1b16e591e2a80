"""Digits glued between a MedPath row's name and its time frame: whose are they?

"Reach-26 months" and "Percent increase in GLP-16 months" cannot be cut by the row alone: the
name may end in a number and the time frame open with one. The table's other rows and the
row's own description tell (:mod:`tasks.parsers.medpath_tables` reads the rows).
"""

from __future__ import annotations

import re
from collections import Counter

from tasks.parsers.records import Endpoint
from tasks.parsers.timeframe_text import TIME_UNIT, time_frame_score

COUNT = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)"
# A time frame that opens with a number counts time: the number (or a list or range of them)
# is followed by its unit or is an ordinal ("6, 12 and 24 months", "24h", "12th week"); "…by b|one
# marrow", "…RECIST v|1.1 compared" and "SF-|36 General Health" are cuts inside a name.
COUNTED_TIME = re.compile(
    rf"[~≈<>≤≥]?\s*{COUNT}(?:\s*(?:,|-|–|/|to|or|and|\+|&)\s*{COUNT})*(?:\s*\([^()]{{0,20}}\))?"
    rf"(?:[\s-]*{TIME_UNIT}\b|(?:st|nd|rd|th)\b)",
    re.I,
)


def shared_time_frames(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Move a glued number's leading digits to the name where the rows then share a time frame.

    "Reach-26 months" may be "Reach-2" + "6 months" or "Reach-" + "26 months". The rows of one
    table often share their time frame: when "Reach-36 months" or another row can read "6 months"
    too, and no other row reads "26 months", the digit belongs to the name.
    """
    readings = [_digit_readings(e.time_frame or "") if _takes_digits(e.measure) else [e.time_frame] for e in endpoints]
    if all(len(options) == 1 for options in readings):
        return list(endpoints)  # no row has a number to give its name (most tables): nothing to count
    counts = Counter(reading for options in readings for reading in set(options))
    mended = []
    for endpoint, options in zip(endpoints, readings, strict=True):
        if len(options) > 1 and counts[options[0]] == 1:
            best = max(options, key=lambda reading: (counts[reading], len(reading)))
            if counts[best] > 1:
                moved = endpoint.time_frame[: len(endpoint.time_frame) - len(best)]
                endpoint = Endpoint(endpoint.kind, endpoint.measure + moved, endpoint.description, best)
        mended.append(endpoint)
    return mended


def _takes_digits(name: str) -> bool:
    """Whether ``name`` ends where a code's number would follow ("Reach-", "FEV", "HIT")."""
    return bool(name) and (name[-1] == "-" or name[-1].isdigit() or name[-1].isupper())


def _digit_readings(time_frame: str) -> list[str]:
    """The time frame as cut, then each reading that leaves leading digits of it to the name."""
    digits = re.match(r"\d{2,}", time_frame)
    readings = [time_frame]
    if digits:
        rests = (time_frame[size:] for size in range(1, len(digits.group())))
        readings += [rest for rest in rests if not rest.startswith("0") and COUNTED_TIME.match(rest)]
    return readings


def digits_the_description_names(measure: str, time_frame: str, description: str) -> tuple[str, str]:
    """Give back to the name the leading digits of its time frame when the description names them so.

    A name ending in a number glued to a time frame that opens with one ("Percent increase in
    GLP-16 months", "…EORTC QLQ-C302 years") cannot be cut by the row alone; its description
    often names the token whole ("GLP-1 plasma levels", "EORTC-QLQ-C30 is…"). The rest must
    still count time.
    """
    digits = re.match(r"\d+", time_frame)
    token = measure.split()[-1] if measure.split() else ""
    if digits is None or not token or measure[-1].isspace():
        return measure, time_frame
    for size in range(1, len(digits.group())):
        head, rest = time_frame[:size], time_frame[size:]
        named = re.search(rf"(?<!\w){re.escape(token + head)}(?!\d)", description)
        if named and COUNTED_TIME.match(rest) and time_frame_score(rest) > 0:
            return measure + head, rest
    return measure, time_frame
