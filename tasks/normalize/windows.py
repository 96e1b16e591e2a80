"""Time windows of eligibility criteria: how long before which event, and for how long.

``X within N weeks before EVENT`` gives variable X, ``<= N``, the window in days and the
anchor event (:mod:`tasks.normalize.durations` reads ``X for at least 6 months``,
:mod:`tasks.normalize.anchored` counts tied to an anchor: "3 months prior to enrolment", "≥ 2 weeks
from prior chemotherapy").
The variable is the event's phrase as written ("major surgery"), as for any quantity the
vocabulary does not name; ``event_category`` groups events across wordings (:data:`WINDOW_SUBJECTS`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.measurements import measured_quantities
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold, comparator_before
from tasks.normalize.time_units import DAYS_PER_UNIT, UNIT_WORDS, WORD_NUMBERS
from tasks.normalize.treated_conditions import treated_condition
from tasks.normalize.vocabulary import (
    ANCHOR_EVENTS,
    ANY_COMPARATOR,
    ANY_UNIT,
    GENERIC_WINDOW_SUBJECTS,
    NUMBER_WORDS,
    UNIT_ONLY,
    WINDOW_SUBJECTS,
)
from tasks.normalize.window_events import (
    clause_after_anchor,
    event_after,
    event_before,
    event_named_before,
    event_variable,
    listed_after_colon,
)
from tasks.normalize.window_patterns import COUNT, LAST, UNIT, WITHIN

# "Active (within the past 3 months) suicidal ideation": a bracketed window after a word of state (or none)
# bounds the event named after the bracket
_STATE_ONLY = lazy_re(r"(?:(?:recent|active|current(?:ly)?|recurrent|ongoing|and/or|and|or)\b\s*)*", re.I)
# "Recent (within the last 6 months)/current use of steroids": the use is of the drug after it
_BRACKET_CLOSE = lazy_re(
    r"^[^)]*\)\s*(?:/\s*(?:current|ongoing)\s+)?(?:(?:a\s+)?history\s+of\s+|use\s+(?=of\b))?", re.I
)
_BRACKET_OPEN = lazy_re(r"\(\s*(?:(?:or|and|and/or)\s+)?$", re.I)
_BRACKET_ENDS_CLAUSE = lazy_re(r"[^()]*\)\s*(?:[.;,]|$)")
_OF_AFTER = lazy_re(r"^\s*of\b", re.I)
_COUNTED_PER = lazy_re(r"(?:\bper|/)\s*(?:day|week|month|year)\b|\bfrequency\b", re.I)
# "two or more relapses in the previous 24 months", "at least 2 flares in the past year": a count's period
_COUNT_WORD = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
_COUNT_BEFORE = lazy_re(
    rf"(?<!grade)(?<!grade\s)(?:(?:{ANY_COMPARATOR})\s*{_COUNT_WORD}|\b{_COUNT_WORD}\s+or\s+(?:more|fewer|less))\s+"
    rf"(?!(?:{ANY_UNIT})\b)(?:[\w-]+\s+){{0,5}}?[\w-]+\s*$",
    re.I,
)
# "within 4 weeks (6 weeks for nitrosoureas or mitomycin C)": a longer window for the agents the bracket names,
# right after the window or after its anchor ("within 2 weeks prior to Toca 511 (6 weeks for nitrosoureas)")
# ("(6 weeks for nitrosoureas and 4 weeks for antibodies)": each; not "(14 days for patients with bone lesions)")
_AGENTS_BRACKET = lazy_re(r"\((?=\s*\d[^()]*\bfor\b)[^()]{1,160}\)")
_PEOPLE = r"(?:the\s+)?(?:patients?|participants?|subjects?|those|people|children|adults|(?:wo)?men|(?:fe)?males?)\b"
_FOR_AGENTS = lazy_re(
    rf"{COUNT}[\s-]*{UNIT}\s+for\s+(?!{_PEOPLE})(?P<agents>[^()\d,;]{{1,80}}?)\s*(?=[,;)]|\band\s+\d)", re.I
)
# what lies between two windows of one event: the first one's anchor, then "or" ("..., whichever is longer")
_ALTERNATIVE = lazy_re(r"[^.;:,()]*?[\s,(]*\b(?:or|and/or)\s*", re.I)


def windows(text: str) -> list[tuple[int, Threshold]]:
    """``X within N weeks before EVENT`` → variable X, ``<= N``, window in days, anchor event.

    X is the event's phrase as written, lowercased ("major surgery", "drug or alcohol abuse");
    without a phrase before the window, the one after it ("participated in the previous 4
    weeks in any other clinical study"). The row's ``event_category`` is the one of
    :data:`WINDOW_SUBJECTS` its phrase names (``vaccination``, ``anticancer_therapy``, ...).
    """
    found = []
    if not LAST.search(text) and "within" not in text.lower():
        return found
    previous: tuple[re.Match, str] | None = None  # the last window and the event it bounds ("" if none)
    for m in WITHIN.finditer(text):
        if m.group("num") is None and not LAST.search(text, m.start(), m.start("unit")):
            continue  # "within days of" states no length; "within the past year" is one year
        if comparator_before(text, m.start())[0]:
            continue  # "for at least the past 5 years" is a duration, read as a statement
        before = event_before(text, m.start())
        if _COUNTED_PER.search(re.split(r"\s(?:or|and)\s", before)[-1]) or _COUNT_BEFORE.search(
            text, max(0, m.start() - 100), m.start()
        ):
            continue  # "≥ 4 attacks/week in the 3 months prior": the period a frequency is counted over
        alternative = (
            not before
            and previous
            and _ALTERNATIVE.fullmatch(text, previous[0].end(), m.start())
            and not _own_event(m.group("after"))
        )
        # "within 30 days or within 5 half-lives": the same event again
        variable = previous[1] if alternative else _window_event(text, m, before)
        previous = (m, variable)
        if variable:
            anchor = anchor_in(m.group("after"))
            if m.group("low"):  # "within the last 6-18 months": at least the shorter length too
                found.append((m.start(), window_row(variable, ">=", m, anchor, float(m.group("low")))))
            found.append((m.start(), window_row(variable, "<=", m, anchor)))
            found += _agent_windows(text, m.end(), m.end("after"), anchor)
    return found


def _event_around(text: str, m: re.Match) -> str:
    """The event of a window with none named right before it: after it, or the label before its colon.

    Its own event after since/from comes first, then a label ("Radiotherapy: within 14 days of the
    first dose"), then any event after it, then the clause after its anchor when it opens the criterion.
    """
    after = m.group("after")
    return (
        _own_event(after)
        or _colon_label(text, m.start())
        or event_after(after)
        or clause_after_anchor(text, m.start(), m.end())
    )


def _own_event(after: str) -> str:
    """The event a window names after "since" or "from" ("…, or within 14 days from radiotherapy"), if any."""
    return event_after(after) if _SINCE.match(after) else ""


# (not "from the last dose": the first window's event again, counted from its last dose)
_SINCE = lazy_re(r"\s*(?:since|from)\b(?!\s+(?:the\s+)?(?:last|previous|prior)\s+dose\b(?!\s+of\b))", re.I)


def _agent_windows(text: str, start: int, end: int, anchor: str | None) -> list[tuple[int, Threshold]]:
    """The longer windows a bracket after a window gives named agents, between ``start`` and ``end``."""
    bracket = _AGENTS_BRACKET.search(text, start, end)
    if not bracket:
        return []
    return [
        (agents.start(), window_row(tidy(agents.group("agents")), "<=", agents, anchor))
        for agents in _FOR_AGENTS.finditer(text, bracket.start(), bracket.end())
    ]


def _window_event(text: str, m: re.Match, before: str) -> str:
    """The event the window ``m`` bounds, given the phrase named right before it (``before``)."""
    opening = _bracket_start(text, m.start())
    if opening < m.start() and "pregnancy test" in text[max(0, opening - 40) : opening].lower():
        return event_variable(event_before(text, opening))  # "a negative pregnancy test (within 72 hours of dosing)"
    if _STATE_ONLY.fullmatch(before) and _opens_bracket(text, m.start()):
        # "current use (or within previous 6 months) of hormone therapy": the event after the bracket
        after = _OF_AFTER.sub("", _BRACKET_CLOSE.sub("", m.group("after"), count=1))
        before = re.split(r"\s+in\s+", event_after(" of " + after))[0]  # "... of hormone therapy in women"
        anchor_only = m.group("after").startswith(" of ") and _STATE_ONLY.fullmatch(text, 0, opening)
        if not before and anchor_only:
            return ""  # "Recent (within 3 mos. of SV) participation in …": the bracket's "of" names the anchor
    event = before or event_named_before(text, m.start()) or _event_around(text, m)  # "Stroke, within 6 months"
    if _FOLLOWING.search(text, max(0, m.start() - 40), m.start()):
        event = listed_after_colon(text, m.end()) or event  # "Any of the following within 6 months: MI, ..."
    named = event_variable(tidy(_NEGATION.sub("", event)))  # "no transfusion within 14 days"
    named = treated_condition(text, m.start(), named)  # "malignancy that has required active treatment within"
    unit_only = bool(UNIT_ONLY.fullmatch(named))  # "BNP ≥ 150 pg/mL within 90 days": a unit names no event
    # "eGFR < 60 as measured within 2 weeks": when the value was taken
    variable = measured_quantities(text, m.start(), free=unit_only) or ("" if unit_only else named)
    # "substance abuse (within six weeks).": a bracket that ends the clause bounds the event before it
    if not variable and opening < m.start() and _BRACKET_ENDS_CLAUSE.match(text, m.end()):
        variable = event_variable(tidy(event_before(text, opening)))
    variable = variable or _event_of_limit_before(text, m)
    return "" if _STATE_ONLY.fullmatch(variable) else variable


def _event_of_limit_before(text: str, m: re.Match) -> str:
    """The event of an amount limit right before "within" ("radiotherapy > 30 Gy within 6 months"), if any.

    Only "within": "> 5% in the past 6 months" is the period a change is counted over.
    """
    limit = _LIMIT_BEFORE.search(text, max(0, m.start() - 60), m.start())
    if not limit or not m.group().lower().startswith("within"):
        return ""
    return event_variable(tidy(event_before(text, limit.start())))


# an amount limit right before a window ("> 30 Gy", "> 5 kg (11 pounds)"), not a concentration ("≥ 0.3 mg/dL")
_LIMIT_BEFORE = lazy_re(
    rf"(?:{ANY_COMPARATOR})\s*\d+(?:[.,]\d+)?\s*(?:[A-Za-z%]+\b(?!/))?\s*(?:\([^()]*\)\s*)?$", re.I
)


# "Radiotherapy: within 14 days prior to enrollment", "Biologics (for example, …): within 28 days": a label that
# opens the criterion or a sentence, then a colon right before the window
_LABEL = lazy_re(r"(?:^|[.;]\s)\s*(?P<label>[A-Za-z][^.:;()\d]{0,60}?)\s*(?:\([^()]*\)\s*)?:\s*$")


def _colon_label(text: str, start: int) -> str:
    """The label before a colon right before the window at ``start`` ("Radiotherapy:"), if any."""
    label = _LABEL.search(text, max(0, start - 200), start)
    return event_variable(tidy(label.group("label"))) if label else ""


# "any of the following (drugs) within 14 days:": the events are the ones listed after the colon
_FOLLOWING = lazy_re(r"\bfollowing(?:\s+[\w-]+)?\s*$", re.I)


def _bracket_start(text: str, start: int) -> int:
    """Where the bracket a window opens starts ("substance abuse (within six weeks)"), else ``start``."""
    opening = text.rfind("(", max(0, start - 3), start)
    return opening if opening >= 0 and not text[opening + 1 : start].strip() else start


def _opens_bracket(text: str, start: int) -> bool:
    """Whether the window at ``start`` opens a bracket: "(past 3 months)", "(within …)", "(or within …)"."""
    return text[start] == "(" or bool(_BRACKET_OPEN.search(text[max(0, start - 12) : start]))


def window_row(
    variable: str, symbol: str, match: re.Match, anchor: str | None, value: float | None = None
) -> Threshold:
    """A window's row: the event, the value (else the match's count) and unit as written, the days, its category."""
    if value is None:
        written = (match.group("num") or "a").lower()
        value = float(WORD_NUMBERS.get(written) or written)
    category = _nearest(variable, _SUBJECT_PATTERNS) or _nearest(variable, _GENERIC_PATTERNS)
    if match.group("unit").lower().startswith("half"):
        return Threshold(variable, symbol, value, "half-lives", None, anchor, category)
    unit = UNIT_WORDS[match.group("unit").lower().rstrip(".")]
    return Threshold(variable, symbol, value, unit + "s", round(value * DAYS_PER_UNIT[unit], 4), anchor, category)


# A window bounds the event whatever the negation ("no transfusion within 14 days"); "no evidence of
# disease" is itself the state a window can bound
_NEGATION = lazy_re(r"^(?:no|without|not\s+having(?:\s+received)?)\s+(?!evidence\b)")


def anchor_in(text: str) -> str | None:
    """The anchor event (:data:`ANCHOR_EVENTS`) named first in ``text``."""
    return _first(text, _ANCHOR_PATTERNS)


def _compiled(names: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, lazy_re(pattern, re.I)) for name, pattern in names)


_ANCHOR_PATTERNS = _compiled(ANCHOR_EVENTS)
_SUBJECT_PATTERNS = _compiled(WINDOW_SUBJECTS)
_GENERIC_PATTERNS = _compiled(GENERIC_WINDOW_SUBJECTS)


def _nearest(text: str, names: tuple[tuple[str, re.Pattern], ...]) -> str | None:
    """The name whose pattern matches closest to the end of ``text``."""
    hits = [(m.end(), name) for name, pattern in names for m in pattern.finditer(text)]
    return max(hits)[1] if hits else None


def _first(text: str, names: tuple[tuple[str, re.Pattern], ...]) -> str | None:
    """The name whose pattern matches first in ``text``."""
    hits = [(m.start(), name) for name, pattern in names for m in [pattern.search(text)] if m]
    return min(hits)[1] if hits else None
