"""Recognise time-frame phrases in registry prose.

ClinicalTrials.gov time frames are free text ("Up to 2 years", "Baseline, Week 12",
"From Cycle 1 Day 1 until study completion, assessed up to 43 months"). Several
formats glue a time frame onto other text, so every parser that must find where a
time frame starts uses :func:`time_frame_score` from here rather than its own regex.
"""

from __future__ import annotations

import re
from functools import lru_cache

TIME_UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|wk|w|months?|"
    r"mos?|mths?|mounths?|years?|yrs?|yr|y|cycles?|visits?|courses?|nights?|"
    r"semesters?|quarters?|decades?|doses?|time\s?points?)"
)
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
_NUMBER += r"fifteen|eighteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a)"

# "12 months", "4-6 weeks", "2 years", "24h", "one year", "4th week"
_ORDINAL_OR_NUMBER = rf"(?:\d+(?:st|nd|rd|th)|{_NUMBER})"
NUMBER_THEN_UNIT = re.compile(
    rf"(?<![A-Za-z])[~≈<>≤≥]?\s*{_ORDINAL_OR_NUMBER}(?:\s*(?:-|–|to|or|and|\+)\s*{_ORDINAL_OR_NUMBER})?"
    rf"(?:\s*\([^()]{{0,20}}\))?[\s-]*{TIME_UNIT}\b",
    re.IGNORECASE,
)
# "Day 28", "Week 12", "month 6", "Cycle 1", "D1", "C1D1", "W12", "Day +100", "Day -6"
UNIT_THEN_NUMBER = re.compile(
    r"\b(?:days?|weeks?|months?|years?|hours?|cycles?|visits?|courses?|points?|"
    r"d|w|wk|m|c|y|v)\s*[+-]?\s*\d+",
    re.IGNORECASE,
)
TIME_WORDS = re.compile(
    r"\b(?:baseline|base-line|screening|enrol+ment|randomi[sz]ation|infusion|discharge|"
    r"admission|completion|follow[- ]?up|pre-?dose|post-?dose|pre-?infusion|post-?infusion|"
    r"predose|postdose|annually|weekly|daily|monthly|yearly|lifetime|"
    r"end of (?:the |each |every )?[a-z]+|EOT|EOS|"
    r"study end|study completion|time ?points?|years?|months?|weeks?|days?|hours?|"
    r"post[- ]?(?:operative(?:ly)?|treatment|transplant|vaccination|injection|surgery|infusion)|"
    r"pre[- ]?(?:operative(?:ly)?|treatment|transplant|surgery|infusion)|treatment period|"
    r"indefinite|overnight|immediately|periop\w*|intraop\w*|event driven)\b",
    re.IGNORECASE,
)
STARTER = re.compile(
    r"^(?:[:;\-–(\[]\s*)?(?:[~≈<>≤≥]\s*)?(?:up ?to|upto|ap to|through(?:out)?|thru|from|at|after|before|"
    r"during|until|till|within|over|between|approx(?:imately|\.)?|about|around|an? average|"
    r"average|on|by|every|each|per|once|twice|day|days|week|weeks|month|months|year|years|"
    r"hours?|minutes?|cycles?|visits?|baseline|base-line|screening|pre|post|end|"
    r"assessed|evaluated|measured|collected|follow|first|last|date|time|prior|"
    r"immediate(?:ly)?|continuous(?:ly)?|annually|period|phase|part|weeks?\d|"
    r"d\d+|w\d+|c\d+|t\d+|v\d+|m\d+|\d+(?:st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|eighteen|twenty|thirty|predose|postdose|pre-?dose|post-?dose|"
    r"at least|minimum|maximum|max|min|min\.|expected|estimated|participants will|"
    r"patients will|overall|entire|admission|discharge|upon|following|single|usually|"
    r"for (?:the|a|an|up|each|every|\d)|change (?:from|between|in)|(?:pre|post|peri|intra)-?op\w*|"
    r"the (?:day|date|time|first|end|duration|period|study|entire|whole|last))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_CODE = re.compile(r"\b[a-z]{2,}_[a-z]{2,}\b")  # snake_case identifiers: code, not prose
_SENTENCE_THEN_COMMA = re.compile(r"[.。],\s")


# Memoised: the outcome parsers score one candidate text again and again while they try cuts
# (on the real records rendered as flat exports and MedPath pages, 85 % of the calls repeat a text).
@lru_cache(maxsize=8192)
def time_frame_score(text: str) -> float:
    """Score how much ``text`` reads like a complete ClinicalTrials.gov time frame.

    Args:
        text: Candidate time-frame text, already stripped.

    Returns:
        A score; above zero means "reads like a time frame". Numeric time
        expressions weigh most, a typical opening word adds, long prose with
        few time words subtracts.
    """
    if not text:
        return -10.0
    units = len(NUMBER_THEN_UNIT.findall(text)) + len(UNIT_THEN_NUMBER.findall(text))
    words = len(TIME_WORDS.findall(text))
    if not units and not words:
        return -5.0
    score = 2.0 * min(units, 3) + 0.5 * min(words, 3)
    score += 2.0 if STARTER.match(text) else -1.0
    n_words = max(1, len(_WORD.findall(text)))
    # Long prose that mentions a duration once is a description, not a time frame.
    score -= max(0.0, (n_words - 6 * (units + words) - 4) * 0.15)
    if "\n" in text:
        score -= 3.0
    if _CODE.search(text):
        score -= 4.0
    if _SENTENCE_THEN_COMMA.search(text):
        score -= 3.0  # "...covariates., Baseline to Week 16": a field ends inside
    return score


# Real time frames that the score does not reach but that still name a time (about 1 in 40):
# ordinals ("12th Week", "third day after surgery"), calendar years ("December 2017", "from 2013 to
# 2020"), short phrases of time words ("Perioperative", "preoperatively") and very short ones that
# open like a time frame ("before treatment").
ORDINAL_UNIT = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    rf"eleventh|twelfth|last|final)\s+{TIME_UNIT}\b",
    re.IGNORECASE,
)
CALENDAR_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d{2}(?![\d.])")
SHORT_PHRASE_WORDS = 12
STARTER_PHRASE_WORDS = 4  # "before treatment", "at the first visit"


