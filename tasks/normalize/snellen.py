"""Snellen fractions as decimals: "visual acuity worse than 20/200" → "visual acuity < 0.1 Snellen".

Visual acuity is written as a Snellen fraction (20 feet over the distance at which a normal eye
reads the line); the labelling guide, like analysts comparing trials, takes its decimal ("20/40"
is 0.5). Where a criterion speaks of acuity or vision, each fraction is rewritten as its decimal
with the unit "Snellen", and the comparators of acuity ("worse than", "or better") as symbols, so
the open reader reads them as any other limit.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

_ACUITY = lazy_re(r"\bacuity\b|\bvision\b|\bBCVA\b|\bSnellen\b|(?-i:\bB?VA\b)", re.I)
_FRACTION = lazy_re(r"(?<![\d/.])20\s*/\s*(?P<distance>\d{2,4})(?![\d/])")
# acuity is better the larger the decimal: "worse than 20/200" is below 0.1
_SPELLED_BEFORE = (("<", lazy_re(r"\bworse\s+than\s*$", re.I)), (">", lazy_re(r"\bbetter\s+than\s*$", re.I)))
_SPELLED_AFTER = lazy_re(r"\s*or\s+(?P<word>better|worse)\b", re.I)


def snellen_as_decimals(text: str) -> str:
    """``text`` with its Snellen fractions written as decimals, where it speaks of visual acuity."""
    if "20" not in text or not _ACUITY.search(text):
        return text
    text = _RANGE.sub(_ascending, text)
    pieces, last = [], 0
    for match in _FRACTION.finditer(text):
        before, after = text[last : match.start()], text[match.end() :]
        symbol, before, skipped = _spelled(before, after)
        decimal = f"{round(20 / int(match.group('distance')), 6):g}"
        pieces += [before, f"{symbol} " if symbol else "", f"{decimal} Snellen"]
        last = match.end() + skipped
    return "".join(pieces) + text[last:]


# "20/40 to 20/320": the better acuity is written first, the larger decimal
_RANGE = lazy_re(
    r"(?<![\d/.])20\s*/\s*(?P<a>\d{2,4})\s*(?P<joint>to|-|–|and)\s*20\s*/\s*(?P<b>\d{2,4})(?![\d/])", re.I
)


def _ascending(match: re.Match) -> str:
    """A range of two fractions as decimals, the smaller first."""
    low, high = sorted(round(20 / int(match.group(name)), 6) for name in ("a", "b"))
    return f"{low:g} Snellen {match.group('joint')} {high:g} Snellen"


def _spelled(before: str, after: str) -> tuple[str, str, int]:
    """The comparator of acuity written around a fraction.

    Returns the symbol, the text before the fraction without the comparator's words, and how many
    characters after the fraction its words take ("or better").
    """
    written_after = _SPELLED_AFTER.match(after)
    skipped = written_after.end() if written_after else 0
    for symbol, pattern in _SPELLED_BEFORE:
        match = pattern.search(before)
        if match:
            return symbol, before[: match.start()], skipped
    if written_after:
        return (">=" if written_after.group("word").lower() == "better" else "<="), before, skipped
    return "", before, 0
