"""Counts of time tied to an anchor: "3 months prior to enrolment", "≥ 2 weeks from prior chemotherapy".

A count before an anchor bounds how recent the event before it is ("<= 3 months"); a count
from or since an event is the subject's minimum time since it. Events are named as windows
name them (:mod:`tasks.normalize.windows`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.window_events import (
    EVENT_NOUNS,
    ONLY_VERBS,
    PARENTHESES,
    event_after,
    event_before,
    event_variable,
)
from tasks.normalize.window_patterns import COUNT, DIAGNOSIS, HALF_LIVES, REFERENCE_POINT, UNIT
from tasks.normalize.windows import anchor_in, window_row

# "4 weeks or less prior to enrolment": a comparator written after the count
_BEFORE_ANCHOR = lazy_re(
    rf"{COUNT}[\s-]*{UNIT}\s+(?:or\s+(?P<post>less|fewer|shorter|more|longer|greater)\s+)?(?:prior\s+to|before|preceding)\s+"
    r"(?P<after>[^.;]{0,80})",
    re.I,
)
_POST_SYMBOL = {"less": "<=", "fewer": "<=", "shorter": "<=", "more": ">=", "longer": ">=", "greater": ">="}
# what a count continues when it is part of another shape: "for 3 months", "within 2", "2 to 4 weeks"
_INSIDE_ANOTHER = lazy_re(
    r"(?:\b(?:for|within|past|last|previous|preceding|next|first|the|over|during|in|of|to|and|or|from|until|by|after|at)"
    r"|[-–/\d])\s*$",
    re.I,
)
_CMP_WORD_END = lazy_re(r"\b(?:than|later|earlier|least|most)$")  # "not later than 1 week prior": no event
_SURVIVAL_BEFORE = lazy_re(r"\b(?:expectancy|surviv\w*)\b[^.;]*$", re.I)
_SINCE_WORD = lazy_re(r"\b(?:from|since|after|post|elapsed)\b", re.I)
_SINCE = lazy_re(
    # "At least 4 weeks (from first dose) has elapsed from X": an aside before "elapsed"; "2 weeks or 5
    # half-lives, whichever is shorter, must have elapsed since X": the half-lives are read as an alternative
    rf"\b{COUNT}[\s-]*{UNIT}(?:,?\s+or\s+\w+\s+{HALF_LIVES}\b)?(?:,?\s+whichever\s+is\s+\w+,?)?\s+(?P<elapsed>(?:\([^()]{{1,40}}\)\s+)?(?:must\s+have\s+|have\s+|has\s+)?(?:elapsed|passed)\s+)?"
    r"(?:from|since|after|post|(?<=elapsed\s)(?:for|if(?:\s+prior)?))\s+(?=(?P<after>[^.;]{0,80}))",  # "elapsed for RT"
    re.I,
)
# "as long as it has been 4 weeks after the last dose of X", "except 3 months after X", "30 days post X" opening the
# line: a time since the event stated with no comparator is exact (the labelling guide's "=")
_EXACT_SINCE_BEFORE = lazy_re(r"(?:\bit\s+has\s+been|\bexcept(?:\s+for)?|^\W*)\s*$", re.I)
# "2h post glucose ≥ 200 mg/dL": a time point of a measurement that is limited after it, no time since
_LIMIT_AFTER = lazy_re(r"[<>≤≥\d]")


def lead_windows(text: str) -> list[tuple[int, Threshold]]:
    """``X 3 months prior to enrollment`` → variable X, ``<= 3`` months (the event falls in that window).

    A comparator before the count is kept ("tubal ligation at least six months prior to" → ``>= 6``);
    a count that belongs to another window, a duration or a range ("for 3 months prior to",
    "2 to 4 weeks before") is left to the reader of that shape.
    """
    found = []
    lowered = text.lower()
    if "prior" not in lowered and "before" not in lowered and "preceding" not in lowered:
        return found
    for m in _BEFORE_ANCHOR.finditer(text):
        phrase, start = comparator_before(text, m.start())
        diagnosis = DIAGNOSIS.search(PARENTHESES.sub(" ", text[max(0, start - 60) : start]))
        if phrase and m.group("num")[0].isdigit() and not diagnosis:
            continue  # "≥ 5 years before" is a statement the open reader names better
        if _INSIDE_ANOTHER.search(text, max(0, start - 40), start):
            continue
        variable = "time since diagnosis" if diagnosis else event_variable(event_before(text, start))
        if variable and not ONLY_VERBS.fullmatch(variable) and not _CMP_WORD_END.search(variable):
            symbol = comparator(phrase) if phrase else _POST_SYMBOL.get(m.group("post") or "", "<=")
            found.append((start, window_row(variable, symbol, m, anchor_in(m.group("after")))))
    return found


def since_windows(text: str) -> list[tuple[int, Threshold]]:
    """``≥ 2 weeks from prior chemotherapy`` → "time since chemotherapy" ``>= 2`` weeks.

    The event is the one named after "from" / "since" / "after", unless that names the
    reference point ("< 30 days from the date of planned resection"): then it is the one
    named before the statement ("gliadel wafer"). "14 days must have elapsed since X" is a
    minimum too.
    """
    found = []
    if not _SINCE_WORD.search(text):
        return found  # a cheap test spares a scan that tries the numbers at every position
    for m in _SINCE.finditer(text):
        phrase, start = comparator_before(text, m.start())
        exact = (
            phrase is None
            and not m.group("elapsed")
            and _EXACT_SINCE_BEFORE.search(text, 0, start)
            and not _LIMIT_AFTER.search(text, m.end())
        )
        if phrase is None and not m.group("elapsed") and not exact:
            continue
        if _SURVIVAL_BEFORE.search(text, max(0, start - 60), start):
            continue  # "life expectancy of ≥ 12 weeks from the start of treatment" is read as a life expectancy
        symbol = "=" if exact else comparator(phrase) if phrase else ">="
        variable = _since_variable(text, start, m.group("after")[:80])
        if variable:
            found.append((start, window_row(variable, symbol, m, None)))
    return found


# "relapse that occurs > 90 days after HSCT", "progressive disease must have occurred ≥ 6 months after the last
# dose": how late the event came after another, named by both
_LATE_EVENT_BEFORE = lazy_re(
    r"\b(?P<event>relapse|recurrence|progression|progressive\s+disease)\s+(?:that\s+|which\s+)?"
    r"(?:(?:must|should|has|have)\s+)*(?:have\s+)?(?:occurs?|occurring|occurred)\s*$",
    re.I,
)


# "from donor lymphocyte infusion without conditioning", "since the final injection on either protocol": which
# infusion or injection counts is a qualifier after the event, no part of the name the time runs from
_QUALIFIER = lazy_re(r"^(?P<event>\S+\s+\S.*?)\s+(?:on|in|without|during)\s+.*$", re.I)


def _since_variable(text: str, start: int, after: str) -> str:
    """The name of a time since the event named in ``after`` (or before ``start`` if ``after`` is a reference)."""
    if REFERENCE_POINT.match(after):
        variable = event_variable(event_before(text, start))
        if not variable:  # "≥ 2 weeks from the date of last chemotherapy": the event follows the reference
            event = event_after(" of " + REFERENCE_POINT.sub("", after, count=1).lstrip(" of"))
            variable = f"time since {event}" if event else ""
        return variable
    event = _QUALIFIER.sub(r"\g<event>", event_after(" of " + after))
    which = _which(after)
    event = f"{'' if event.startswith(which) else which}{event}" if event else ""
    late = _LATE_EVENT_BEFORE.search(text, max(0, start - 60), start)
    if late and event:
        return f"{' '.join(late.group('event').lower().split())} after {event}"
    return f"time since {event}" if event else ""


# "the end of the last antitumor treatment", "the last dose of the previous investigational agent", "most recent
# infusion": which of repeated events the time runs from is part of its name, as labellers write it ("time since
# last chemotherapy"); "prior" and "the completion of" are not
_WHICH = lazy_re(
    r"\s*(?:the\s+)?(?:(?:end|completion)\s+of\s+(?:the\s+)?)?(?P<which>last|most\s+recent|final)\s+"
    r"(?:(?P<dose>dose\s+of)\s+(?:the\s+)?(?P<previous>previous\s+)?)?",
    re.I,
)


def _which(after: str) -> str:
    """The words before a time-since event that say which occurrence counts ("last ", "last dose of previous ")."""
    match = _WHICH.match(after)
    if not match:
        return ""
    words = [match.group("which"), match.group("dose"), match.group("previous")]
    return " ".join(" ".join(word.split()).lower() for word in words if word) + " "


# "Relapse after 12 months", "relapsed to the last line of therapy after 6 months": a late event, later than N
_LATE_EVENT = lazy_re(
    rf"\b(?P<event>relapse|recurrence|progression|relapsed|recurred|progressed)\b[^.;,<>≤≥]{{0,40}}?\s+after\s+"
    rf"{COUNT}[\s-]*{UNIT}\b(?!\s+(?:of|from|since|after|post)\b)",
    re.I,
)


def late_events(text: str) -> list[tuple[int, Threshold]]:
    """``relapse after 12 months`` → "relapse" ``> 12`` months: how late the event came."""
    found = []
    if "after" not in text.lower():
        return found
    for m in _LATE_EVENT.finditer(text):
        if m.group("num") and not comparator_before(text, m.start("num"))[0]:
            event = m.group("event").lower()
            found.append((m.start(), window_row(EVENT_NOUNS.get(event, event), ">", m, None)))
    return found
