"""Limits said twice: a comparator restated by a symbol, a number by its digits, a value in another unit.

Registries write a limit once and then again, in brackets or in symbols ("greater than or equal to
(>=) 16", "thirty (30) days", "50 percent (%)", "Hb < 90 g/L (< 9 g/dL)"); the readers read each limit once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.vocabulary import NUMBER_WORDS

if TYPE_CHECKING:
    from tasks.normalize.thresholds import Threshold

# "greater than or equal to (≥) 16", "less than \[<\] 16": the symbol restates the words; "(<=10) days": a
# bracketed limit
_RESTATED = lazy_re(r"(?:(?<=\bthan)|(?<=\bto))\s*\\?[(\[]\s*(?:[<>≤≥]\s*/?\s*=?|=\s*[<>]|=)\s*\\?[)\]]")
_BRACKETED_LIMIT = lazy_re(r"\(\s*((?:[<>≤≥]\s*/?\s*=?|=\s*[<>])\s*\d[\d.,]*)\s*\)")


# "thirty (30) days", "three [3] months": a number written out, then restated in digits
_RESTATED_NUMBER = lazy_re(rf"\b(?:{'|'.join(NUMBER_WORDS)})\s*\\?[(\[]\s*(\d+)\s*\\?[)\]]", re.I)


# "50 percent (%)": the unit said again in brackets
_RESTATED_PERCENT = lazy_re(r"\bper\s?cent\s*\(%\)", re.I)


# "Hb < 90 g/L (< 9 g/dL)", "creatinine ≥ 0.3 mg/dL (≥ 26.5 µmol/L)": one limit said again in another unit; a
# bracket that qualifies it ("(≤ 175 mg/dL when not fasting)") says more than a unit and is kept
_UNIT_WORD = r"[A-Za-zµμ%][\w%.^²³·*]*(?:\s*/\s*[\w.^²³]+)*"
_LIMIT_OPENINGS = ("(<", "(>", "(≤", "(≥", "(=", "( <", "( >", "( ≤", "( ≥")  # a cheap test before the scan
_IN_OTHER_UNITS = lazy_re(
    rf"(?P<limit>\d[\d.,]*\s*(?P<unit>{_UNIT_WORD}))\s*\(\s*(?:[<>≤≥]\s*=?|=)\s*\d[\d.,]*\s*(?P<other>{_UNIT_WORD})\s*\)"
)


# "at least ≥6 months": a spelled comparator right before a symbol says it again
_DOUBLED = lazy_re(
    r"\b(?:at\s+least|no\s+(?:less|more)\s+than|(?:more|greater|less|fewer)\s+than|up\s+to)\s+(?=[<>≤≥])", re.I
)


def restatements_dropped(text: str) -> str:
    """Drop a comparator said twice (a bracketed or a spelled one before its symbol); unbracket a bracketed limit.

    A number written out and restated in brackets keeps its digits only, "percent (%)" its sign, and a
    limit said again in another unit its first statement.
    """
    text = _DOUBLED.sub("", text)
    if "(" not in text and "[" not in text:
        return text
    text = _RESTATED_PERCENT.sub("%", text) if "(%)" in text else text
    text = _RESTATED_NUMBER.sub(r"\1", _BRACKETED_LIMIT.sub(r" \1 ", _RESTATED.sub("", text)))
    if not any(opening in text for opening in _LIMIT_OPENINGS):
        return text
    return _IN_OTHER_UNITS.sub(_outer_limit, text)


def _outer_limit(match: re.Match) -> str:
    """The limit before a bracket that says it again in another unit; the bracket too when its unit is the same."""
    same = match.group("other").replace(" ", "").lower() == match.group("unit").replace(" ", "").lower()
    return match.group() if same else match.group("limit")


def restated_in_brackets(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` less the rows a bracket states again right after a limit: same comparator, value and unit.

    "PD-L1 expression in ≥ 1% of tumor cells (TPS ≥ 1%)": the bracket names the same limit by
    another name, it adds none. The limit must stand right before the bracket, in the same clause
    ("ALT > 3 × ULN (… ≥ 5 × ULN); AST > 3 × ULN (… ≥ 5 × ULN)" keeps the second bracket's).
    """
    kept = []
    for start, row in found:
        opening = text.rfind("(", max(0, start - 50), start + 1)
        named = text[opening:start].lower()  # the bracket names what it restates ("(TPS ≥ 1%)")
        inside = opening >= 0 and ")" not in named and row.variable in named
        if not (inside and any(_says_again(text, at, opening, other, row) for at, other in found)):
            kept.append((start, row))
    return kept


def _says_again(text: str, at: int, opening: int, other: Threshold, row: Threshold) -> bool:
    """Whether ``other``, stated at ``at`` right before the bracket at ``opening``, is the limit ``row`` states."""
    near = opening - 40 <= at < opening and not _CLAUSE_BREAK.search(text, at, opening)
    return near and (other.comparator, other.value, other.unit) == (row.comparator, row.value, row.unit)


_CLAUSE_BREAK = lazy_re(r"[()\[\];]")
