"""A term defined with its acronym is named by it: "Cytochrome P450 3A (CYP3A) inhibitors" → "CYP3A inhibitors".

Criteria spell a term out once and bracket its acronym after it; labellers and analysts name the
thing by the acronym ("cyp3a inhibitors", "hiv viral load"). A bracket is a definition only when
the initials of the words before it spell the acronym's first characters in order, so "(12 weeks)"
or "(e.g., NSAIDs)" is left alone. Only an acronym that names the term the way labellers write it
replaces it: one that modifies the next word ("(HIV)-infected patients") or a technical one with a
digit ("(CYP3A4)"); "myocardial infarction (MI), stroke" keeps the common term.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re

_DEFINITION = lazy_re(r"\(\s*(?P<acronym>[A-Z][A-Za-z0-9]*(?:[- ][A-Z0-9][A-Za-z0-9]*)?)\s*\)")
_WORD = lazy_re(r"[A-Za-z0-9][\w'-]*")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "to", "in", "with", "on"})
MAX_WORDS = 8
# an acronym that modifies the next word ("(HIV)-infected", "(GON) injection") names the term as labellers do;
# so does a technical one with a digit ("(CYP3A4)", "(GLP-1)")
_DIGIT = lazy_re(r"\d")
_MODIFIER_AFTER = lazy_re(
    r"-\w|\s+(?!(?:within|in|on|at|or|and|of|for|to|with|by|from|before|after|prior|during|is|are|was|were|as|that|"
    r"which|who|but|nor|than|if|since|until|unless|must|should)\b)[a-z]",
    re.I,
)


def abbreviate(text: str) -> str:
    """``text`` with each spelled-out term that a bracketed acronym defines replaced by the acronym."""
    if "(" not in text:
        return text
    pieces, last = [], 0
    for match in _DEFINITION.finditer(text):
        if not (_DIGIT.search(match.group("acronym")) or _MODIFIER_AFTER.match(text, match.end())):
            continue  # "myocardial infarction (MI), stroke": a common term keeps its name
        start = _definition_start(text[last : match.start()], match.group("acronym"))
        if start is None:
            continue
        pieces += [text[last : last + start], match.group("acronym")]
        last = match.end()
    return "".join(pieces) + text[last:] if pieces else text


def _definition_start(before: str, acronym: str) -> int | None:
    """Where the words that ``acronym`` abbreviates begin in ``before``, if they end it; else ``None``."""
    letters = acronym.lower().replace("-", "").replace(" ", "")
    words = list(_WORD.finditer(before))[-MAX_WORDS:]
    if not words or before[words[-1].end() :].strip():
        return None  # the bracket does not follow the words directly
    for first in range(len(words)):
        if words[first].group().lower() in _SMALL_WORDS:
            continue  # "use of nonsteroidal anti-inflammatory drugs (NSAIDs)": the term starts after "of"
        initials = [w.group()[0].lower() for w in words[first:] if w.group().lower() not in _SMALL_WORDS]
        if len(initials) >= 2 and initials[0] == letters[0] and _in_order(initials, letters):
            return words[first].start()
    return None


def _in_order(initials: list[str], letters: str) -> bool:
    """Whether ``initials`` appear in ``letters`` in this order (each at or after the previous one)."""
    position = 0
    for initial in initials:
        position = letters.find(initial, position)
        if position < 0:
            return False
        position += 1
    return True
