"""Which quantity a limit bounds: a known variable named before or right after it, else its phrase.

"AST/ALT ≤ 2.5 x ULN" limits ``ast`` and ``alt`` (an alias group); "≥ 20% blasts" names it after;
"tumor size ≥ 2 cm" is the phrase as written, lowercased; "at least 2 previous episodes" counts the
noun after its number; "HAQ-DI score ≥ 0.25" is the score's acronym, ``haq-di``.
"""

from __future__ import annotations

import re

from tasks.normalize.instruments import instrument_named
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.lesions import lesion_size, measurable
from tasks.normalize.names import CHANGE_WORDS, acronym_name, named_after, named_before, scale_named_after
from tasks.normalize.phrases import FAILED, NOT_A_NAME, NOT_A_NOUN, NOT_COUNTED, STOP, VERB, plural, tidy, words_before
from tasks.normalize.vocabulary import ANY_COMPARATOR, ANY_UNIT, UNIT_ONLY

_UNIT = ANY_UNIT
# a number ends the clause a quantity is named in, unless it opens a compound ("24-hour urine protein", "6MWD")
_BOUNDARY = lazy_re(  # … and the comma closing a time's anchor ("within 4 weeks before the first dose, they …")
    r"[;\n•]|\.\s|(?<![\w^-])\d(?:[\d.,]*\d)?(?![\d.,]*-[A-Za-z]|\d*(?-i:[A-Z]{2}))(?:\s*(?:" + _UNIT + r"))?"
    r"(?:\s+(?:before|prior\s+to)\s[^,;.()]{1,60},\s)?",
    re.I,
)
_SENTENCE_BREAK = lazy_re(r"[\n•]|\.\s")  # not ";": "QTc (male > 450 ms; female > 470 ms)"
_DURATION_FOR = lazy_re(r"\b(?:for|during|over)\s*$", re.I)
_ONLY_CONNECTORS = lazy_re(r"[\s,;(\[]*(?:(?:and|or|but)\s*)?", re.I)
_OF_PHRASE = lazy_re(
    r"(?:(?<=[^\d\s])|(?<=[A-Za-z]\d))\s+of\s+(?:the\s+)?(?P<phrase>(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)"
    r"(?=\s+(?:in|at|on|with|for|by|during|and|or|to|daily|weekly|per|may|is|are|must|should|will|prior|before|after|"
    r"following|since|from|that|which|who|without|within|over|than|was|were|has|have|had|can|could|when|where|if|"
    r"alongside|across|throughout)\b|\s*[.,;:()]|\s*$)",  # "> 10% of the tumor tissue was …": the verb ends it
    re.I,
)
_PRIOR = lazy_re(r"\s+prior(?=\s+(?!to\b)[A-Za-z])", re.I)
_TIME_UNIT_END = lazy_re(r"(?<![/\w])(?:hours?|days?|weeks?|months?|years?)$", re.I)  # not "mg/day"
# "must suffer at least 2 attacks", "performing at least 4 tests": what is suffered or done is counted
# ("received at least 2 cycles" states a treatment history, not a limit)
_COUNTING_VERB_BEFORE = lazy_re(r"\b(?:suffer|perform|report|experienc|complet|smokes\b|smoked\b)\w*\s*$", re.I)
_NOUN_AFTER_VALUE = lazy_re(
    r"\s+(?!(?:in|for|with|among|at|on|of|if|when|and|or|but|per|during|before|after|than|who|that)\b)[A-Za-z]", re.I
)
# "Bridging therapy must be completed ≥ 7 days before": the treatment is the quantity, not its completion
_DONE_PASSIVE = lazy_re(
    r"\s+(?:(?:must|should|shall|will|to|has|have|had)\s+)*(?:be|been|was|were)\s+(?:completed|discontinued|stopped|finished|"
    r"administered|given)\s*$",
    re.I,
)
_QUALIFIED_ALTERNATIVE = lazy_re(r"\((?:for\s+|in\s+)?[^()\d]{1,60}[:,]\s*$")
# "AST ≤ 3 × ULN (liver metastasis ≤ 5 × ULN)", "and in liver …": a condition, then the same quantity's limit
_CONDITION_ONLY = lazy_re(
    r"(?:\b(?:liver|hepatic|bone)\s+(?:metasta\w*|involvement)|\bgilbert\w*(?:'s)?(?:\s+(?:syndrome|disease))?)"
    r"\s*[:,]?\s*$",
    re.I,
)
_COMPLETED = lazy_re(r"\bcomplet\w*\s*$", re.I)
# "an average of", "a history of", "exposure to": words that frame the count of the noun after them
_FRAMING = "average|mean|total|sum|median|presence|history|evidence|occurrence|receipt|use|involvement"
_FRAMED_BY = "personal|medical|lifetime|prior|previous|past|documented|known|symptomatic"
_FRAMING_NOUN = lazy_re(rf"(?:(?:{_FRAMED_BY})\s+)*(?:{_FRAMING}|exposure)", re.I)
_FRAMING_OF = lazy_re(rf"\b(?:(?:{_FRAMING})\s+of|exposure\s+to)\s*$", re.I)
_ATTESTED = lazy_re(r"documented|known|confirmed", re.I)  # "at least 3 documented attacks" counts attacks
_MEASURED_AS = lazy_re(r"\s+(?:levels?|values?|concentrations?|classifications?)$", re.I)
COPULA = lazy_re(r"(?:\s(?:is|are|was|were|(?:must|should|to)\s+be|be)|,?\s+on\s+average(?:\s+by)?)\s*:?\s*$", re.I)
_LETTERS = lazy_re(r"[A-Za-z]{2}")
# a counted phrase whose last word is an adjective or adverb names no countable thing
# "3 cycles of X", "2 episodes of CH": counts of a thing's cycles or episodes, named "X cycles", "ch episodes"
_COURSES = {f"{word}{end}": f"{word}s" for word in ("cycle", "course", "episode") for end in ("", "s")}
_ADVERB_AFTER = lazy_re(r"(?<=\w)\s+\w+ly$")
_NOUN_END = (
    r"(?=\s+(?:in|at|on|with|for|by|during|per|of|that|which|who|were|was|are|is|to|before|after|from|prior|"
    r"within|over|as|and|or|must|should|available|daily|weekly|monthly|between|outside|a|an|each|every|has|have|had|can|will|not"
    r"{verbs})\b|\s*[.,;:()<>≤≥]|/(?:day|week|month|year)\b|\s*$)"  # "one lesion ≥ 2 cm": its size follows
)
# "≥ 2 moderate or severe exacerbations": a pair of severities is part of the counted noun
_NOUN = (
    r"\s+(?P<phrase>(?:(?:mild|moderate|severe)(?:\s+(?:or|to|and/or)\s+|-to-)(?:moderate|severe|serious)\s+)?"
    r"(?:[A-Za-z][\w-]*\s+){0,4}?[A-Za-z][\w-]*)"
)
_NOUN_AFTER = lazy_re(_NOUN + _NOUN_END.format(verbs=r"|\w+ing|\w+ed"), re.I)
# a measured quantity's name may end in "-ing" ("> 50% canal narrowing")
_MEASURED_AFTER = lazy_re(_NOUN + _NOUN_END.format(verbs=""), re.I)
_ACRONYM_SCORE = lazy_re(
    r"(?<![\w-])\(?(?P<acronym>(?=[\w-]*[A-Z][\w-]*[A-Z])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?)\)?\s+"
    r"(?i:total\s+)?(?i:score|scale|index)\s*(?i:of\s*)?[:=(-]*\s*$"
)
# A clause ending in a link names its quantity after its value ("with ≥ 3 mm translation", "after ≥ 3 blocks")
_LINK_BEFORE = lazy_re(
    r"\b(?:with|of|by|in|on|if|has|have|having|showing|defined\s+as|after"
    r"|(?:exposure|response|refractory|resistan\w+|intoleran\w+)\s+to|(?:positive|negative)\s+for)\s*$",
    re.I,
)
_AGE_WITH = lazy_re(r"\bage[ds]?\b[^,;:]*?\bwith\s+(?:an?\s+|the\s+)?[A-Za-z]", re.I)
# "≥ 2 and ≤ 8 attacks" (not "≥ 2 and ≤ 10 cm": a measured second value names the first's unit, no noun)
_SECOND_COUNT = lazy_re(
    rf"\s*(?:and|but)\s+(?:{ANY_COMPARATOR})\s*\d+(?:\.\d+)?(?![\d.])(?!\s*(?:{ANY_UNIT})\b)", re.I
)
# "on 3 or more days per week": a count of days in a period is a frequency of the thing named before it
FREQUENCY = lazy_re(r"\s*(?:days?|nights?|times?)\s+(?:per|a|each|every)\s+(?:day|week|month|year)\b", re.I)
_NAMED_CHANGE = lazy_re(rf"\w[\s-]+{CHANGE_WORDS}s?\s*(?:of|in|by)?\s*$", re.I)
_POST_EVENT = lazy_re(r"post[\s-]\w|post(?:partum|natal)$", re.I)  # "postpartum": one word, named as written
_LABEL = lazy_re(r":\s*$")  # "Panic disorder: at least 4 panic attacks": a label, then a count of its noun
_MEASURED = lazy_re(r"\d\s*(?!(?:or|and|to)\b)[^\s\d.,]")  # a value with a unit measures, without one counts
# "Physician's Global Assessment (PhGA) ≥ 1": an unknown quantity named with its acronym is the acronym
_BRACKETED_ACRONYM = lazy_re(
    r"\((?P<acronym>(?=[\w-]*[A-Z][\w-]*[A-Z])[A-Za-z0-9][A-Za-z0-9-]{1,11})\)\s*(?:of\s*)?[:=]?\s*$"
)  # "tumor proportion score (TPS) of ≥ 1%"


