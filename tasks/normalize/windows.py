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

from tasks.normalize.acronyms import abbreviate
from tasks.normalize.measurements import measured_quantities
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold, comparator_before
from tasks.normalize.time_units import DAYS_PER_UNIT, UNIT_WORDS, WORD_NUMBERS
from tasks.normalize.vocabulary import (
    ANCHOR_EVENTS,
    ANY_COMPARATOR,
    ANY_UNIT,
    GENERIC_WINDOW_SUBJECTS,
    NUMBER_WORDS,
    UNIT_ONLY,
    WINDOW_SUBJECTS,
)

# "within 5 half-lives of the drug": a window counted in the drug's half-lives, with no length in days
# "within 5 yrs." and "within 3 mos.": the short spellings of UNIT_WORDS count too
UNIT = (
    r"(?P<unit>minutes?|hours?|days?|weeks?|months?|years?|half[\s-]?li(?:fe|ves)|(?:hr|wk|mo|mth|yr)s?\b\.?"
    r"|[hd]\b(?![/.]\w))"  # "within 24 h", "within 14 d"
)
# a count as criteria write it: digits, a number word, or "a" ("within a year")
COUNT = r"(?P<num>\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r"|an?)\b)"
# "within (the past) 6 months", "in the last three weeks", "the past year" (one year)
# "in last one month", "(past 3 months)", "in the 6 months before"; ahead: "in the next 12 months"
_WITHIN = re.compile(
    r"(?:\bwithin\s+(?:the\s+)?(?:(?:past|last|previous|preceding|prior|first|next|coming|upcoming)\s+)?"
    r"|\b(?:(?:in|during|over)\s+)?the\s+(?:past|last|previous|preceding|next|coming|upcoming)\s+"
    r"|\b(?:in|during|over)\s+the\s+prior\s+(?=\d|[a-z]+\s+(?:days?|weeks?|months?|years?)\b)"
    r"|\b(?:in|during|over)\s+(?:past|last|previous|preceding)\s+|\(\s*(?:past|last)\s+"
    r"|\bin\s+the\s+(?=[\w.]+[\s-]*\w+\s+(?:before|prior\s+to|preceding)\b))"
    rf"(?:{COUNT}[\s-]*)?{UNIT}\b(?=(?P<after>[^.;]{{0,80}}))",  # a lookahead: the next window may start inside
    re.I,
)
DIAGNOSIS = re.compile(r"\bdiagnos(?:is|ed)\b(?:\s+(?:of|with)\b[^,;]*)?$", re.I)
_LAST = re.compile(r"\b(?:past|last|previous|preceding|next|coming|upcoming)\b|\bin\s+the\s+(?:prior\s+)?\d", re.I)
# "Active (within the past 3 months) suicidal ideation": a bracketed window after a word of state (or none)
# bounds the event named after the bracket
_STATE_ONLY = re.compile(r"(?:(?:recent|active|current(?:ly)?|recurrent|ongoing|and/or|and|or)\b\s*)*", re.I)
_BRACKET_CLOSE = re.compile(r"^[^)]*\)\s*(?:(?:a\s+)?history\s+of\s+)?", re.I)
_COUNTED_PER = re.compile(r"(?:\bper|/)\s*(?:day|week|month|year)\b|\bfrequency\b", re.I)
# "two or more relapses in the previous 24 months", "at least 2 flares in the past year": a count's period
_COUNT_WORD = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
_COUNT_BEFORE = re.compile(
    rf"(?<!grade)(?<!grade\s)(?:(?:{ANY_COMPARATOR})\s*{_COUNT_WORD}|\b{_COUNT_WORD}\s+or\s+(?:more|fewer|less))\s+"
    rf"(?!(?:{ANY_UNIT})\b)(?:[\w-]+\s+){{0,5}}?[\w-]+\s*$",
    re.I,
)
MAX_EVENT_WORDS = 12
# the last item of a list of short names ("..., or stable angina"), not a clause ("or a history of")
_LIST_TAIL = re.compile(r"\s*(?:or|and)\s+(?!(?:a|an|any|the)\s|history\b)[\w/-]+(?:\s+[\w/-]+){0,3}\s*$", re.I)
# "NSAIDs, triptans or opiates": the last two items of a list, joined without a comma
MAX_LIST_ITEM_WORDS = 5
_LAST_PAIR = re.compile(
    r"\s*(?!(?:with|without|no|not|and|or|in|of|for|to|by|from|at|on|before|during|after)\b)"
    r"[\w/-]+(?:\s+[\w/-]+){0,2}\s+(?:or|and)\s+(?!(?:a|an|any|the)\s)[\w/-]+(?:\s+[\w/-]+){0,2}\s*",
    re.I,
)
_NEW_CLAUSE = re.compile(
    r"\b(?:(?:or|and)\s+(?:has|have|had|is|are|was|were|receiv(?:ing|ed)|tak(?:ing|en)|us(?:ing|ed)|undergo(?:ing|ne)|"
    r"underwent)|but|(?:must|should|shall|needs?\s+to|has\s+to|have\s+to)\s+(?:have|be|show)(?:\s+been)?)\b",
    re.I,
)
ONLY_VERBS = re.compile(
    r"(?:(?:participat\w*+|enrolled|taking\s+part|took\s+part|has|have|had|been|be|is|are|or|and|as|currently)\b\s*)*",
    re.I,
)
PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# where the clause naming the event begins: punctuation, an item number, a number with its unit
_CLAUSE_BOUNDARY = re.compile(
    r"[.;:!?](?:\s|$)|[,;:(\[]|^\s*\d{1,2}\s*[.)]"
    r"|(?<!type\s)(?<!grade\s)(?<!stage\s)(?<!class\s)(?<!phase\s)(?<!level\s)(?<![\w^-])\d(?:[\d.,]*\d)?"
    r"(?:\s*(?:[x×*]\s*10\s*\^?\s*\d+\s*)?/\s*[\wµμ³]+"  # "75,000/µL", "1.5 x 10^9/L"
    r"|[\s-]*(?:%|(?:mg|g|kg|mm|cm|ml|l|mmol|µmol|umol|iu|u|mmhg|gy|gray|x|days?|weeks?|months?|years?|hours?|h)\b[/\w.^]*"
    r"|\s*°\s*[CF]\b))?",
    re.I,
)
_JOINER = re.compile(r",|\b(?:and/or|or|and)\b", re.I)
_NOT_AN_EVENT = re.compile(r"[a-z-]+ed|(?:high|great|low|few|long|short)er|more|less")
# an event written as a verb is named as a noun, as labellers and analysts write it
_EVENT_NOUNS = {"progressed": "progression", "relapsed": "relapse", "recurred": "recurrence"}
_NEGATED = re.compile(r"\b(?:not|never)\s+(?:\w+\s+)?\w+\s*$", re.I)
_EVENT_VERB = re.compile(rf"\b(?:{'|'.join(_EVENT_NOUNS)})$", re.I)
_PLANNED_AFTER = re.compile(r"^(.+?)\s+(planned|scheduled|anticipated)$", re.I)
_PARTIAL_WORD = re.compile(r"^\S*")  # a window of text cut mid-word does not name with half a word
_CLAUSE_END = re.compile(r"[.;:](?:\s|$)")
# what lies between two windows of one event: the first one's anchor, then "or" ("..., whichever is longer")
_ALTERNATIVE = re.compile(r"[^.;:,()]*?[\s,(]*\b(?:or|and/or)\s*", re.I)
# "Active tuberculosis was detected by CT within 1 year": the event is the subject of the passive
_RELATIVE = re.compile(r"\s(?:who|that|which)\s", re.I)
_PASSIVE = re.compile(
    r"\s+(?:was|were|is|are|has\s+been|have\s+been|(?:must|should|may|can|will|shall)(?:\s+not)?\s+be)\s+\w+(?:ed|en)\b.*$",
    re.I,
)  # "... therapies must not be given within 4 weeks": the therapies
_EVENT_AFTER = re.compile(
    r"\s*(?:in|of|for|with|on)\s+(?:the\s+)?(?:(?:completion|end|start|last\s+dose|prior\s+treatment)\s+(?:of|with)\s+)?"
    r"(?:(?:any|all|the|prior|previous|last)\s+)*(?:other\s+)?(?:types?\s+of\s+)?"
    r"(?P<event>[A-Za-z][\w\s,-]{0,60}?)"
    r"(?=\s+(?:prior|before|preceding|to|from|at|since|unless|except|other\s+than|with\s+the|which|that|must|is|are|"
    r"under|has|have|and\s+(?:the|is|are|has|have))\b|,(?![^,;.()]*\b(?:or|and)\b)|[()]|$)",
    re.I,
)


