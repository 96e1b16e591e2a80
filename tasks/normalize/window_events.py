"""The event a window or a duration bounds, named as written: "major surgery", "drug or alcohol abuse".

Criteria name the event inside a sentence, before the window ("Has a history of drug or alcohol
abuse within 6 months"), after it ("in the previous 4 weeks in any other clinical study") or, when
the window opens the criterion, in the clause after its anchor ("Within 7 days before the first
dose, received a strong CYP3A inducer"). Who, auxiliaries, common verbs and determiners are not
the event; a long phrase keeps the words where the event is named.
"""

from __future__ import annotations

import re

from tasks.normalize.acronyms import abbreviate
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy
from tasks.normalize.vocabulary import ANY_COMPARATOR
from tasks.normalize.window_patterns import ANCHOR_AFTER_SINCE, CURRENTLY_OR, LAST, WITHIN

MAX_EVENT_WORDS = 12
# the last item of a list of short names ("..., or stable angina"), not a clause ("or a history of")
_LIST_TAIL = lazy_re(r"\s*(?:or|and)\s+(?!(?:a|an|any|the)\s|history\b)[\w/-]+(?:\s+[\w/-]+){0,3}\s*$", re.I)
# "NSAIDs, triptans or opiates": the last two items of a list, joined without a comma
MAX_LIST_ITEM_WORDS = 5
_LAST_PAIR = lazy_re(
    r"\s*(?!(?:with|without|no|not|and|or|in|of|for|to|by|from|at|on|before|during|after)\b)"
    r"[\w/-]+(?:\s+[\w/-]+){0,2}\s+(?:or|and)\s+(?!(?:a|an|any|the)\s)[\w/-]+(?:\s+[\w/-]+){0,2}\s*",
    re.I,
)
_NEW_CLAUSE = lazy_re(
    r"\b(?:(?:or|and)\s+(?:has|have|had|is|are|was|were|receiv(?:ing|ed)|tak(?:ing|en)|us(?:ing|ed)|undergo(?:ing|ne)|"
    r"underwent)|but|(?:must|should|shall|needs?\s+to|has\s+to|have\s+to)\s+(?:have|be|show)(?:\s+been)?)\b",
    re.I,
)
# "… are eligible if they have received HBV antiviral therapy for ≥ 4 weeks": what lasts is named after the
# condition's opener, not before it
_CONDITION = lazy_re(
    r"\b(?:if|unless|provided\s+that|there\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been))\s+(?=\w)", re.I
)
ONLY_VERBS = lazy_re(
    r"(?:(?:participat\w*+|enrolled|taking\s+part|took\s+part|has|have|had|been|be|is|are|or|and|as|currently)\b\s*)*",
    re.I,
)
PARENTHESES = lazy_re(r"\([^()]*\)|\[[^\[\]]*\]")
# where the clause naming the event begins: punctuation, an item number, a number with its unit
_CLAUSE_BOUNDARY = lazy_re(
    r"[.;:!?](?:\s|$)|[,;:(\[]|^\s*\d{1,2}\s*[.)]"
    r"|(?<!type\s)(?<!grade\s)(?<!stage\s)(?<!class\s)(?<!phase\s)(?<!level\s)(?<![\w^-])\d(?:[\d.,]*\d)?(?![A-Z]\d)"
    r"(?:\s*(?:[x×*]\s*10\s*\^?\s*\d+\s*)?/\s*[\wµμ³]+"  # "75,000/µL", "1.5 x 10^9/L"
    r"|[\s-]*(?:%|(?:mg|g|kg|mm|cm|ml|l|mmol|µmol|umol|iu|u|mmhg|gy|gray|x|days?|weeks?|months?|years?|hours?|h)\b[/\w.^]*"
    r"|\s*°\s*[CF]\b))?",
    re.I,
)
_JOINER = lazy_re(r",|\b(?:and/or|or|and)\b", re.I)
_NOT_AN_EVENT = lazy_re(r"[a-z-]+ed|(?:high|great|low|few|long|short)er|more|less")
# an event written as a verb is named as a noun, as labellers and analysts write it
EVENT_NOUNS = {"progressed": "progression", "relapsed": "relapse", "recurred": "recurrence"}
_NEGATED = lazy_re(r"\b(?:not|never)\s+(?:\w+\s+)?\w+\s*$", re.I)
_EVENT_VERB = lazy_re(rf"\b(?:{'|'.join(EVENT_NOUNS)})$", re.I)
_PLANNED_AFTER = lazy_re(r"^(.+?)\s+(planned|scheduled|anticipated)$", re.I)
_PARTIAL_WORD = lazy_re(r"^\S*")  # a window of text cut mid-word does not name with half a word
_CLAUSE_END = lazy_re(r"[.;:](?:\s|$)")
# "Active tuberculosis was detected by CT within 1 year": the event is the subject of the passive
_RELATIVE = lazy_re(r"\s(?:who|that|which)\s", re.I)
_PASSIVE = lazy_re(
    r"\s+(?:was|were|is|are|has\s+been|have\s+been|(?:must|should|may|can|will|shall)(?:\s+not)?\s+be)\s+\w+(?:ed|en)\b.*$",
    re.I,
)  # "... therapies must not be given within 4 weeks": the therapies
_EVENT_AFTER = lazy_re(
    r"\s*(?:in|of|for|with|on|(?P<since>since|from|after))\s+(?:the\s+)?"
    r"(?:(?:completion|end|start|last\s+dose|prior\s+treatment|receipt|administration)\s+(?:of|with)\s+)?"
    r"(?:(?:any|all|the|prior|previous|last)\s+)*(?:other\s+)?(?:types?\s+of\s+)?"
    r"(?P<event>[A-Za-z][\w\s,-]{0,60}?)"
    r"(?=\s+(?:prior|before|preceding|to|from|at|since|unless|except|or\s+if|other\s+than|with\s+the|which|that|must|is|are|"
    r"under|has|have|and\s+(?:the|is|are|has|have))\b|,?\s+(?:(?:and|or)\s+)?within\b|,(?![^,;.()]*\b(?:or|and)\b)|[()]|$)",
    re.I,
)


