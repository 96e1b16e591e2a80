"""A lesion's size: "at least one measurable lesion ≥ 10 mm" limits the lesion's diameter.

A length after "measurable lesions" is no count of lesions; the limit is on the diameter the
criterion names after the value ("in the longest diameter"), else on the longest one.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

_LENGTH = lazy_re(r"\d\s*(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?)\b", re.I)
_DIAMETER = lazy_re(
    r"\b(?:longest|long|maximum|largest|greatest|short(?:est)?)\s+(?:axis\s+)?diameter|\bshort\s+axis", re.I
)


# RECIST's definition of measurable disease: "at least 1 lesion that can be accurately measured in at least 2
# dimensions" counts measurable lesions; how many dimensions they are measured in is how, no limit
_MEASURABLE = lazy_re(r"\s+(?:that|which)\s+can\s+be\s+(?:accurately\s+)?measured\b", re.I)
_MEASURED_IN = lazy_re(r"\bmeasured\s+in\s+$", re.I)


def lesion_size(named: tuple[str, ...], text: str, start: int, end: int) -> tuple[str, ...]:
    """``named``, or the diameter a measurable lesion's length ``text[start:end]`` limits.

    A count of the dimensions a lesion is measured in limits nothing.
    """
    if named == ("dimensions",) and _MEASURED_IN.search(text, max(0, start - 30), start):
        return ()
    if named != ("measurable lesions",) or not _LENGTH.search(text, start, end):
        return named
    written = _DIAMETER.search(text, end, end + 60)
    return (" ".join(written.group().lower().split()) if written else "longest diameter",)


# "At least one tumor lesion has not been irradiated, and can be accurately measured": the same sentence says the
# counted lesion is measurable, after what else it must be
_MEASURABLE_LATER = lazy_re(r"[^.;]{0,160}?\b(?:that|which|and)\s+can\s+be\s+(?:accurately\s+)?measured\b", re.I)
_LESIONS = frozenset({"lesions", "tumor lesions", "tumour lesions"})


def measurable(noun: str, text: str, end: int) -> str:
    """``noun``, or "measurable lesions" for lesions counted "that can be accurately measured" (ending at ``end``)."""
    if noun not in _LESIONS:
        return noun
    said = _MEASURABLE.match(text, end) if noun == "lesions" else None
    return "measurable lesions" if said or _MEASURABLE_LATER.match(text, end) else noun
