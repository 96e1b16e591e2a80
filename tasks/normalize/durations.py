"""Durations of eligibility criteria: how long a state or a treatment has lasted.

``X for at least 6 months`` gives variable X, ``>= 6`` months and the duration in days; "a history
of X for ..." is "X history"; "diagnosed for more than 6 months" the time since diagnosis; "failed
at least 3 months of X" is X. Events are named as windows name them (:mod:`tasks.normalize.windows`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.vocabulary import ANY_COMPARATOR, UNIT_ONLY
from tasks.normalize.window_events import ONLY_VERBS, PARENTHESES, event_after, event_named_before
from tasks.normalize.window_patterns import COUNT, DIAGNOSIS, UNIT
from tasks.normalize.windows import window_row

# "for at least 6 months", "for a minimum period of 3 months", "diagnosed greater than 6 months"
_FOR_DURATION = lazy_re(
    r"(?:\bfor|\bover\s+a\s+period\s+of|(?<=diagnosed))\s+(?:(?:a\s+)?period\s+of\s+)?"
    r"(?:(?:a\s+)?(?P<cmp>" + ANY_COMPARATOR + r")\s*)?(?:(?:the\s+)?(?:past|last)\s+)?(?:period\s+of\s+)?"
    rf"{COUNT}[\s-]*{UNIT}\b(?:\s+or\s+(?:(?P<longer>more|longer|greater)|(?P<shorter>less|fewer|shorter)))?",
    re.I,
)
# "at least 2 year history of X" (the comparator is looked up behind the number)
_HISTORY_OF = lazy_re(rf"{COUNT}[\s-]*{UNIT}\s+history\s+of\s+(?P<after>[^.;]{{0,80}})", re.I)
# "failed a minimum of 6 weeks conservative treatment", "failed at least 3 months of non-operative management"
_FAILED_FOR = lazy_re(
    rf"\bfail(?:ed|ure\s+of)\s+(?:(?:a\s+)?(?P<cmp>{ANY_COMPARATOR})\s*)?{COUNT}[\s-]*{UNIT}\s+(?:of\s+)?(?P<after>[^.;]{{0,80}})",
    re.I,
)
# the shapes that name their event after the duration: (word they need, pattern, suffix of the name)
_EVENT_AFTER_DURATION = (("history", _HISTORY_OF, " history"), ("fail", _FAILED_FOR, ""))
_HISTORY_BEFORE = lazy_re(r"\bhistory\s+of\s+[^,;.]*$", re.I)
_FREQUENCY_END = lazy_re(
    r"(?:\b(?:per|a|each|every)\s+(?:day|night|week|month|year)s?|/\s*(?:day|week|month))$", re.I
)
# a person's age or count, then "with" what lasts
_PERSON_WITH = lazy_re(r"^(?:.*\b(?:age[ds]?|older|younger|years?|old)|\d+)\s+with\s+(?P<rest>.+)$", re.I)
# "History of stroke for 6 months before the screening": an exact length before an anchor is a window
# (the labelling guide's "N units prior to"), unless what lasts is a state ("on a stable dose for 2
# months prior to randomisation", "off prazosin for 2 days prior to enrollment"); "to" a reference point is
# "before" it ("Bariatric surgery for 12 months to screening")
_BEFORE_ANCHOR = lazy_re(
    r"\s+(?:before|prior\s+to|preceding)\b|\s+to\s+(?:the\s+)?(?=(?:screening|enrol|randomi[sz]|registration|baseline|"
    r"inclusion|study\s+entry|first\s+dose|day\s+1\b|(?:start|initiation)\s+of))",
    re.I,
)
_STATE = lazy_re(
    r"\b(?:stable|off|on|free|abstinent|abstain\w*|sober|maintained|continuous\w*|been)\b|-free\b", re.I
)
_STABLE_DOSE = lazy_re(r"\bstable\s+doses?\s*$", re.I)
# a thing said to be stable, with or without its copula: "dose is stable", "settings have not been stable"
_STABLE_STATE = lazy_re(
    r"(?P<thing>(?!.*\b(?:who|that|which|they|it|patients?|subjects?|participants?)\b)[\w/-]+(?:\s+[\w/-]+){0,4}?)"
    r"\s+(?:(?:is|are|was|were|has|have|had|must|should|will|remains?|remained|not|been|be)\s+)*stable",
    re.I,
)
_DIAGNOSED = lazy_re(r"\bdiagnosed\s*(?:" + ANY_COMPARATOR + r")?\s*$", re.I)


def durations(text: str) -> list[tuple[int, Threshold]]:
    """``X for at least 6 months`` → variable X, ``>= 6`` months; "a history of X for …" → "X history".

    "Diagnosis of X for a minimum of 3 months" and "diagnosed for more than 6 months" are the
    time since diagnosis; "at least 2 year history of X" is "X history"; "failed at least 3
    months of X" is X. Without a comparator the duration is exact ("Stable weight for 3
    months": ``= 3``).
    """
    found = []
    lowered = text.lower()
    for m in _FOR_DURATION.finditer(text) if "for " in lowered or "diagnosed" in lowered or "period" in lowered else ():
        variable = _lasting(text, m.start())
        if not variable:
            continue
        postfix = ">=" if m.group("longer") else "<=" if m.group("shorter") else "="
        symbol = comparator(m.group("cmp")) if m.group("cmp") else postfix
        if (
            symbol == "="
            and _BEFORE_ANCHOR.match(text, m.end())
            and not _STATE.search(text, max(0, m.start() - 40), m.start())
        ):
            symbol, variable = "<=", variable.removesuffix(" history")  # a window: "X for 6 months before screening"
        found.append((m.start(), window_row(variable, symbol, m, None)))
    for keyword, pattern, suffix in _EVENT_AFTER_DURATION:
        for m in pattern.finditer(text) if keyword in lowered else ():
            event = event_after(" of " + m.group("after"))
            phrase, start = comparator_before(text, m.start())
            if event:  # "failed a minimum of 6 weeks of X" has its comparator inside the match
                symbol = comparator(m.groupdict().get("cmp") or phrase)
                found.append((start, window_row(event + suffix, symbol, m, None)))
    return found


def _lasting(text: str, start: int) -> str:
    """What lasts for the duration at ``start``, or ``""`` where nothing that lasts is named.

    A life expectancy has its own reader; "< 50 copies/mL for at least 6 months" names only a unit;
    the period a frequency is counted over is no limit (the labelling guide).
    """
    raw = PARENTHESES.sub(" ", text[max(0, start - 200) : start])
    if _STABLE_DOSE.search(raw):
        return "stable dose"  # "… has been at a stable dose for 2 months": the dose lasted, whatever it is of
    if DIAGNOSIS.search(raw[-60:]) or _DIAGNOSED.search(raw[-40:]):
        return "time since diagnosis"
    event = event_named_before(text, start)
    person = _PERSON_WITH.match(event)
    if person:  # "Adults 18 to 65 years of age with a history of migraine for 12 months": the migraine lasts
        event, raw = tidy(person.group("rest")), person.group("rest")
    variable = f"{event} history" if event and _HISTORY_BEFORE.search(raw) else event
    if not variable or ONLY_VERBS.fullmatch(variable) or UNIT_ONLY.fullmatch(variable) or "surviv" in variable:
        return ""
    if _FREQUENCY_END.search(variable):
        return ""  # "3 days per week for the past 6 months": the period a frequency is counted over
    stable = _STABLE_STATE.fullmatch(variable)  # "the brain condition is stable for ≥ 2 weeks"
    return f"stable {stable.group('thing')}" if stable else variable