def windows(text: str) -> list[tuple[int, Threshold]]:
    """``X within N weeks before EVENT`` → variable X, ``<= N``, window in days, anchor event.

    X is the event's phrase as written, lowercased ("major surgery", "drug or alcohol abuse");
    without a phrase before the window, the one after it ("participated in the previous 4
    weeks in any other clinical study"). The row's ``event_category`` is the one of
    :data:`WINDOW_SUBJECTS` its phrase names (``vaccination``, ``anticancer_therapy``, ...).
    """
    found = []
    if not _LAST.search(text) and "within" not in text.lower():
        return found
    previous: tuple[re.Match, str] | None = None  # the last window and the event it bounds ("" if none)
    for m in _WITHIN.finditer(text):
        if m.group("num") is None and not _LAST.search(text, m.start(), m.start("unit")):
            continue  # "within days of" states no length; "within the past year" is one year
        if comparator_before(text, m.start())[0]:
            continue  # "for at least the past 5 years" is a duration, read as a statement
        before = event_before(text, m.start())
        if _COUNTED_PER.search(re.split(r"\s(?:or|and)\s", before)[-1]) or _COUNT_BEFORE.search(
            text, max(0, m.start() - 100), m.start()
        ):
            continue  # "≥ 4 attacks/week in the 3 months prior": the period a frequency is counted over
        if _STATE_ONLY.fullmatch(before) and "(" in (text[m.start()], text[: m.start()].rstrip()[-1:]):
            before = event_after(" of " + _BRACKET_CLOSE.sub("", m.group("after"), count=1))
        if not before and previous and _ALTERNATIVE.fullmatch(text, previous[0].end(), m.start()):
            variable = previous[1]  # "within 30 days or within 5 half-lives": the same event again
        else:  # "eGFR < 60 as measured within 2 weeks": when the value was taken
            before = before or event_named_before(text, m.start())  # "Myocardial infarction, within 6 months"
            event = tidy(_NEGATION.sub("", before or event_after(m.group("after"))))  # "no transfusion within 14 days"
            named = event_variable(event)
            unit_only = bool(UNIT_ONLY.fullmatch(named))  # "BNP ≥ 150 pg/mL within 90 days": a unit names no event
            variable = measured_quantities(text, m.start(), free=unit_only) or ("" if unit_only else named)
        previous = (m, variable)
        if variable:
            found.append((m.start(), window_row(variable, "<=", m, anchor_in(m.group("after")))))
    return found


