"""The patterns of a time window as criteria write it: a count, a unit, "within (the past)".

Shared by the readers of windows, durations and anchored counts (:mod:`tasks.normalize.windows`,
:mod:`tasks.normalize.durations`, :mod:`tasks.normalize.anchored`) and by the namer of their
events (:mod:`tasks.normalize.window_events`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.vocabulary import NUMBER_WORDS

# "within 5 half-lives of the drug": a window counted in the drug's half-lives, with no length in days
# "within 5 yrs." and "within 3 mos.": the short spellings of UNIT_WORDS count too
UNIT = (
    r"(?P<unit>minutes?|hours?|days?|weeks?|months?|years?|half[\s-]?li(?:fe|ves)|(?:hr|wk|mo|mth|yr)s?\b\.?"
    r"|[hd]\b(?![/.]\w))"  # "within 24 h", "within 14 d"
)
# "5 half-lives", "5 drug / elimination half-lives": a washout counted in the drug's half-lives
HALF_LIVES = r"(?:(?:drug|elimination|plasma|terminal)\s+)?half[\s-]?li(?:fe|ves)"
# a count as criteria write it: digits, a number word, or "a" ("within a year")
COUNT = r"(?P<num>\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r"|an?)\b)"
# "within (the past) 6 months", "in the last three weeks", "the past year" (one year)
# "in last one month", "(past 3 months)", "in the 6 months before"; ahead: "in the next 12 months"
# the words of a period back from now or ahead of it ("the past", "the following 24 months")
RELATIVE = "past|last|previous|preceding|next|coming|upcoming|following"
WITHIN = lazy_re(
    rf"(?:\bwithin\s+(?:a\s+period\s+of\s+)?(?:the\s+)?(?:(?:{RELATIVE}|prior|first)\s+)?"
    rf"|\b(?:(?:in|during|over)\s+)?the\s+(?:{RELATIVE})\s+"
    r"|\b(?:in|during|over)\s+the\s+prior\s+(?=\d|(?:[a-z]+\s+)?(?:days?|weeks?|months?|years?)\b)"
    r"|\b(?:in|during|over)\s+(?:past|last|previous|preceding)\s+|\(\s*(?:past|last)\s+"
    r"|\bin\s+the\s+(?=[\w.]+[\s-]*\w+\s+(?:before|prior\s+to|preceding)\b))"
    # "mos." ends at its full stop; a lookahead: the next window may start inside
    # "within the last 6-18 months": a window between two lengths (``low`` and ``num``)
    rf"(?:(?:(?P<low>\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(?=\d))?{COUNT}[\s-]*)?{UNIT}(?:\b|(?<=\.))(?=(?P<after>[^.;]{{0,80}}))",
    re.I,
)
DIAGNOSIS = lazy_re(r"\bdiagnos(?:is|ed)\b(?:\s+(?:of|with)\b[^,;]*)?$", re.I)
LAST = lazy_re(rf"\b(?:{RELATIVE})\b|\bin\s+the\s+(?:prior\b|\d)", re.I)  # "in the prior (twelve months|year)"
# the point a length of time is counted from, not an event ("≥ 2 weeks from the date of last chemotherapy")
_REFERENCE_WORDS = (
    r"date|day|time|start|beginning|first\s+dose|enrol|registration|randomi|screening|"
    r"study\s+entry|planned|signing|consent|accrual|entry|inclusion|baseline"
)
REFERENCE_POINT = lazy_re(rf"\s*(?:the\s+)?(?:{_REFERENCE_WORDS})\b", re.I)
# after a window's "since" or "from", these too are anchors, not its event ("within 7 days from Cycle 1 Day 1",
# "from enrolment", "since the first administration of study drug")
ANCHOR_AFTER_SINCE = lazy_re(
    rf"\s*(?:the\s+)?(?:(?:{_REFERENCE_WORDS})\b|first\s+(?:administration|day|infusion)|study\b|visit|cycle|enrol"
    r"|infusion|initiation|lymphodepl|apheresis|leukapheresis)",
    re.I,
)
# "currently or", "at the time of screening, or" before a window: the event is now or within it, and is named
# before these words ("X (currently or within the past 30 days)")
CURRENTLY_OR = lazy_re(
    r"[\s,]*\(?\s*(?:\b(?:con)?current(?:ly)?|\bat\s+(?:present|(?:the\s+time\s+of\s+)?(?:screening|enrol\w*|baseline)(?:\s+visit)?)"
    r"|\bon\s+the\s+day\s+of\s+(?:the\s+)?(?:visit|screening))\s*,?\s*(?:or|and/or)\s*$",
    re.I,
)
