"""Blast counts named by where they are counted: "< 5% bone marrow blasts", "≥ 20% lymphoblasts in the blood".

Leukaemia criteria bound the share of blasts in the bone marrow and in the peripheral blood
separately, so a row names its site where the text gives one: before the cells ("bone marrow
blasts"), after them ("blasts in the peripheral blood"), or as the clause's subject ("bone marrow
involvement with ≥ 20% lymphoblasts"). A count in either site ("blasts in the bone marrow or
peripheral blood") names none. The cells keep the name written (blasts, lymphoblasts, myeloblasts).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.numbers import number
from tasks.normalize.thresholds import Threshold, comparator
from tasks.normalize.vocabulary import ANY_COMPARATOR

_KIND = r"(?P<kind>(?:lympho|myelo)?blast)s?\b"
_SITE = r"(?P<site>(?:bone\s+)?marrow|BM|peripheral(?:\s+blood)?|(?:peripheral\s+)?blood|PB)"
_VALUE = r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|/\s*(?:mm3|mm³|[µu]l|mcl)\b)?"
VALUE_FIRST = lazy_re(rf"(?P<cmp>{ANY_COMPARATOR})\s*{_VALUE}\s*(?:{_SITE}\s+)?{_KIND}", re.I)
NAME_FIRST = lazy_re(
    rf"(?:{_SITE}\s+)?{_KIND}(?:\s+(?:count|percentage))?\s*(?:of\s*)?(?P<cmp>{ANY_COMPARATOR})\s*{_VALUE}", re.I
)
_SITE_AFTER = lazy_re(
    r"\s*(?:\(\s*|expressing\s+[^.;()]{0,40}?\s+)?(?:in|of)\s+(?:the\s+)?(?P<site>(?:bone\s+)?marrow|BM|peripheral\s+blood|"
    r"blood|PB)\b(?P<either>\s*(?:\([^()]*\)\s*)?(?:and/or|or|and)\s+(?:in\s+)?(?:the\s+)?(?:bone\s+marrow|marrow|"
    r"peripheral\s+blood|blood|PB|BM)\b)?",
    re.I,
)
_MARROW_SUBJECT = lazy_re(
    r"\b(?:bone\s+)?marrow\s+(?:involvement|infiltration|aspirate|biopsy)?\s*(?:with|of|showing)\s*$", re.I
)


def blast_counts(text: str) -> list[tuple[int, Threshold]]:
    """Limits on the share or count of blasts, named by the site they are counted in."""
    if "blast" not in text.lower():
        return []
    found = []
    for pattern in (VALUE_FIRST, NAME_FIRST):
        for match in pattern.finditer(text):
            name = f"{match.group('kind').lower()}s"
            site = _site(text, match, value_first=pattern is VALUE_FIRST)
            unit = (match.group("unit") or "").replace(" ", "") or None
            row = Threshold(f"{site} {name}".strip(), comparator(match.group("cmp")), number(match.group("num")), unit)
            found.append((match.start(), row))
    return found


def _site(text: str, match: re.Match, *, value_first: bool) -> str:
    """Where the blasts are counted ("bone marrow", "peripheral blood"), or "" if the text names no one site.

    Args:
        text: The criterion.
        match: A match of :data:`VALUE_FIRST` or :data:`NAME_FIRST`.
        value_first: Whether it is :data:`VALUE_FIRST`'s (the site may follow the cells).
    """
    written = match.group("site")
    if not written and value_first:  # "≥ 5% blasts in the bone marrow"
        after = _SITE_AFTER.match(text, match.end())
        if after and after.group("either"):
            return ""
        written = after.group("site") if after else None
    if not written and _MARROW_SUBJECT.search(text, max(0, match.start() - 50), match.start()):
        written = "marrow"
    if not written:
        return ""
    return "bone marrow" if re.search(r"marrow|BM", written, re.I) else "peripheral blood"