def names_a_time(text: str) -> bool:
    """Tell whether ``text`` names a time, by the score or, in a short phrase, by any time expression.

    Looser than :func:`time_frame_score`, which weighs where a time frame starts: this only asks
    whether a text that is already cut off as a time frame names one.
    """
    if time_frame_score(text) > 0:
        return True
    words = len(_WORD.findall(text))
    if words > SHORT_PHRASE_WORDS:
        return False
    named = ORDINAL_UNIT.search(text) or CALENDAR_YEAR.search(text) or TIME_WORDS.search(text)
    return bool(named) or (words <= STARTER_PHRASE_WORDS and bool(STARTER.match(text)))


def mentions_time(text: str, opening: bool = True) -> bool:
    """Tell whether ``text`` holds any time expression or (if ``opening``) opens like a time frame.

    Looser than both :func:`time_frame_score` and :func:`names_a_time`.
    """
    return bool(
        (opening and STARTER.match(text))
        or TIME_WORDS.search(text)
        or NUMBER_THEN_UNIT.search(text)
        or UNIT_THEN_NUMBER.search(text)
        or ORDINAL_UNIT.search(text)
        or CALENDAR_YEAR.search(text)
    )


# One point of a list of time points, and nothing else: "6 weeks", "Week 12", "at Day 1", "and
# 24 months", "Baseline (Week 0)", "1-month", "Weeks 1-2".
_POINT_LEAD = re.compile(r"^(?:(?:and|or|at|on|by|to|after|up\s+to)\s+)?", re.IGNORECASE)
_POINT_NOTE = re.compile(r"\s*\([^()]{0,30}\)$")
_POINT = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?[\s-]*{TIME_UNIT}|"
    r"(?:days?|weeks?|months?|years?|hours?|cycles?|visits?|d|w|m|c)\s*[+-]?\d+(?:\s*(?:-|–|to)\s*\d+)?|"
    r"baseline|screening|pre-?dose|post-?dose|end of (?:study|treatment)",
    re.IGNORECASE,
)


def is_time_point(text: str) -> bool:
    """Tell whether ``text`` is one time point alone, as the items of a list of time points are."""
    point = _POINT_NOTE.sub("", _POINT_LEAD.sub("", text.strip()))
    return bool(_POINT.fullmatch(point))
