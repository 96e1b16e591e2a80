"""Counts of spinal levels: "one or two level fusion", "at two contiguous levels", "> four-level fusion".

Spine trials bound how many vertebral levels are treated or diseased, written as counts the
open reader does not see: a number word glued to "level" by a hyphen, a range of two such
words ("single- or two-level"), a level count with no comparator ("at a single level"). The
count is named as written where an adjective or an "of" phrase says which levels
("contiguous levels", "levels of symptomatic disease"), else by the fusion the line asks for
("fusion levels"), else "levels". Only a line that speaks of the spine is read.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.numbers import number
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.vocabulary import NUMBER_WORDS

_SPINE = lazy_re(
    r"spin|lumb|cervical|thoracic|\bdis[ck]|fusion|vertebra|\b[CLT]\d|\bDDD\b|stenosis|lamin|radiculopathy|myelopathy|"
    r"herniat|spondyl|multi-?level",
    re.I,
)
_COUNT = rf"(?:\d|single|{'|'.join(NUMBER_WORDS)})(?:\s*\(\d\))?"
_ADJECTIVES = r"(?:(?:contiguous|consecutive|immobile|vertebral|cervical|lumbar|thoracic|spinal|spine|motion)\s+){1,3}"
# "2 adjacent or non-adjacent levels": where the levels lie, not which are counted
_ADJACENCY = r"(?:(?:non-?)?adjacent(?:\s+or\s+(?:non-?)?adjacent)?\s+)?"
LEVELS = lazy_re(
    rf"(?<![\w-])(?P<low>{_COUNT})(?:[\s-]*levels?)?(?:\s*-?\s*(?:or|to|/|-|–)\s*(?P<high>{_COUNT}))?"
    rf"(?P<more>[\s-]+or\s+more)?[\s-]+{_ADJACENCY}(?P<adjectives>{_ADJECTIVES})?levels?\b(?=(?P<region>\s+(?:lumbar|cervical|thoracic)\b)?)"
    r"(?P<of>\s+of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}(?=\s+(?:on|in|at|from|between|among|by|for|to|with)\b|[.,;:()]|$))?",
    re.I,
)
_PREPOSITIONS = lazy_re(r"\s+(?:on|in|at|from|between|by|for|to|with)\b.*$", re.I)


def spinal_levels(text: str) -> list[tuple[int, Threshold]]:
    """Limits on the number of spinal levels a spine-related ``text`` states."""
    if "level" not in text.lower() or not _SPINE.search(text):
        return []
    found = []
    for match in LEVELS.finditer(text):
        variable = _named(text, match)
        low, high = _count(match.group("low")), match.group("high") and _count(match.group("high"))
        if high and high > low:  # "one or two level", "single- or two-level"
            found += [(match.start(), Threshold(variable, ">=", low)), (match.start(), Threshold(variable, "<=", high))]
            continue
        symbol = ">=" if match.group("more") else comparator(comparator_before(text, match.start())[0])
        found.append((match.start(), Threshold(variable, symbol, low)))
    return found


def _named(text: str, match: re.Match) -> str:
    """Which levels are counted, as the line says.

    The adjectives or the "of" phrase name them; else the fusion the line asks for, else the
    region written after the count ("two-level lumbar laminectomy": "lumbar levels"), else "levels".
    """
    if match.group("adjectives"):
        return f"{' '.join(match.group('adjectives').lower().split())} levels"
    if match.group("of"):
        named = _PREPOSITIONS.sub("", match.group("of").strip().lower())
        return f"levels {named}" if named != "of" else "levels"
    if re.search(r"\bfusion", text, re.I):
        return "fusion levels"
    return f"{match.group('region').strip().lower()} levels" if match.group("region") else "levels"


def _count(written: str) -> float:
    """A level count: digits, a number word, or "single"; a bracketed restatement ("one (1)") is dropped."""
    word = written.split("(")[0].strip().lower()
    return 1.0 if word == "single" else number(word)
