"""The instrument a bare score is read on: "a score of 6 or more on the Prodromal Questionnaire (PQ-16)".

A limit on "score" alone names nothing an analyst can compare; the instrument it is read on,
named after the value or bracketed before it, is the quantity, as score names are.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import acronym_name

# "a score of 6 or more on the 'Ervaringenlijst' (PQ-16)": a bare score is named by the instrument it is read on
_BARE_SCORE = frozenset({"score", "scores", "total score", "sum score", "total", "global score", "composite score"})
# "(LSAS) total ≥ 70", "UPDRS Part III (motor) score > 30", "MDS-UPDRS Part III score": the acronym right
# before a bare score (with the part of it that is scored) names it
_ACRONYM_THEN_SCORE = lazy_re(
    r"(?<![\w-])\(?(?P<acronym>(?-i:[a-z]?[A-Z]{2,}[A-Za-z0-9]*(?:-[A-Z0-9]+)*))\)?\s*(?P<part>(?:part\s+)?(?-i:[IVX]+)\b|part\s+\d\b)?\s*"
    r"(?:\([^()\d]{1,20}\)\s*)?(?:(?:total|global|sum|composite)\s*)?(?:scores?\s*)?(?:of\s*)?$",
    re.I,
)
_ROMAN = lazy_re(r"[ivx]+")
_ON_INSTRUMENT = lazy_re(
    r"\s*(?:points?\s+)?(?:or\s+(?:more|higher|greater|above|less|lower|below)\s+)?(?:on|in|of|according\s+to)\s+"
    r"(?:the|a|an)\s+(?P<name>[^.;:,()]{1,60}?)\s*(?:\((?P<acronym>[A-Za-z][\w-]{1,12})\)|(?=[.;:,()]|$))",
    re.I,
)
_INSTRUMENT_BEFORE = lazy_re(r"\(?(?P<acronym>[A-Z][A-Z0-9-]{1,11})\)?\s*\(\s*(?:total\s+)?scores?\b[^()]*$")
_ACRONYM = lazy_re(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?")
MAX_INSTRUMENT_WORDS = 5
# an instrument is named as one ("Beck Depression Inventory", "PTSD checklist") or by an acronym ("SDQ"),
# never with a number first: "in the Emergency Department", "in the past week" name none
_NAMES_AN_INSTRUMENT = lazy_re(
    r"^(?!\d)(?:.*(?-i:\b[A-Z][A-Z0-9-]+\b)|.*\b(?:scale|score|index|inventory|questionnaire|test|rating|assessment|"
    r"subscale|item|checklist|survey|instrument|tool)s?\b)",
    re.I,
)


def instrument_named(variables: tuple[str, ...], text: str, start: int, end: int) -> tuple[str, ...]:
    """``variables``, or for a bare score the instrument it is read on, named after or before it.

    Its acronym where one is written ("(PQ-16)" is ``pq16``, as score names are), else its name as
    written ("on the Beck Depression Inventory"); a bare score with no instrument named stays.
    """
    roman = len(variables) == 1 and bool(_ROMAN.fullmatch(variables[0]))  # "MDS-UPDRS Part III score": part iii
    if variables not in {(name,) for name in _BARE_SCORE} and not roman:
        return variables
    after = _ON_INSTRUMENT.match(text, end)
    acronym = None if after else _ACRONYM_THEN_SCORE.search(text, max(0, start - 60), start)
    if acronym:
        part = acronym.group("part")
        return (acronym_name(acronym.group("acronym")) + (f" {part.lower()}" if part else ""),)
    if roman:
        return variables
    before = _INSTRUMENT_BEFORE.search(text, max(0, start - 40), start)
    name = after.group("name").strip(" '\"") if after else ""
    if after and after.group("acronym"):
        name = after.group("acronym")
    elif before and not after:
        name = before.group("acronym")
    name = name.split()[-1] if name and _ACRONYM.fullmatch(name.split()[-1]) else name  # "item of the PHQ-9"
    if _ACRONYM.fullmatch(name):
        return (acronym_name(name),)
    if not name or len(name.split()) > MAX_INSTRUMENT_WORDS or not _NAMES_AN_INSTRUMENT.search(name):
        return variables  # "in the past week", "in the opinion of the investigator", "on a 0-10 scale"
    return (name.lower(),)
