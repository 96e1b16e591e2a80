"""Time windows of eligibility criteria: how long before (or since) which event.

``X within N weeks before EVENT`` gives variable X, ``<= N``, the window in days and the
anchor event; ``≥ 2 weeks from prior chemotherapy`` gives the subject's minimum time since.
The variable is the event's phrase as written ("major surgery"), as for any quantity the
vocabulary does not name; ``event_category`` groups events across wordings (:data:`WINDOW_SUBJECTS`).
"""

from __future__ import annotations

import re

from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.time_frames import DAYS_PER_UNIT
from tasks.normalize.vocabulary import NUMBER_WORDS

_UNIT = r"(?P<unit>hours?|days?|weeks?|months?|years?)"
_COUNT = r"(?P<num>\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r"|an?)\b)"
# "within (the past) 6 months", "in the last three weeks", "the past year" (one year)
_WITHIN = re.compile(
    r"(?:\bwithin\s+(?:the\s+)?(?:(?:past|last|previous|preceding|prior)\s+)?"
    r"|\b(?:(?:in|during|over)\s+)?the\s+(?:past|last|previous|preceding)\s+)"
    rf"(?:{_COUNT}[\s-]*)?{_UNIT}\b(?P<after>[^.;]{{0,80}})",
    re.I,
)
_LAST = re.compile(r"\b(?:past|last|previous|preceding)\b", re.I)
_SINCE = re.compile(
    rf"\b{_COUNT}[\s-]*{_UNIT}\s+(?P<elapsed>(?:must\s+have\s+|have\s+|has\s+)?(?:elapsed|passed)\s+)?"
    r"(?:from|since|after)\s+(?P<after>[^.;]{0,80})",
    re.I,
)
_REFERENCE_POINT = re.compile(
    r"\s*(?:the\s+)?(?:date|day|time|start|beginning|first\s+dose|enrol|registration|randomi|screening|"
    r"study\s+entry|planned|signing|consent)",
    re.I,
)
MAX_EVENT_WORDS = 8
# the last item of a list of short names ("..., or stable angina"), not a clause ("or a history of")
_LIST_TAIL = re.compile(r"\s*(?:or|and)\s+(?!(?:a|an|any|the)\s|history\b)(?:[\w/-]+\s*){1,4}$", re.I)
_NEW_CLAUSE = re.compile(r"\b(?:or|and|but)\s+(?:has|have|had|is|are|was|were)\b", re.I)
_ONLY_VERBS = re.compile(
    r"(?:(?:participat\w*|enrolled|taking\s+part|took\s+part|has|have|had|been|or|and|as|currently)\s*)*", re.I
)
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# where the clause naming the event begins: punctuation, an item number, a number with its unit
_CLAUSE_BOUNDARY = re.compile(
    r"[.;:!?](?:\s|$)|[,;:(\[]|^\s*\d{1,2}\s*[.)]|(?<![\w^-])\d(?:[\d.,]*\d)?(?:\s*(?:%|[a-z/]+\b))?",
    re.I,
)
_LEADING = re.compile(
    r"^(?:\d{1,2}\s*[.)]\s*|[^\w(]+"
    r"|(?:and|or|but|with|without|including|e\.g\.?|i\.e\.?|nor|any\s+of|as)\s+"
    r"|(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|people|persons?|those|women|men|females?|"
    r"males?|volunteers?)\b\s*(?:who\s+|that\s+)?"
    r"|(?:who|which|that|he|she|they)\s+"
    r"|(?:has|have|had|having|is|are|was|were|be|been|being|will|did|does|do)\s+(?:not\s+)?"
    r"|(?:currently|previously|recently|ever|already|self-reported|documented|known)\s+"
    r"|(?:(?:a|any|known|documented|personal|prior|previous|past|recent)\s+)*(?:medical\s+)?history\s+of\s+"
    r"|(?:received|receiving|consumed|consuming|used|using|taken|taking|undergone|undergoing|underwent|"
    r"experienced|experiencing|participated\s+in|participating\s+in|planning\s+to|plans?\s+to|"
    r"intends?\s+to|scheduled\s+for|diagnosed\s+with|treated\s+with|treatment\s+with|evidence\s+of|"
    r"presence\s+of|occurrence\s+of|signs?\s+of|use\s+of|exposure\s+to|administration\s+of)\s+"
    r"|(?:any|all|a|an|the|some|other|certain|(?:form|type|kind)s?\s+of)\s+)",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:that|which)?\s*(?:has\s+|have\s+|had\s+|was\s+|were\s+)?(?:been\s+)?"
    r"(?:occurred|occurring|happened|performed|administered|given|started|received|done|measured)"
    r"|\s+(?:of|for|to|in|on|at|by|and|or|with|that|which|who|the|a|an|is|are|was|were|as)"
    r"|[\s,:-]+)$",
    re.I,
)
_EVENT_AFTER = re.compile(
    r"\s*(?:in|of|for|with|on)\s+(?:the\s+)?(?:(?:completion|end|start|last\s+dose|prior\s+treatment)\s+(?:of|with)\s+)?"
    r"(?:(?:any|all|the|prior|previous|last)\s+)*(?:other\s+)?(?:types?\s+of\s+)?"
    r"(?P<event>[A-Za-z][\w\s,-]{0,60}?)"
    r"(?=\s+(?:prior|before|preceding|to|from|at|since|unless|except|other\s+than|with\s+the|which|that|must|is|are|"
    r"under|has|have|and\s+(?:the|is|are|has|have))\b|[,()]|$)",
    re.I,
)