def clause_before(text: str, start: int) -> str:
    """The text a statement's quantity is named in: back to the clause start or the last number."""
    left = text[max(0, start - 120) : start]
    cut = 0
    for boundary in _BOUNDARY.finditer(left):
        cut = boundary.end()
    return left[cut:]


def quantities_of(text: str, start: int, end: int, previous: dict) -> tuple[str, ...]:
    """The variables a statement limits: named before it, right after it, else its phrase.

    A statement joined to the one before by "and" / "or" alone ("BMI ≥ 18.5 and ≤ 32") limits
    the same variables.
    """
    window = clause_before(text, start)
    if previous.get("subject") and _ONLY_CONNECTORS.fullmatch(window):
        # "Hb < 10 g/dL, or ≥ 1 lytic bone lesion": a count names its own noun
        return (not _MEASURED.search(text, start, end) and counted_after(text, end)) or previous["subject"]
    known = named_before(window, text, end)
    if known == ("age",) and _AGE_WITH.search(window):
        known = ()  # "7 to 17 years of age with PARS score ≥ 13": the age is stated; the limit is the score's
    qualified = _QUALIFIED_ALTERNATIVE.search(window) or _CONDITION_ONLY.search(window)
    if not known and qualified and continued_subject(text, start, previous):
        return previous["subject"]  # "bilirubin ≤ 1.5 × ULN (Gilbert's syndrome: ≤ 3 × ULN)": the same quantity
    if known and previous.get("subject") == known:
        after = named_after(text, end)
        if after:
            return after  # "<150 systolic/<100 diastolic": the name right after the value is this one's
    if not known and not _NAMED_CHANGE.search(window):  # "weight loss of ≥ 5% of body weight" is a weight loss
        known = named_after(text, end) or scale_named_after(text, end)
    named = known or _unnamed(window, text, start, end)
    if not named:
        return lesion_size(continued_subject(text, start, previous), text, start, end)  # "QTc > 450 ms for men or …"
    return instrument_named(lesion_size(named, text, start, end), text, start, end)


