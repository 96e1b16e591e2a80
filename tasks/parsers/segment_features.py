"""Features of one candidate cut of an outcome into measure, description and time frame.

The segmenter ranks candidate cuts by a learned weighted sum of these features: how much
each part reads like its field under the character models, what the characters and words
at each boundary are, how long each part is, whether brackets balance, and the older
hand-written plausibility scores (kept as evidence, no longer as the decision).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tasks.parsers.timeframe_text import time_frame_score

if TYPE_CHECKING:
    from tasks.parsers.segmenter import Segmenter

Features = dict[str, float]
_WORD = re.compile(r"[A-Za-z]+|\d+|\S")
_PERIOD_COMMA = re.compile(r"[.。],\s")
_ENDS_WITH_NUMBER = re.compile(r"(?:\b(?:weeks?|days?|months?|years?|hours?|visits?|cycles?|at|and|or|to)\s*|,\s*)"
                               r"[+-]?\d{1,3}(?:\.\d+)?\s*$", re.IGNORECASE)  # fmt: skip
_STARTS_WITH_NUMBER = re.compile(r"^(?:and |or |& )?\d")
_OPEN, _CLOSE = re.compile(r"[(\[{（［]"), re.compile(r"[)\]}）］]")


def char_class(char: str) -> str:
    """A coarse class of one character: upper, lower, digit, or the character itself."""
    if char.isupper():
        return "U"
    if char.islower():
        return "l"
    if char.isdigit():
        return "9"
    return char


def first_word(text: str) -> str:
    """The first word of ``text``, lower-cased (digits folded to ``0``)."""
    match = _WORD.search(text)
    return re.sub(r"\d", "0", match.group(0).lower()) if match else ""


def last_word(text: str) -> str:
    """The last word of ``text``, lower-cased (digits folded)."""
    words = _WORD.findall(text)
    return re.sub(r"\d", "0", words[-1].lower()) if words else ""


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (digits folded)."""
    return [re.sub(r"\d", "0", w.lower()) for w in _WORD.findall(text)]


def length_bucket(text: str | None) -> str:
    """A logarithmic bucket of the word count (0, 1, 2-3, 4-7, …)."""
    if not text:
        return "0"
    return str(len(_WORD.findall(text)).bit_length())


def unbalanced(text: str | None) -> bool:
    """Whether ``text`` opens more brackets than it closes or vice versa."""
    return bool(text) and bracket_balance(text) != 0


def bracket_balance(text: str) -> int:
    """How many more brackets ``text`` opens than it closes (negative: closes more)."""
    return len(_OPEN.findall(text)) - len(_CLOSE.findall(text))


def field_features(model: Segmenter, name: str, text: str | None) -> Features:
    """Features of one part: its character-model scores and its shape."""
    prefix = name[0]
    features: Features = {f"{prefix}_len={length_bucket(text)}": 1.0}
    if not text:
        features[f"{prefix}_absent"] = 1.0
        return features
    score, prose = model.log_prob(name, text), model.log_prob("prose", text)
    features[f"{prefix}_lm"] = score / 100.0
    features[f"{prefix}_lm_vs_prose"] = (score - prose) / 10.0
    features[f"{prefix}_first={first_word(text)}"] = 1.0
    features[f"{prefix}_firstc={char_class(text[0])}"] = 1.0
    features[f"{prefix}_lastc={char_class(text[-1])}"] = 1.0
    features[f"{prefix}_last={last_word(text)}"] = 1.0
    if unbalanced(text):
        features[f"{prefix}_unbalanced"] = 1.0
    if _PERIOD_COMMA.search(text):
        features[f"{prefix}_period_comma"] = 1.0
    if "\n" in text:
        features[f"{prefix}_newline"] = 1.0
    return features


def candidate_features(model: Segmenter, measure: str, description: str | None, time_frame: str | None) -> Features:
    """Every feature of the cut ``(measure, description, time_frame)``."""
    features: Features = {"bias": 1.0}
    for name, text in (("measure", measure), ("description", description), ("time_frame", time_frame)):
        features.update(field_features(model, name, text))
    if time_frame:
        features["t_rule"] = max(-5.0, min(8.0, time_frame_score(time_frame))) / 4.0
        before = description or measure
        features[f"t_boundary={char_class(before[-1])}>{char_class(time_frame[0])}"] = 1.0
        if _ENDS_WITH_NUMBER.search(before) and _STARTS_WITH_NUMBER.match(time_frame):
            features["t_number_list"] = 1.0
    if description:
        features[f"d_boundary={char_class(measure[-1])}>{char_class(description[0])}"] = 1.0
        if _ENDS_WITH_NUMBER.search(measure) and _STARTS_WITH_NUMBER.match(description):
            features["d_number_list"] = 1.0
        if description.lower().split()[:1] == measure.lower().split()[:1]:
            features["d_repeats_measure"] = 1.0
    return features
