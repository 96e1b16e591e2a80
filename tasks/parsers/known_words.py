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

_TRAILING_LETTERS = re.compile(r"[A-Za-z]+$")
_LEADING_LETTERS = re.compile(r"[a-z]+")


def inside_a_known_word(row: str, cut: int) -> bool:
    """Whether ``cut`` falls inside a word of the real records ("progress|ive", "headache|s")."""
    left = _TRAILING_LETTERS.search(row, 0, cut)
    right = _LEADING_LETTERS.match(row, cut)
    return bool(left and right) and (left.group() + right.group()).lower() in segmenter.current().vocabulary


def glued_words(row: str, cut: int) -> bool:
    """Whether ``cut`` splits a token into two known words that are no known word together.

    "Radiologic Assessmentthe change of the disc height …": "assessment" and "the" are words of
    the real records, "assessmentthe" is none; a lower-case time frame glued to its name.
    """
    left = _TRAILING_LETTERS.search(row, 0, cut)
    right = _LEADING_LETTERS.match(row, cut)
    if not left or not right or len(left.group()) < 3:
        return False
    known = segmenter.current().vocabulary
    whole = (left.group() + right.group()).lower()
    return left.group().lower() in known and right.group().lower() in known and whole not in known
