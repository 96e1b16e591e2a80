"""Lists of adjacent scores: "Clinical Dementia Rating of 1 or 2", "Deauville score 4 or 5".

A score, scale, rating, stage or class allowed at one of two values is a range of it, as
"ECOG 0 or 1" is: two rows, ``>=`` the first and ``<=`` the second. The known scales have their
own readers (:mod:`tasks.normalize.scales`, :mod:`tasks.normalize.classifications`); this one
names the rest as written.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import acronym_name
from tasks.normalize.thresholds import Threshold

_NUMBER = r"\d{1,2}(?:\.\d)?"
_SCORE_LIST = lazy_re(
    r"(?P<name>(?:(?<![\w-])[A-Za-z][\w'/-]*\s+){0,4}?(?:score|scale|rating|index|stage|class|category)"
    r"|(?-i:\b[A-Z][A-Za-z]*[A-Z][\w-]*))"  # a named kind of score, or an acronym ("CDR", "MoCA")
    r"\s+(?:(?:global|total)\s+)?(?:score\s+)?(?:of\s+|=\s*|:\s*)?"
    rf"(?P<low>{_NUMBER})\s*(?:,\s*{_NUMBER}\s*)*,?\s*or\s+(?P<high>{_NUMBER})"
    r"(?!\d|\.\d|\s*(?:%|[a-zµ]+/|mg|g\b|kg|cm|mm|years?|months?|weeks?|days?|hours?|times|points|or\s+(?:more|higher|greater|less|lower)))",
    re.I,
)
_TWO_VALUES = lazy_re(r"\d\s*,?\s*or\s+\d")
_ACRONYM_SCORE = lazy_re(r"((?-i:[a-z]?[A-Z]{2,}[\w-]*))\s+(?:(?:global|total)\s+)?score", re.I)
_FRAMING = lazy_re(r"^(?:(?:a|an|the|with|and|or|of|has|have|had|is|are)\s+)+", re.I)


def score_lists(text: str) -> list[tuple[int, Threshold]]:
    """Both ends of every "<score> of A or B" in ``text``, named by the score as written."""
    rows: list[tuple[int, Threshold]] = []
    if " or " not in text or not _TWO_VALUES.search(text):
        return rows  # a cheap test first: the list pattern tries up to five words before every position
    for m in _SCORE_LIST.finditer(text):
        low, high = float(m.group("low")), float(m.group("high"))
        name = _FRAMING.sub("", m.group("name"))
        acronym = _ACRONYM_SCORE.fullmatch(name)  # "sPGA score" is spga, as a score's acronym names it elsewhere
        name = acronym_name(acronym.group(1)) if acronym else name.lower()
        # a bare "class 3 or 4" names no scale; an acronym ("CDR", "MoCA") or a named one does
        if low < high and (" " in name or sum(map(str.isupper, m.group("name"))) >= 2):
            rows += [(m.start(), Threshold(name, ">=", low)), (m.start(), Threshold(name, "<=", high))]
    return rows