_OR_HISTORY = lazy_re(
    r"^(?P<left>.+?)\s+or\s+(?:a\s+)?(?:(?:prior|previous|past)\s+)?(?:history|use)\s+of\s+(?:any\s+)?"
    r"(?:(?:type|form|kind)s?\s+of\s+)?(?P<right>[^,;]+)$"
)
# "chronic or acute use of steroid medications": the drug; "systemic or topical administration of
# glucocorticoids": the drug by its routes
_WHEN = r"current|prior|previous|past|recent|chronic|acute|concomitant|ongoing|regular"
_ROUTE = r"systemic|topical|oral|intravenous|intramuscular|intra-?articular|subcutaneous|inhaled|intranasal|local"
_MANNER_OF = lazy_re(
    rf"^(?P<manner>(?:(?:{_WHEN}|{_ROUTE}),?\s+(?:(?:or|and)\s+)?)*(?:{_WHEN}|{_ROUTE}))\s+(?:use|administration)\s+of\s+"
)
_ROUTE_ONLY = lazy_re(rf"^(?:(?:{_ROUTE}),?\s+(?:(?:or|and)\s+)?)*(?:{_ROUTE})$")
# what follows the event and is no part of it: "… for any indication", "… resulting in seizure"
_LEADING_BRACKET = lazy_re(r"^\s*\([^()]*\)")
_AFTER_EVENT = lazy_re(r"\s+(?:for\s+any\s+(?:indication|reason)\b|resulting\s+in\b|leading\s+to\b).*$")


def event_variable(phrase: str) -> str:
    """The event's phrase; a long one keeps its last words, where the event is named.

    ("... or recent major surgery").
    """
    if "pregnancy test" in phrase:
        return _pregnancy_test(phrase)
    phrase = _PLANNED_AFTER.sub(r"\2 \1", phrase)  # "surgery planned" is a planned surgery (the guide's words)
    phrase = _AFTER_EVENT.sub("", _MANNER_OF.sub(_routes, phrase))
    either = _OR_HISTORY.match(phrase)  # "active malignancy or prior history of malignancy": the malignancy
    if either and either.group("left").split()[-1] == either.group("right").split()[-1]:
        phrase = either.group("right")
    if len(phrase.split()) <= MAX_EVENT_WORDS:
        return phrase
    return tidy(" ".join(phrase.split()[-MAX_EVENT_WORDS:]))


