"""Conduct, not limits: sentences and clauses whose numbers bind what the participant does, not who they are.

"Willing to perform 8 finger sticks a day", "laboratory tests to be performed within 14 days",
a contraception or visit-schedule sentence, the treatment tried "despite" which a condition
persists: their numbers are no eligibility limits, and the threshold readers skip every
statement that starts inside them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.normalize.lazy_patterns import lazy_re

# a sentence about contraception or the visit schedule is conduct, not a limit
_NOT_A_LIMIT = lazy_re(
    r"contracepti|condoms?\b|birth\s+control\s+(?:for|is|must|during|methods?)\b|avoid(?:ing)?\s+pregnancy|"
    r"donat\w*\s+(?:sperm|eggs|ova|oocytes)\b|follow[- ]?up\s+visits?|time\s+points?|"
    # how long the study will follow its participants: "these patients will be followed for a maximum of one year"
    r"\bwill\s+be\s+followed\b",
    re.I,
)
# a clause that is conduct, up to its next comma, colon, bracket, sentence end or a limit or "have" joined by
# "and" ("willing to consent and be at least 18 years old" keeps the age; "agree to ... and be abstinent
# for 90 days" is conduct throughout): "willing to perform 8 finger sticks", "tests to be performed within 14 days"
_CONDUCT_CLAUSE = lazy_re(
    r"(?:\b(?:un)?willing(?:ness)?\s+to\b|\bagree[sd]?\s+to\b|"
    r"\b(?:tests?|laborator\w*|labs?|assessments?|evaluations?|scans?|imaging)\b"
    r"[^.;:,()]{0,30}\b(?:should|must|will|to)\s+be\s+(?:performed|obtained|done|conducted|collected)\s+within\b)"
    r"(?:(?!\band\s+(?:(?:be|is|are)\s+(?:of\s+)?(?:aged?|at\s+least|between|over|under|older|younger|\d|[<>≤≥])|have|has)"
    r")[^.;:,()])*",
    re.I,
)
# "despite treatment with two or more antihypertensive medications": what was tried, not who may enrol
# (the seed labels read it so), up to the clause's end
_DESPITE = lazy_re(r"\bdespite\s+(?:treatment|therapy|receiving|taking|the\s+use|use)\b[^.;:()]*", re.I)
# "to not be considered of childbearing potential a subject must be ... post-menopausal for at least 1 year":
# how long menopause lasted defines who cannot become pregnant (the labelling guide), not who may enrol
_CHILDBEARING = lazy_re(r"child[- ]?bearing|infertil|\bsteril", re.I)
_MENOPAUSE_CLAUSE = lazy_re(r"\b(?:post-?)?menopaus\w*[^,;()]{0,60}|\bamenorrh\w*[^,;()]{0,60}", re.I)
_SENTENCE_END = lazy_re(r"\.\s|;|•")  # "… (Retrospective study) • Note that …": a bullet ends a sentence
# the window of a pregnancy test, in its own clause ("… test at screening, with contraception within 90 days" is none)
_TEST_WINDOW = lazy_re(r"\bpregnancy\s+test\b(?:(?!\band\b|contracept)[^.;,]){0,100}?\b(?P<within>within)\b", re.I)
# A period that runs after the study's own treatment, or on from "during the study", lies after enrolment: at
# screening nobody has had the study drug, so "within 120 days after the last dose of study treatment", "during the
# study and for 3 months after …" bind conduct ("… of the previous investigational agent" is a washout and stays).
_AFTER_STUDY_TREATMENT = lazy_re(
    r"\b(?:after|following|post)\s+(?:the\s+)?(?:last|final)\s+"
    r"(?:dose|administration|infusion|injection)s?\s+of\s+(?:the\s+)?(?:study|trial|investigational|(?-i:IM?P)\b)"
    r"|\b(?:during|throughout)\s+(?:the\s+)?(?:study|trial)\b(?:\s+\w+)?\s+(?:and|or)\b[^.;:]{0,40}?\b(?:after|following)\b",
    re.I,
)
_CLAUSE_START = lazy_re(r"[.;:,()][^.;:,()]*$")  # the anchor's clause opens after the last of these
# "(1) stage 1: creatinine 1.5-1.9 × baseline …; (2) stage 2: …": a table of a classification's stages defines each
# stage, it does not bound the participant; from its first labelled stage on, once two stages are labelled so
_STAGE_LABEL = lazy_re(r"\b(?:stage|grade|class)\s+(?:[1-5]|I{1,3}|IV|V)\s*[:;]", re.I)
# "a failure rate of less than 1% per year" (a Pearl index): how well a contraceptive works, not a limit
_FAILURE_RATE = lazy_re(r"\b(?:failure\s+rate|pearl\s+index)\b[^.;()]*", re.I)


def _sentence_but_test_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A conduct sentence's span, less where a pregnancy test's window starts ("… test within 14 days …").

    "must have a negative pregnancy test within 14 days prior to the first dose and must agree to use
    contraception for 30 days …": the test's timing is a limit (as most labels read it); the rest is conduct.
    """
    spans, left = [], start
    for test in _TEST_WINDOW.finditer(text, start, end):
        spans.append((left, test.start("within")))
        left = test.end("within")
    return [*spans, (left, end)]


def in_conduct_clause(text: str, position: int) -> bool:
    """Whether ``position`` lies in conduct, not a limit.

    Conduct is a contraception or visit-schedule sentence, or a "willing to" / lab-timing clause
    ("aged 18 or older, willing to comply, with ECOG ≤ 2" keeps the ECOG).
    """
    return any(start <= position < end for start, end in _conduct_spans(text))


@lru_cache(maxsize=1024)
def _conduct_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` that are conduct, found once per text."""
    spans, start = [], 0
    for stop in [*_SENTENCE_END.finditer(text), None]:
        end = stop.start() if stop else len(text)
        if _NOT_A_LIMIT.search(text, start, end):
            spans += _sentence_but_test_windows(text, start, end)
        elif _CHILDBEARING.search(text, start, end):
            spans += [match.span() for match in _MENOPAUSE_CLAUSE.finditer(text, start, end)]
        start = stop.end() if stop else end
    spans += [match.span() for pattern in (_CONDUCT_CLAUSE, _DESPITE) for match in pattern.finditer(text)]
    return tuple(spans + _rarer_spans(text))


def _rarer_spans(text: str) -> list[tuple[int, int]]:
    """A stage table, a failure rate and periods after the study's treatment: scanned only where their words are."""
    lowered, spans = text.lower(), []
    if (":" in text or ";" in text) and any(word in lowered for word in ("stage", "grade", "class")):
        labels = list(_STAGE_LABEL.finditer(text))
        spans += [(labels[0].start(), len(text))] if len(labels) >= 2 else []
    if "failure" in lowered or "pearl" in lowered:
        spans += [match.span() for match in _FAILURE_RATE.finditer(text)]
    if any(word in lowered for word in ("last", "final", "during", "throughout")):
        spans += _after_study_treatment(text)
    return spans


def _after_study_treatment(text: str) -> list[tuple[int, int]]:
    """The spans of periods after the study's own treatment: from the clause's start (50 characters at most)."""
    spans = []
    for match in _AFTER_STUDY_TREATMENT.finditer(text):
        before = max(0, match.start() - 50)
        opening = _CLAUSE_START.search(text, before, match.start())
        spans.append((opening.start() + 1 if opening else before, match.end()))
    return spans