def _unnamed(window: str, text: str, start: int, end: int) -> tuple[str, ...]:
    """What a statement the vocabulary does not name limits: a duration, failed treatments, its phrase, a noun after."""
    return (
        _time_post_event(text, start, end)
        or duration_of(text, start, end)
        or failed_count(window, text, start, end)
        or _counted_noun(window, text, start, end)
        or phrase_of(window)
        or _time_after_event(text, start, end)
        or _phrase_after(text, end)
        or named_after_link(window, text, start, end)
    )


def _time_post_event(text: str, start: int, end: int) -> tuple[str, ...]:
    """A length of time right before "post-X" is the time since X, whatever the clause names before it.

    "Kidney transplant recipients ≥ 1 year post-transplant" bounds the time since the transplant.
    """
    event = _event_after_time(text, start, end)
    return (event,) if event.startswith("time ") or _POST_EVENT.match(event) else ()  # "< 4 months postpartum"


def _time_after_event(text: str, start: int, end: int) -> tuple[str, ...]:
    """A length of time right before "after X", where the clause names nothing: "2-8 weeks after surgery"."""
    event = _event_after_time(text, start, end)
    return (f"time since {event[6:]}",) if event.startswith("after ") else ()


def _event_after_time(text: str, start: int, end: int) -> str:
    """The words measured after a length of time (``""`` when the value is no length of time)."""
    named = counted_after(text, end, counted=False) if _TIME_UNIT_END.search(text, start, end) else ()
    return named[0] if named else ""