def _pregnancy_test(phrase: str) -> str:
    """A pregnancy test by its result and specimen, as labels name it: "negative serum or urine pregnancy test".

    ("… had to undergo a serum pregnancy test with a negative result", "… beta-hCG pregnancy test result").
    """
    words = [match.group() for pattern in (_RESULT, _SPECIMEN) for match in [pattern.search(phrase)] if match]
    return " ".join([*words, "pregnancy test"])


_RESULT = lazy_re(r"\b(?:negative|positive)\b")
_SPECIMEN = lazy_re(r"\b(?:serum|urine|blood)(?:\s+(?:or|and/or|and)\s+(?:serum|urine|blood))?\b")


def _routes(manner: re.Match) -> str:
    """What is kept of the words before "use of": routes stay, times go ("current or prior use of X" is X)."""
    return manner.group("manner") + " " if _ROUTE_ONLY.match(manner.group("manner")) else ""


def event_before(text: str, start: int) -> str:
    """The event a window bounds, named in the clause right before ``start``, lowercased.

    "Has a history of drug or alcohol abuse" → "drug or alcohol abuse": who, auxiliaries,
    "history of", common verbs and determiners are not the event; parentheses restate it.
    """
    start = _before_examples(text, start)
    current = CURRENTLY_OR.search(text, max(0, start - 60), start)  # "X (currently or within 30 days)": X
    start = current.start() if current else start
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
    phrase = _after_condition(_NEW_CLAUSE.split(phrase)[-1])  # "... resection or has received the Gliadel wafer"
    head, tail = (_RELATIVE.split(re.sub(r"\s*,\s*", ", ", phrase), maxsplit=1) + [""])[:2]
    head, tail = tidy(_PASSIVE.sub("", head)), tidy(_PASSIVE.sub("", tail))
    # "malignancies who have been disease-free": the relative clause names the state that lasts
    phrase = tail if tail and not ONLY_VERBS.fullmatch(tail) else head
    if not _NEGATED.search(left):  # "disease progressed" is a progression; "has not recurred" is none
        phrase = _EVENT_VERB.sub(lambda verb: EVENT_NOUNS[verb.group().lower()], phrase)
    # "based"; "(5 or) higher": a comparator's tail
    return "" if ONLY_VERBS.fullmatch(phrase) or _NOT_AN_EVENT.fullmatch(phrase) else phrase


def _after_condition(phrase: str) -> str:
    """What a condition's opener in ``phrase`` introduces, where it names something ("if completed" names nothing)."""
    parts = _CONDITION.split(phrase)
    condition = tidy(parts[-1])
    named = len(parts) > 1 and condition and not (ONLY_VERBS.fullmatch(condition) or _NOT_AN_EVENT.fullmatch(condition))
    return condition if named else phrase


# "targeted therapy such as monoclonal antibody, ADC, etc. within 4 weeks": examples closed by
# "etc." are no clause of their own; the event is named before them
_ETC = lazy_re(r",?\s*\betc\.?,?\s*$", re.I)
_SENTENCE_END = lazy_re(r";|(?<!\w\.\w)\.\s")  # "e.g. " ends no sentence
_EXAMPLES_OPEN = lazy_re(r",?\s*\b(?:such\s+as|including|e\.\s?g\.?|for\s+example)[\s,]", re.I)
# "… such as HIV, or received steroids, etc.": an opener before a new clause opens none of its examples
_CLAUSE_AFTER = lazy_re(r",\s*(?:or|and)\s+(?:who\s+)?(?:has|have|had|is|are|was|were|\w+ed)\b", re.I)


def _before_examples(text: str, start: int) -> int:
    """Where the phrase before ``start`` ends when a list of examples closed by "etc." ends at ``start``."""
    etc = _ETC.search(text, max(0, start - 200), start)
    if etc is None:
        return start
    sentence = max((m.end() for m in _SENTENCE_END.finditer(text, 0, etc.start())), default=0)
    openers = list(_EXAMPLES_OPEN.finditer(text, sentence, etc.start()))
    if not openers:  # "Live vaccines etc.": the phrase; "chemotherapy, radiotherapy, etc." names no event of its own
        return start if "," in text[sentence : etc.start()] else etc.start()
    return start if _CLAUSE_AFTER.search(text, openers[-1].end(), etc.start()) else openers[-1].start()


