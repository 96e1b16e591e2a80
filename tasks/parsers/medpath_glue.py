"""Where a glued MedPath row may be cut: between words, never inside a token, a bracket or an acronym.

MedPath glues an outcome's name to its time frame without a space. These rules say which offsets of a
row can be that glue point at all (:mod:`tasks.parsers.medpath_tables` chooses among them); the
known words of the real records help (:mod:`tasks.parsers.known_words`).
"""

from __future__ import annotations

import re
import string

from tasks.parsers.known_words import glued_words, inside_a_known_word
from tasks.parsers.outcome_split import glue_cuts
from tasks.parsers.segment_features import bracket_balance, unbalanced

_GLUE_BEFORE = re.compile(r"[A-Za-z0-9)\]%+.,;\u0370-\u03ff\u3000-\uffef]")
# The openings of real lower-case time frames ("…attacksfor the follow-up period", "…durationmeasured
# within 24 hours", "…Armpre-operative, 6 week"), as whole words; none that commonly ends another
# word ("on", "each", "last", "time", "end": "Concentrati|on", "R|each-2", "Fibrob|last").
_LOWER_OPENING = re.compile(
    r"(?:up ?to|through(?:out)?|from|within|until|after|before|during|at|over|between|approx\w*|"
    r"about|baseline|screening|day|week|month|year|\d|one|two|three|four|five|six|twelve|twenty|"
    r"for (?:the|a|an|up|each|every|\d)|first|second|third|once|every|upon|following|"
    r"(?:pre|post|peri|intra)-?op\w*|(?:pre|post)-?(?:treatment|dose|infusion|surgery|intervention)|"
    r"follow-?up|assessed|measured|evaluated|collected|performed|weekly|daily|monthly|"
    r"annually|immediate(?:ly)?|usually|single|visit|time (?:from|to|of|until|between)|"
    r"change (?:from|between|in)|estimated|expected|taken|base-line|"
    r"on (?:admission|discharge|day|the day|completion|enrol\w*))\b|(?:day|week|month|year)s?(?=\d)"
)
# A unit that opens the rest after a digit ("35days after", "30mins before"): the number is the time frame's.
# A unit followed by its own number ("EASI-50week 16", "SNDX-5613Day 1") opens the time frame instead.
_UNIT_OPENING = re.compile(
    r"(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|min(?:ute)?s?|sec(?:ond)?s?|h|d|w|m|y)\b(?!\s*\d)",
    re.IGNORECASE,
)
_WORD_OPENING = re.compile(r"[A-Z][a-z]{2,}\b|(?:At|Up|On|By)\b|\d|[A-Z]\d")


def number_and_unit(row: str, cut: int) -> bool:
    """Whether ``cut`` separates a number from the unit glued to it ("30mins", "4weeks, 8weeks")."""
    return row[cut - 1].isdigit() and bool(_UNIT_OPENING.match(row, cut))


def word_cuts(row: str) -> list[int]:
    """Glue points that split no word or number (not "…assesse|d", "3|0 years", "VT|E", "Health-|related").

    Where no time frame opening is recognised, the character models choose among these: a time
    frame opens a word (in capitals, a digit or a bracket) or follows punctuation.
    """
    cuts = [cut for cut in glue_cuts(row) if _between_words(row, cut) or glued_words(row, cut)]
    return _balanced(row, cuts)


def _balanced(row: str, cuts: list[int]) -> list[int]:
    """The cuts that leave no bracket open on either side."""
    return [cut for cut in cuts if not unbalanced(row[:cut]) and not unbalanced(row[cut:])]


def _between_words(row: str, cut: int) -> bool:
    """Whether ``cut`` falls between two words."""
    before, rest = row[cut - 1], row[cut:]
    if number_and_unit(row, cut):
        return False  # "30mins", "35days": a number and its unit
    if rest[0].islower():
        return not (before.isalpha() or before == "-")
    if before.isdigit() and rest[0].isdigit():
        return False
    return not (before.isupper() and rest[0].isupper() and not _WORD_OPENING.match(rest))


def inside_a_token(row: str, cut: int) -> bool:
    """Whether ``cut`` falls inside a word or number rather than between a name and its time frame."""
    before, rest = row[cut - 1], row[cut:]
    if not _GLUE_BEFORE.match(before) or (before.isdigit() and rest[0].isdigit()):
        return True
    if before in ".," and rest[0].isdigit() and cut > 1 and row[cut - 2].isdigit():
        return True  # "2.0", "1,500": a decimal point or a thousands separator, not a glue point
    if number_and_unit(row, cut):
        return True  # "35days": the number belongs to the time frame
    if before.isalpha() and rest[0].islower() and inside_a_known_word(row, cut):
        return True  # "every|day life", "follow|up": an opening that completes a word of the records opens nothing
    if before.isalpha() and rest[0].islower() and not _LOWER_OPENING.match(rest):
        return not glued_words(row, cut)  # inside a word only a common opening or two known words mark a cut
    if _splits_a_short_word(row, cut) or _splits_an_acronym(before, rest):
        return True
    # "ADAMinimum": between two capitals only a whole opening word marks the cut
    return before.isupper() and rest[0].isupper() and not _WORD_OPENING.match(rest)


def _splits_a_short_word(row: str, cut: int) -> bool:
    """A cut one or two letters into a word: "Parents Th|at Complete", "marrow f|at", "the C|D19 targeted".

    Lower-case letters that end a code or a compound ("HbA1c", "miR-382-5p", "follow-up") are
    not a short word of their own.
    """
    before, rest = row[cut - 1], row[cut:]
    letters = len(row[:cut]) - len(row[:cut].rstrip(string.ascii_letters))
    if not 0 < letters < 3:
        return False
    if before.islower() and rest[0].islower():
        return _opens_a_word(row[: cut - letters])
    return before.isupper() and rest[0].isupper() and rest[1:2].isdigit()


def _opens_a_word(before: str) -> bool:
    """Whether a word starts after ``before`` (nothing, a space or an opening bracket)."""
    return not before or before[-1].isspace() or before[-1] in "([{"


def last_resort_cuts(row: str) -> list[int]:
    """Glue points inside tokens, for the character models to choose from when no other cut exists."""
    return [
        cut
        for cut in glue_cuts(row)
        if not inside_a_known_word(row, cut) and not _in_capitals(row, cut) and not inside_brackets(row, cut)
    ]


def inside_brackets(row: str, cut: int) -> bool:
    """Whether a bracket the name opens is closed after ``cut`` ("PFS (progression free-|survival), …").

    (Not a plain balance test: a real name may hold a stray bracket of its own, "… interval τ)".)
    """
    return bracket_balance(row[:cut]) > 0 and bracket_balance(row[cut:]) < 0


def _in_capitals(row: str, cut: int) -> bool:
    """A cut between two capitals that opens no capitalised word: inside an acronym ("PF|S (progression")."""
    return row[cut - 1].isupper() and row[cut].isupper() and not row[cut + 1 : cut + 2].islower()


def _splits_an_acronym(before: str, rest: str) -> bool:
    """A capital that ends an acronym taken for a time frame's: "…NR or P|Rup to 26 weeks", "D|Mat 1 year"."""
    return before.isupper() and rest[0].isupper() and bool(_LOWER_OPENING.match(rest[1:]))