def _counted_noun(window: str, text: str, start: int, end: int) -> tuple[str, ...]:
    """A count's noun after a label ("Panic disorder: ≥ 4 attacks") or the count it joins ("≥ 2 and ≤ 8 attacks")."""
    second = _SECOND_COUNT.match(text, end)
    counts = not _MEASURED.search(text, start, end) and (second or _LABEL.search(window))
    return counted_after(text, second.end() if second else end) if counts else ()


def continued_subject(text: str, start: int, previous: dict, end: int | None = None) -> tuple[str, ...]:
    """The quantity of the limit just before, if the one at ``start`` goes on with it (else nothing).

    With ``end``, a value followed by a word that is no preposition names what it counts instead
    ("…, 12 or more follicles"): "2 or more in men or 3 or more in women" goes on.
    """
    if end is not None and _NOUN_AFTER_VALUE.match(text, end):
        return ()
    if start - 60 <= previous.get("end", -999) <= start and _continues(text[previous["end"] : start]):
        return previous.get("subject", ())
    return ()


def _continues(between: str) -> bool:
    """Whether a limit goes on with the quantity of the one before.

    Not across a sentence, nor as a duration ("aged 18-75 years, treated for 6 to 12 months").
    """
    return not _SENTENCE_BREAK.search(between) and not _DURATION_FOR.search(between)


def names_it_after(window: str) -> bool:
    """Whether a value's quantity is named after it: nothing before it, or only a link to it.

    "Has more than", "with ≥ 3 mm translation", "a mean of 1 or more attacks per day": the clause
    before the value names no quantity of its own, so the words after the value do.
    """
    return only_function_words(window) or bool(_LINK_BEFORE.search(window) or _COUNTING_VERB_BEFORE.search(window))


def failed_count(window: str, text: str, start: int, end: int) -> tuple[str, ...]:
    """A count of failed treatments, named "failed" and its noun ("failure of ≥ 2 preventive medications")."""
    if not FAILED.search(window) or _MEASURED.search(text, start, end):
        return ()
    return tuple(f"failed {noun}" for noun in counted_after(text, end))


def named_after_link(window: str, text: str, start: int, end: int) -> tuple[str, ...]:
    """The quantity named after the value ``text[start:end]`` whose clause only links to it ("with 5 or more warts").

    See :func:`names_it_after`; a value with a unit measures its quantity, one without counts it.
    """
    failed = failed_count(window, text, start, end)  # "failure to respond to two or more preventive therapies"
    if failed:
        return failed
    measured = bool(_MEASURED.search(text, start, end))
    if not names_it_after(window) or (measured and _COMPLETED.search(window)):
        return ()  # "must be completed ≥ 28 days before the first dose": a time, named by no words after it
    return counted_after(text, end, counted=not measured)


