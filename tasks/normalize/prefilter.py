"""The words a vocabulary pattern cannot match without: a cheap test before its scan.

Classifying a text tries every category's pattern, and most categories are not named in most
texts; a regular-expression scan that finds nothing still reads the whole text once per
alternative. When every top-level alternative of a pattern opens with a literal word, the pattern
can only match a text holding one of those words (case-insensitively), so a substring test on
the lowercased text spares the scan. Patterns whose alternatives do not all open with a word get
no test (``None``) and are always scanned, so the answers are the same either way.
"""

from __future__ import annotations

from tasks.normalize.lazy_patterns import lazy_re

# a literal opening: word boundaries or lookbehinds, then letters, digits, spaces, hyphens, escaped points
_LITERAL_OPENING = lazy_re(r"(?:\\b|\(\?<![^()]*\))*((?:[A-Za-z0-9 -]|\\[-.])+)")
_MIN_LENGTH = 2
_GROUP_OPENING = lazy_re(r"(?:\\b)*\(\?:")


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The lowercased words one of which every match of ``pattern`` holds, or ``None`` if unknown."""
    words = []
    for alternative in _top_level_alternatives(pattern):
        grouped = _group_openings(alternative)
        if grouped is not None:
            words += grouped
            continue
        opening = _LITERAL_OPENING.match(alternative)
        if not opening:
            return None
        word = opening.group(1).replace("\\", "")
        if alternative[opening.end() : opening.end() + 1] in ("?", "*", "{"):
            word = word[:-1]  # "tumou?r": the optional letter is not needed
        if len(word.strip()) < _MIN_LENGTH:
            return None
        words.append(word.lower())
    return tuple(words)


def _group_openings(alternative: str) -> list[str] | None:
    r"""The words an alternative opening with a group of words needs ("\b(?:overall|objective)\s+response")."""
    opening = _GROUP_OPENING.match(alternative)
    if not opening:
        return None
    depth, index = 1, opening.end()
    while index < len(alternative) and depth:
        char = alternative[index]
        if char == "\\":
            index += 2
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1
    if depth or alternative[index : index + 1] in ("?", "*", "{"):
        return None  # an optional group ("(?:stringent\\s+)?complete") needs none of its words
    inner = literal_prefixes(alternative[opening.end() : index - 1])
    return None if inner is None else list(inner)


def word_set(pattern: str) -> frozenset[str] | None:
    """:func:`literal_prefixes` as a set, as :func:`may_match` reads them."""
    words = literal_prefixes(pattern)
    return None if words is None else frozenset(words)


def words_in(words: frozenset[str], lowered: str) -> frozenset[str]:
    """Which of ``words`` the lowercased text holds (once per text, for every pattern's test)."""
    return frozenset(word for word in words if word in lowered)


def may_match(needed: frozenset[str] | None, present: frozenset[str]) -> bool:
    """Whether a pattern that needs one of ``needed`` (``None``: unknown) may match a text holding ``present``."""
    return needed is None or not needed.isdisjoint(present)


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at the ``|`` outside groups and character classes."""
    alternatives, current, depth, in_class, index = [], [], 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            alternatives.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    return [*alternatives, "".join(current)]


# Every comparator phrase of the vocabulary ends in a sign or in one of these words ("at least",
# "no more than", "up to", "a minimum of", "exceeding"); tests/test_prefilter.py holds the two together.
COMPARATOR_SIGNS = frozenset("≥≧>=≤≦<")
COMPARATOR_LAST_WORDS = frozenset(
    "least than then to of minimum maximum most exceed exceeds exceeding over above below under including "
    "greater more higher older longer larger bigger less lesser lower younger shorter fewer smaller".split()
)


def may_end_comparator(head: str) -> bool:
    """Whether ``head`` (the text before a value) may end in a comparator phrase, read from its last character."""
    head = head.rstrip().rstrip(":").rstrip()
    if not head or head[-1] in COMPARATOR_SIGNS:
        return bool(head)
    start = len(head)
    while start and head[start - 1].isalpha():
        start -= 1
    return head[start:].lower() in COMPARATOR_LAST_WORDS