ANCHOR_EVENTS = (
    ("pbmc_collection", r"peripheral\s+blood\s+mononuclear|\bPBMC|apheresis|leukapheresis"),
    ("enrollment", r"enrol|registration|study\s+entry|screening"),
    ("infusion", r"infusion"),
    ("first_dose", r"first\s+dose|start\s+of\s+(?:study\s+)?treatment|initiation|day\s+1|lymphodepl"),
    ("consent", r"consent"),
    ("randomization", r"randomi[sz]"),
)
WINDOW_SUBJECTS = (
    ("vaccination", r"vaccin"),
    ("active_infection", r"infect"),
    ("immunosuppressive_therapy", r"immunosuppress|corticosteroid|steroid"),
    ("asct", r"autologous\s+stem\s+cell|\bASCT\b|\btransplant"),
    ("investigational_drug", r"investigational|other\s+clinical\s+trials?|clinical\s+stud"),
    (
        "anticancer_therapy",
        r"chemotherapy|anti-?cancer|anti-?tumou?r|radiotherapy|radiation|antibod|"
        r"CAR-?T",
    ),
    ("surgery", r"\bsurg|\boperation\b|\bresection"),
)
# the category of an event no specific subject names
_GENERIC_SUBJECTS = (("prior_treatment", r"therap|treatment|medication|\bdrugs?\b"),)


def since_windows(text: str) -> list[tuple[int, Threshold]]:
    """``≥ 2 weeks from prior chemotherapy`` → "time since chemotherapy" ``>= 2`` weeks.

    The event is the one named after "from" / "since" / "after", unless that names the
    reference point ("< 30 days from the date of planned resection"): then it is the one
    named before the statement ("gliadel wafer"). "14 days must have elapsed since X" is a
    minimum too.
    """
    found = []
    for m in _SINCE.finditer(text):
        phrase, start = comparator_before(text, m.start())
        if phrase is None and not m.group("elapsed"):
            continue
        symbol = comparator(phrase) if phrase else ">="
        after = m.group("after")[:80]
        if _REFERENCE_POINT.match(after):
            variable = _variable(event_before(text, start))
        else:
            event = event_after(" of " + after)
            variable = f"time since {event}" if event else ""
        if variable:
            found.append((start, _window_row(variable, symbol, m, None)))
    return found