def only_function_words(window: str) -> bool:
    """Whether ``window`` names nothing: empty, or who, auxiliaries and verbs only ("Has more than")."""
    return not _LETTERS.search(window) or tidy(f"{window} thing") == "thing"


def counted_after(text: str, end: int, counted: bool = True) -> tuple[str, ...]:
    """The noun counted by a number whose clause names nothing else ("has at least 3 unstained tumor sections").

    Counts are named in the plural, as "at least one measurable lesion" is a count of measurable lesions;
    a measured quantity (``counted`` false: "> 50% canal narrowing") as written.
    """
    prior = _PRIOR.match(text, end) if counted else None  # "more than one prior allogeneic transplant"
    match = (_NOUN_AFTER if counted else _MEASURED_AFTER).match(text, prior.end() if prior else end)
    first = match.group("phrase").split()[0] if match else ""
    if not match or NOT_COUNTED.match(first) or (STOP.fullmatch(first) and not _ATTESTED.fullmatch(first)):
        return ()
    noun = _ADVERB_AFTER.sub("", tidy(match.group("phrase")))  # "≥2 bouts previously": bouts
    if not noun or NOT_A_NOUN.search(noun) or UNIT_ONLY.fullmatch(noun):
        return ()  # "1 or more tumors accessible to biopsy", "≥ 20 km/week": no noun, or a unit
    if not counted and _POST_EVENT.match(noun):  # "≥ 100 days post-transplant", "≥ 7 days post last chemotherapy"
        return (f"time {noun}" if noun[4] == "-" else f"time since {noun[5:]}" if noun[4].isspace() else noun,)
    acronym = match.group("phrase").split()[-1].isupper()  # "on the PDSQ": a score's name, not a count
    if noun in _COURSES:  # "3 cycles of an induction therapy": cycles of that therapy
        return (f"{' '.join(_phrase_after(text, match.end()))} {_COURSES[noun]}".strip(),)
    noun = f"prior {noun}" if prior else noun
    return (measurable(plural(noun) if counted and not acronym else noun, text, match.end()),)


def duration_of(text: str, start: int, end: int) -> tuple[str, ...]:
    """What lasts a duration named after it: "unresponsive to at least six weeks of conservative care".

    A duration followed by "of" measures how long the thing after it lasted, whatever the words before.
    """
    return _phrase_after(text, end) if _TIME_UNIT_END.search(text, start, end) else ()


def _phrase_after(text: str, end: int) -> tuple[str, ...]:
    """The quantity named after a measure: "less than 20 mm of interpedicular distance"."""
    match = _OF_PHRASE.match(text, end)
    return phrase_of(match.group("phrase")) if match else ()


def phrase_of(window: str) -> tuple[str, ...]:
    """The quantity phrase written right before a comparator, lowercased ("tumor size").

    A score named by its acronym is the acronym ("HAQ-DI score" is ``haq-di``), as score names are.
    """
    score = _ACRONYM_SCORE.search(window) or _BRACKETED_ACRONYM.search(window)
    if score:
        return (acronym_name(score.group("acronym")),)
    window, done = _DONE_PASSIVE.subn("", COPULA.sub("", window))  # "the urothelial component is ≥ 50%"
    kept = words_before(window)
    if not kept or VERB.fullmatch(kept[-1]):
        return ()  # "received ≥ 2", "currently performs ≥ 3": a verb, not a quantity
    if _FRAMING_OF.search(window) and _FRAMING_NOUN.fullmatch(" ".join(kept)):
        return ()  # "an average of ≥ 4 attacks", "a history of > 1 fall": the count's noun follows
    phrase = _MEASURED_AS.sub("", tidy(" ".join(kept)))  # "vitamin d levels" is vitamin d
    if NOT_A_NAME.fullmatch(phrase) or UNIT_ONLY.fullmatch(phrase):
        return ()  # "must be detected on > 15%", "(n=35)", "mL/kg/h": a participle, a letter or a unit names nothing
    return (f"time since {phrase}" if done else phrase,) if phrase else ()  # "X must be completed ≥ 7 days before"
