"""The variables of the vocabulary named in a text: before a limit, right after it, or as the score it is read on.

"AST/ALT" names ``ast`` and ``alt`` (an alias group); "≥ 20% blasts" and "18 years of age" name
their variable right after the value; "≥ 4 on a 0 to 10 numeric rating scale" the score it is read
on. The names and aliases are data (:data:`~tasks.normalize.vocabulary.VARIABLES`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.vocabulary import SCORES, VARIABLES

_ALIASES = lazy_re("|".join(f"(?P<v{i}>{pattern})" for i, (_, pattern) in enumerate(VARIABLES)), re.I)
_VARIABLE_NAMES = {f"v{i}": name for i, (name, _) in enumerate(VARIABLES)}
_AFTER = lazy_re(r"\s*(?:(?:of|on|in|at)\s+)?(?:the\s+)?(?:\w+\s+){0,1}?", re.I)
# "… on a 0 to 10 scale of", "… according to the", "… as measured by the": a score named after its value
_ON_A_SCALE = lazy_re(
    r"[^.;()\[\]]{0,40}?\b(?:on|according\s+to|by|using|in)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:\d+\s*(?:-|to)\s*\d+\s*(?:points?\s+)?|\d+[- ]?(?:points?|mm|cm)\s+)?",  # "an 11-point", "a 100 mm"
    re.I,
)
# words of a change of a quantity ("weight loss", "increase in serum creatinine")
CHANGE_WORDS = r"(?:change|loss|gain|drop|decline|reduction|increase|decrease|rise|fall|variation)"
# "albumin-to-creatinine ratio", "weight change", "PSA doubling time", "height z-score", "PANSS negative
# subscale": other quantities than the name they start with; "DLCO (Hb-corrected)", "(adjusted for Hb)": a name that
# qualifies another
_RATIO_OR_CHANGE_AFTER = lazy_re(
    rf"(?:\s*(?:/|-?\s*to\s*-?)\s*[\w-]+)?\s*ratio\b|[\s-]+{CHANGE_WORDS}s?\b|\s+(?:doubling\s+time|velocity|kinetics)\b"
    r"|[\s-]+(?:for[\s-]+age[\s-]+)?(?:z[\s-]?scores?|SDS)\b|\s+(?:[a-z]+\s+)?subscales?\b|[\s-]+(?:corrected|adjusted)\b",
    re.I,
)
_CHANGE_OR_KIND_BEFORE = lazy_re(
    rf"\b(?:{CHANGE_WORDS}s?\s+(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?|birth[\s-]+|(?:corrected|adjusted)\s+for\s+)$",
    re.I,
)
_STATE_BEFORE = lazy_re(r"\b(?:(?:un)?detectable|positive|negative)\s+$", re.I)
_WORD_START = lazy_re(r"(?<![A-Za-z0-9])[A-Za-z]")
# "(ALT) and serum aspartate aminotransferase (AST)": a specimen word between two names still joins them
_CONNECTOR = lazy_re(
    r"[\s,/&()\[\]]*(?:(?:and\s*/\s*or|and|or|&|/|,)[\s()\[\]]*)?(?:(?:serum|plasma|blood|total)\s+)?", re.I
)


def named_in(window: str) -> tuple[str, ...]:
    """The last named variable in ``window`` with the ones joined to it ("AST/ALT", "AST and ALT")."""
    hits, position = [], 0
    for word in _WORD_START.finditer(window):  # aliases begin at a word: try those positions only
        if word.start() < position:
            continue
        match = _ALIASES.match(window, word.start())
        if match and _modified(window, match):
            continue  # "albumin-to-creatinine ratio", "weight change", "birth weight": another quantity
        if match:
            hits.append((match.start(), match.end(), _VARIABLE_NAMES[match.lastgroup]))
            position = match.end()
    if not hits:
        return ()
    group = [hits[-1]]
    for hit in reversed(hits[:-1]):
        if not _CONNECTOR.fullmatch(window[hit[1] : group[0][0]]) or "age" in (hit[2], group[0][2]):
            break  # an alias group is "AST/ALT"; "age and weight ≥ 3 kg" limits the weight
        if _STATE_BEFORE.search(window, 0, hit[0]):
            break  # "detectable viral load or CD4 count < 350": a state, not a second quantity of the limit
        group.insert(0, hit)
    names: list[str] = []
    for _, _, name in group:
        for variable in name.split("+"):
            if variable not in names:
                names.append(variable)
    return tuple(names)


def exact_names(phrase: str) -> tuple[str, ...]:
    """The vocabulary's names for ``phrase`` if one of its aliases is the whole phrase ("life expectancy")."""
    match = _ALIASES.fullmatch(phrase.strip())
    return tuple(_VARIABLE_NAMES[match.lastgroup].split("+")) if match else ()