def windows(text: str) -> list[tuple[int, Threshold]]:
    """``X within N weeks before EVENT`` → variable X, ``<= N``, window in days, anchor event.

    X is the event's phrase as written, lowercased ("major surgery", "drug or alcohol abuse");
    without a phrase before the window, the one after it ("participated in the previous 4
    weeks in any other clinical study"). The row's ``event_category`` is the one of
    :data:`WINDOW_SUBJECTS` its phrase names (``vaccination``, ``anticancer_therapy``, ...).
    """
    found = []
    for m in _WITHIN.finditer(text):
        if m.group("num") is None and not _LAST.search(m.group(0)):
            continue  # "within days of" states no length; "within the past year" is one year
        if comparator_before(text, m.start())[0]:
            continue  # "for at least the past 5 years" is a duration, read as a statement
        variable = _variable(event_before(text, m.start()) or event_after(m.group("after")))
        if variable:
            found.append((m.start(), _window_row(variable, "<=", m, _first(m.group("after"), ANCHOR_EVENTS))))
    return found


def _window_row(variable: str, symbol: str, match: re.Match, anchor: str | None) -> Threshold:
    """A window's row: the event, the value and unit as written, the window in days, its category."""
    unit = _unit_name(match.group("unit"))
    written = (match.group("num") or "a").lower()
    value = float(1 if written in ("a", "an") else NUMBER_WORDS.get(written) or written)
    window = round(value * DAYS_PER_UNIT[unit.rstrip("s")], 4)
    category = _nearest(variable, WINDOW_SUBJECTS) or _nearest(variable, _GENERIC_SUBJECTS)
    return Threshold(variable, symbol, value, unit, window, anchor, category)


def _variable(phrase: str) -> str:
    """The event's phrase; a long one keeps its last words, where the event is named.

    ("... or recent major surgery").
    """
    if len(phrase.split()) <= MAX_EVENT_WORDS:
        return phrase
    return _tidy(" ".join(phrase.split()[-MAX_EVENT_WORDS:]))


def event_before(text: str, start: int) -> str:
    """The event a window bounds, named in the clause right before ``start``, lowercased.

    "Has a history of drug or alcohol abuse" → "drug or alcohol abuse": who, auxiliaries,
    "history of", common verbs and determiners are not the event; parentheses restate it.
    """
    left = _PARENTHESES.sub(" ", text[max(0, start - 200) : start])
    cuts = [0] + [boundary.end() for boundary in _CLAUSE_BOUNDARY.finditer(left)]
    phrase = left[cuts[-1] :]
    if _LIST_TAIL.match(phrase):  # "..., unstable angina, or stable angina": the whole list
        for cut in reversed(cuts[:-1]):
            if left[cut - 1 : cut] != ",":
                phrase = left[cut:]
                break
    phrase = _NEW_CLAUSE.split(phrase)[-1]  # "... resection or has received the Gliadel wafer"
    phrase = _tidy(re.sub(r"\s*,\s*", ", ", phrase))
    return "" if _ONLY_VERBS.fullmatch(phrase) else phrase


def event_after(after: str) -> str:
    """The event named after a window ("in the previous 4 weeks in any other clinical study")."""
    match = _EVENT_AFTER.match(after)
    return _tidy(match.group("event")) if match else ""


def _tidy(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = _LEADING.sub("", phrase, count=1)
        phrase = _TRAILING.sub("", phrase, count=1)
    return phrase.lower()


def _unit_name(unit: str) -> str:
    """Normalise ``week`` / ``Weeks`` to ``weeks``."""
    unit = unit.lower()
    return unit if unit.endswith("s") else unit + "s"


def _nearest(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches closest to the end of ``text``."""
    hits = [(m.end(), name) for name, pattern in names for m in re.finditer(pattern, text, re.I)]
    return max(hits)[1] if hits else None


def _first(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches first in ``text``."""
    hits = [(m.start(), name) for name, pattern in names for m in [re.search(pattern, text, re.I)] if m]
    return min(hits)[1] if hits else None