def window_row(variable: str, symbol: str, match: re.Match, anchor: str | None) -> Threshold:
    """A window's row: the event, the value and unit ("weeks") as written, the window in days, its category."""
    written = (match.group("num") or "a").lower()
    value = float(WORD_NUMBERS.get(written) or written)
    category = _nearest(variable, _SUBJECT_PATTERNS) or _nearest(variable, _GENERIC_PATTERNS)
    if match.group("unit").lower().startswith("half"):
        return Threshold(variable, symbol, value, "half-lives", None, anchor, category)
    unit = UNIT_WORDS[match.group("unit").lower().rstrip(".")]
    return Threshold(variable, symbol, value, unit + "s", round(value * DAYS_PER_UNIT[unit], 4), anchor, category)


# A window bounds the event whatever the negation ("no transfusion within 14 days"); "no evidence of
# disease" is itself the state a window can bound
_NEGATION = re.compile(r"^(?:no|without|not\s+having(?:\s+received)?)\s+(?!evidence\b)")


def event_variable(phrase: str) -> str:
    """The event's phrase; a long one keeps its last words, where the event is named.

    ("... or recent major surgery").
    """
    phrase = _PLANNED_AFTER.sub(r"\2 \1", phrase)  # "surgery planned" is a planned surgery (the guide's words)
    if len(phrase.split()) <= MAX_EVENT_WORDS:
        return phrase
    return tidy(" ".join(phrase.split()[-MAX_EVENT_WORDS:]))