def _modified(window: str, match: re.Match) -> bool:
    """Whether the name ``match`` found is part of another quantity: a ratio, a change of it, a qualified kind."""
    return bool(
        _RATIO_OR_CHANGE_AFTER.match(window, match.end()) or _CHANGE_OR_KIND_BEFORE.search(window, 0, match.start())
    )


def scale_named_after(text: str, end: int) -> tuple[str, ...]:
    """The score a value is read on, named after it: "pain ≥ 4 on a 0 to 10 numeric rating scale (NRS)"."""
    match = _ON_A_SCALE.match(text, end)
    if not match:
        return ()
    named = _ALIASES.match(text, match.end())
    name = _VARIABLE_NAMES[named.lastgroup] if named else ""
    return (name,) if name in SCORES else ()


def named_after(text: str, end: int) -> tuple[str, ...]:
    """A named variable right after a value ("≥ 20% blasts", "18 years of age"), or the change of one."""
    match = _alias_after(text, end)
    if not match:
        return ()
    return _change_of(text, end, match) or (_VARIABLE_NAMES[match.lastgroup],)


def named_before(window: str, text: str, end: int) -> tuple[str, ...]:
    """The variables named in ``window`` before a value ending at ``end``, or the change of one named right after it.

    ("Stable body weight, defined as < 5% weight loss or gain" limits the weight change.)
    """
    named = named_in(window) or expression_of(window)
    return (named and change_named_after(text, end)) or named


def change_named_after(text: str, end: int) -> tuple[str, ...]:
    """The change of a quantity named right after a value, as written ("> 5% weight loss": ``weight loss``).

    Two changes of it are its change ("< 5% weight loss or weight gain": ``weight change``).
    """
    if not _CHANGE_WORD.search(text, end, end + 60):
        return ()  # a cheap test spares the alias scan
    match = _alias_after(text, end)
    return _change_of(text, end, match) if match else ()


def _change_of(text: str, end: int, match: re.Match) -> tuple[str, ...]:
    """The change of the alias ``match`` (found right after a value ending at ``end``), if one is written after it."""
    change = _CHANGE_AFTER.match(text, end + match.end())
    if not change:
        return ()
    return (f"{' '.join(match.group().lower().split())} {'change' if change['either'] else change['change'].lower()}",)


def _alias_after(text: str, end: int) -> re.Match | None:
    """The alias written right after a value, past a preposition and one word (matched in ``text[end:end + 40]``)."""
    after = text[end : end + 40]
    skip = _AFTER.match(after)
    return _ALIASES.match(after, skip.end() if skip else 0) or _ALIASES.match(after, len(after) - len(after.lstrip()))


_CHANGE_WORD = lazy_re(rf"\b{CHANGE_WORDS}", re.I)
# the change of a quantity named right after its value, or either of two changes ("weight loss or weight gain")
_CHANGE_AFTER = lazy_re(
    rf"[\s-]+(?P<change>{CHANGE_WORDS})s?\b(?P<either>\s+or\s+(?:[\w-]+\s+){{0,2}}?{CHANGE_WORDS}s?\b)?", re.I
)


_ACRONYM_JOIN = lazy_re(r"\s+|-(?=\d)")


def acronym_name(acronym: str) -> str:
    """A score's or a measure's acronym as labellers write it: "PHQ-9" is ``phq9``, "HCT-CI" is ``hct-ci``.

    A hyphen before a number joins it (the guide's "fib4", "phq8"); one between letters stays
    ("ldl-c", "ipss-r", "hct-ci" in the labels).
    """
    return _ACRONYM_JOIN.sub("", acronym).lower()


# "CD22 expression on ≥ 20% of blasts", "CD19 expression must be detected on > 15% of the malignant cells": the share
# of cells that carry a marker is the marker's expression, not a count of those cells
_EXPRESSED_ON = lazy_re(
    r"(?<![\w-])(?P<marker>[A-Za-z][\w+-]*\d[\w+-]*)\s+expression\b[^,;()]{0,30}?\b(?:on|in)\s*$", re.I
)


def expression_of(window: str) -> tuple[str, ...]:
    """The marker's expression a share of cells limits, named before it ("CD19 expression on"), else nothing."""
    match = _EXPRESSED_ON.search(window)
    return (f"{match.group('marker').lower()} expression",) if match else ()
