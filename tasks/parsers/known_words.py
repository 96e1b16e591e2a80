"""Known words of the real records: where a glued row's token may split, and where it may not.

MedPath glues a row's name to its time frame without a space. When the time frame opens in
lower case with no time-frame opening ("Radiologic Assessmentthe change of ..."), the glue
point lies inside what reads as one token. The segmenter ships the lower-case words of its
training records (:attr:`~tasks.parsers.segmenter.Segmenter.vocabulary`): two known words that
make no known word together mark a glue point; a cut inside a known word marks none.
"""

from __future__ import annotations

import re

from tasks.parsers import segmenter

_LEADING_LETTERS = re.compile(r"[a-z]+")


def _letters_before(row: str, cut: int) -> str:
    """The ASCII letters that end ``row[:cut]`` (a backward walk: a regex search would scan the row)."""
    start = cut
    while start > 0 and row[start - 1].isascii() and row[start - 1].isalpha():
        start -= 1
    return row[start:cut]


def inside_a_known_word(row: str, cut: int) -> bool:
    """Whether ``cut`` falls inside a word of the real records ("progress|ive", "headache|s")."""
    right = _LEADING_LETTERS.match(row, cut)
    left = right and _letters_before(row, cut)
    return bool(left) and (left + right.group()).lower() in segmenter.current().vocabulary


def glued_words(row: str, cut: int) -> bool:
    """Whether ``cut`` splits a token into two known words that are no known word together.

    "Radiologic Assessmentthe change of the disc height …": "assessment" and "the" are words of
    the real records, "assessmentthe" is none; a lower-case time frame glued to its name.
    """
    right = _LEADING_LETTERS.match(row, cut)
    known = segmenter.current().vocabulary
    if not right or right.group() not in known:  # most cuts inside a word fail here, before the walk back
        return False
    left = _letters_before(row, cut).lower()
    return len(left) >= 3 and left in known and left + right.group() not in known
