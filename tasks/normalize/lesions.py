"""A lesion's size: "at least one measurable lesion ≥ 10 mm" limits the lesion's diameter.

A length after "measurable lesions" is no count of lesions; the limit is on the diameter the
criterion names after the value ("in the longest diameter"), else on the longest one.
"""

from __future__ import annotations

import re

_LENGTH = re.compile(r"\d\s*(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?)\b", re.I)
_DIAMETER = re.compile(
    r"\b(?:longest|maximum|largest|greatest|short(?:est)?)\s+(?:axis\s+)?diameter|\bshort\s+axis", re.I
)


def lesion_size(named: tuple[str, ...], text: str, start: int, end: int) -> tuple[str, ...]:
    """``named``, or the diameter a measurable lesion's length ``text[start:end]`` limits."""
    if named != ("measurable lesions",) or not _LENGTH.search(text, start, end):
        return named
    written = _DIAMETER.search(text, end, end + 60)
    return (" ".join(written.group().lower().split()) if written else "longest diameter",)