def event_before(text: str, start: int) -> str:
    """The event a window bounds, named in the clause right before ``start``, lowercased.

    "Has a history of drug or alcohol abuse" → "drug or alcohol abuse": who, auxiliaries,
    "history of", common verbs and determiners are not the event; parentheses restate it.
    """
    left = text[max(0, start - 200) : start]
    left = PARENTHESES.sub(" ", abbreviate(_PARTIAL_WORD.sub("", left) if start > 200 else left))
    ends = [boundary.end() for boundary in _CLAUSE_BOUNDARY.finditer(left)] + _window_ends(left)
    cuts = [0, *sorted(ends)]
    phrase = left[cuts[-1] :]
    # "..., unstable angina, or stable angina": the whole list (a list's last item follows a comma)
    if left[cuts[-1] - 1 : cuts[-1]] in (",", "") and _LIST_TAIL.match(phrase):
        for cut in reversed(cuts[:-1]):
            if left[cut - 1 : cut] != ",":
                phrase = left[cut:]
                break
    elif left[cuts[-1] - 1 : cuts[-1]] == "," and _LAST_PAIR.fullmatch(phrase):
        phrase = left[_list_start(left, cuts) :]
    phrase = _NEW_CLAUSE.split(phrase)[-1]  # "... resection or has received the Gliadel wafer"
    head, tail = (_RELATIVE.split(re.sub(r"\s*,\s*", ", ", phrase), maxsplit=1) + [""])[:2]
    head, tail = tidy(_PASSIVE.sub("", head)), tidy(_PASSIVE.sub("", tail))
    # "malignancies who have been disease-free": the relative clause names the state that lasts
    phrase = tail if tail and not ONLY_VERBS.fullmatch(tail) else head
    if not _NEGATED.search(left):  # "disease progressed" is a progression; "has not recurred" is none
        phrase = _EVENT_VERB.sub(lambda verb: _EVENT_NOUNS[verb.group().lower()], phrase)
    # "based"; "(5 or) higher": a comparator's tail
    return "" if ONLY_VERBS.fullmatch(phrase) or _NOT_AN_EVENT.fullmatch(phrase) else phrase


def _window_ends(left: str) -> list[int]:
    """Where the clauses of earlier windows in ``left`` end: at the comma or conjunction after their anchor.

    "chemotherapy within 4 weeks prior to enrollment or blinatumomab within 2 weeks": the second
    window bounds "blinatumomab", not the first one's anchor.
    """
    ends: list[int] = []
    if not _LAST.search(left) and "within" not in left.lower():
        return ends  # the test windows() makes: no window, no scan
    for window in _WITHIN.finditer(left):
        clause_end = _CLAUSE_END.search(left, window.end())
        joiner = _JOINER.search(left, window.end(), clause_end.start() if clause_end else len(left))
        ends.append(joiner.start() if joiner else window.end())
    return ends


def _list_start(left: str, cuts: list[int]) -> int:
    """Where the list of short items that ends in the last cut's pair begins ("NSAIDs, triptans or opiates")."""
    start = cuts[-1]
    for cut, end in zip(reversed(cuts[:-1]), reversed(cuts[1:]), strict=True):
        if len(left[cut : end - 1].split()) > MAX_LIST_ITEM_WORDS:
            break
        start = cut
        if left[cut - 1 : cut] != ",":
            break
    return start


def event_after(after: str) -> str:
    """The event named after a window ("in the previous 4 weeks in any other clinical study")."""
    match = _EVENT_AFTER.match(after)
    return tidy(match.group("event")) if match else ""


def anchor_in(text: str) -> str | None:
    """The anchor event (:data:`ANCHOR_EVENTS`) named first in ``text``."""
    return _first(text, _ANCHOR_PATTERNS)


def _compiled(names: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile(pattern, re.I)) for name, pattern in names)


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


# "Chronic migraine, for at least 12 months": the state that lasts is the clause before the comma;
# an inserted example or aside ("…, including those for prevention, for 60 days") is skipped
_COMMA_BEFORE = re.compile(r",\s*$")
_ASIDE = re.compile(r"\s*(?:including|such\s+as|e\.g\.?|i\.e\.?|especially|except)\b", re.I)
MAX_ASIDES = 2
_DIGIT = re.compile(r"\d")


def event_named_before(text: str, start: int) -> str:
    """The event a duration or window at ``start`` bounds: the clause right before it, or the one before its comma.

    A clause that states a number of its own ("Age 18 or older, for 3 months") is another limit.
    """
    end, event = start, event_variable(event_before(text, start))
    for _ in range(MAX_ASIDES + 1):
        if event or not _COMMA_BEFORE.search(text, 0, end):
            return event
        end = text.rindex(",", 0, end)
        clause_start = max(text.rfind(",", 0, end), text.rfind(";", 0, end), text.rfind(".", 0, end)) + 1
        if _ASIDE.match(text, clause_start, end):
            end = clause_start
            continue
        return "" if _DIGIT.search(text, clause_start, end) else event_variable(event_before(text, end))
    return event