def _window_ends(left: str) -> list[int]:
    """Where the clauses of earlier windows in ``left`` end: at the comma or conjunction after their anchor.

    "chemotherapy within 4 weeks prior to enrollment or blinatumomab within 2 weeks": the second
    window bounds "blinatumomab", not the first one's anchor.
    """
    ends: list[int] = []
    if not LAST.search(left) and "within" not in left.lower():
        return ends  # the test windows() makes: no window, no scan
    for window in WITHIN.finditer(left):
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
    after = _LEADING_BRACKET.sub(" ", after)  # "in the last 3 months (12 weeks) in a study"
    match = _EVENT_AFTER.match(after)
    if not match or (match.group("since") and ANCHOR_AFTER_SINCE.match(after, match.end("since"))):
        return ""  # "within 42 days since tumor vaccines" names its event; "from enrolment" is an anchor
    return tidy(match.group("event"))


# "Within 14 days before the first dose, received chemotherapy, …": a window that opens the criterion
_OPENS = lazy_re(r"\W*(?:\d{1,2}\s*[.)]\s*)?")
_ANCHOR_THEN_CLAUSE = lazy_re(r"[^,;.]{0,80},\s*(?P<clause>[^.;]{1,200})")
_UNTIL_LIMIT = lazy_re(
    rf"\s*(?:[<>≤≥]|(?:{ANY_COMPARATOR})\s*\d)|\s+requiring\b|,\s*(?:or|and)\s+(?:need|underwent)", re.I
)


def clause_after_anchor(text: str, start: int, end: int) -> str:
    """The event of a window that opens the criterion: the clause after its anchor's comma.

    "Within 7 days before the first dose of study drug, received a strong CYP3A inducer" → "strong
    CYP3A inducer" (the words :func:`tidy` keeps); up to a limit of its own ("bleeding ≥ grade 3").
    """
    if not _OPENS.fullmatch(text, 0, start):
        return ""
    clause = _ANCHOR_THEN_CLAUSE.match(re.sub(r"\s*\([^()]*\)", "", text[end:]))
    if not clause:
        return ""
    words = tidy(_NEW_CLAUSE.split(_UNTIL_LIMIT.split(clause.group("clause"))[0])[0]).split()
    return " ".join(_within_limit(words))  # a long list: its items up to the last comma within the limit


# the listed events, after the first item's mark ("a. Prokinetic agents", "1) ...")
_BRACKETED = lazy_re(r"\s*\([^()]*\)")  # with the space before it: "heart failure (NYHA ≥ II), ..."
_COLON_LIST = lazy_re(r"[^.;:]{0,120}:\s*(?:\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)]\s+)?(?P<listed>[^.;]{1,300})", re.I)


def listed_after_colon(text: str, end: int) -> str:
    """The events a colon after ``end`` lists, in the sentence ("...: myocardial infarction, unstable angina")."""
    listed = _COLON_LIST.match(text, end)
    if not listed:
        return ""
    words = tidy(_BRACKETED.sub("", listed.group("listed"))).split()
    return " ".join(_within_limit(words))


def _within_limit(words: list[str]) -> list[str]:
    """A long list's items up to the last comma within :data:`MAX_EVENT_WORDS` words."""
    if len(words) <= MAX_EVENT_WORDS:
        return words
    kept = " ".join(words[:MAX_EVENT_WORDS])
    return kept[: kept.rfind(",")].split() if "," in kept else words[:MAX_EVENT_WORDS]


# "Chronic migraine, for at least 12 months": the state that lasts is the clause before the comma;
# an inserted example or aside ("…, including those for prevention, for 60 days") is skipped
_COMMA_BEFORE = lazy_re(r",\s*$")
_ASIDE = lazy_re(r"\s*(?:including|such\s+as|e\.g\.?|i\.e\.?|especially|except)\b", re.I)
MAX_ASIDES = 2
# a number of the clause's own ("Age 18 or older"), not a digit inside a name ("CYP3A4", "IL-6", "HER2")
_OWN_NUMBER = lazy_re(r"(?<![\w-])\d")


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
        return "" if _OWN_NUMBER.search(text, clause_start, end) else event_variable(event_before(text, end))
    return event
