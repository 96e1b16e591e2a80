"""Split ClinicalTrials.gov's flat outcome convention back into its parts.

The website's CSV download and the flat text export render each outcome as
``", ".join(part for part in (measure, description, time_frame) if part)`` and
join outcomes with ``|``. Commas occur inside all three parts, so the split is
chosen by scoring every way of cutting the text at ``", "``: the time frame must
read like one (see :mod:`tasks.parsers.timeframe_text`), cuts inside brackets
or inside a number list are implausible, and the registry's length limits
(measure ≤ 255, description ≤ 999, time frame ≤ 255 characters) bound the search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.parsers.timeframe_text import STARTER, looks_like_time_frame, time_frame_score

MEASURE_MAX = 255
DESCRIPTION_MAX = 999
TIME_FRAME_MAX = 255
SEPARATOR = ", "

_CONTINUATION = re.compile(
    r"^(?:and|or|nor|but|including|includes|include|such as|e\.g\.|i\.e\.|etc|as|which|"
    r"who|that|with|without|per|by|in|of|for|to|if|when|where|whichever|"
    r"respectively)\b",
)
_SENTENCE_OPENER = re.compile(
    r"^(?:the|a|an|this|these|to|number|percentage|percent|proportion|participants?|"
    r"patients?|subjects?|defined|measured|assessed|evaluated|incidence|rate|time|"
    r"change|mean|median|will|it|we|in|for|each|all|any|ratio|total|as)\b",
    re.IGNORECASE,
)
# A candidate part that reads "…end., Next…" holds a field boundary inside it.
_PERIOD_COMMA = re.compile(r"[.。],\s")
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|shall|should)\b")
_BULLET = "-*•·"
# "Weeks 2, 4, 8": the cut after "2" is inside a list of time points.
_ENDS_WITH_NUMBER = re.compile(
    r"(?:\b(?:weeks?|days?|months?|years?|hours?|visits?|cycles?|at|and|or|to)\s*|,\s*)"
    r"[+-]?\d{1,3}(?:\.\d+)?\s*$",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"^(?:assessed|evaluated|measured|collected|recorded|reported)\b", re.I)
_STARTS_WITH_NUMBER = re.compile(r"^(?:and |or |& )?\d")
_OPENERS = "([{（［"
_CLOSERS = ")]}）］"
_OPEN = re.compile(f"[{re.escape(_OPENERS)}]")
_CLOSE = re.compile(f"[{re.escape(_CLOSERS)}]")


@dataclass(frozen=True)
class OutcomeParts:
    """One outcome recovered from the flat convention."""

    measure: str
    description: str | None
    time_frame: str | None


def split_outcome_list(field: str) -> list[OutcomeParts]:
    """Split a ``|``-joined outcome field into outcomes.

    Args:
        field: The whole field, e.g. a CSV cell or a line of the flat export.

    Returns:
        One :class:`OutcomeParts` per non-empty ``|`` item, in order.
    """
    return [split_outcome(item) for item in field.split("|") if item.strip()]


@lru_cache(maxsize=8192)
def split_outcome(item: str) -> OutcomeParts:
    """Split one ``measure, description, time frame`` item.

    Args:
        item: A single outcome in the flat convention.

    Returns:
        The best-scoring decomposition. Without any plausible time frame the
        whole text is the measure (older records may lack a time frame). Results
        are memoised: the flat layout checks a field before it splits it.
    """
    text = item.strip()
    cuts = _cut_positions(text)
    best: tuple[float, OutcomeParts] | None = None
    # Registry limits bound the search: the time frame is among the last characters.
    earliest_tf_cut = len(text) - TIME_FRAME_MAX - len(SEPARATOR) - 1
    for tf_cut in (c for c in cuts if c >= earliest_tf_cut):
        time_frame = text[tf_cut + len(SEPARATOR) :].strip()
        tf_score = time_frame_score(time_frame)
        if tf_score <= 0:
            continue
        head = text[:tf_cut]
        for measure, description, head_score in _head_splits(head, cuts, tf_cut):
            score = tf_score + head_score + _time_frame_boundary_score(head, time_frame)
            score -= 3.0 * _inside_brackets(text, tf_cut)
            if best is None or score > best[0]:
                best = (score, OutcomeParts(measure, description, time_frame))
    if best is None:
        return OutcomeParts(text, None, None)
    return best[1]


def _cut_positions(text: str) -> list[int]:
    """Return the offsets of every ``", "`` in ``text``."""
    cuts = []
    index = text.find(SEPARATOR)
    while index != -1:
        cuts.append(index)
        index = text.find(SEPARATOR, index + 1)
    return cuts


def _head_splits(head: str, cuts: list[int], tf_cut: int):
    """Yield ``(measure, description, score)`` for the text before the time frame."""
    if len(head) > MEASURE_MAX + DESCRIPTION_MAX + len(SEPARATOR) + 1:
        return
    if len(head) <= MEASURE_MAX:
        yield head.strip(), None, _measure_score(head) - 0.5
    for cut in cuts:
        if cut >= tf_cut or cut > MEASURE_MAX:
            break
        measure = head[:cut].strip()
        description = head[cut + len(SEPARATOR) :].strip()
        if not measure or not description or len(description) > DESCRIPTION_MAX:
            continue
        score = _measure_score(measure) + _description_score(measure, description)
        yield measure, description, score - 3.0 * _inside_brackets(head, cut)


def _measure_score(measure: str) -> float:
    """Score a measure title: short, not a sentence, brackets closed."""
    score = 0.0
    if measure.endswith("."):
        score -= 0.7
    if _unbalanced(measure):
        score -= 1.5
    if _PERIOD_COMMA.search(measure):
        score -= 2.0
    if "\n" in measure:
        score -= 5.0  # registry measure titles are single-line
    return score


def _description_score(measure: str, description: str) -> float:
    """Score the measure/description cut: descriptions open a new sentence."""
    score = 0.0
    first = description[:1]
    if first.isupper() or first.isdigit() or first in "\"'“[(" + _BULLET:
        score += 1.0
    elif first.islower() and not measure[:1].islower():
        score -= 0.5 if _SENTENCE_OPENER.match(description) else 1.0
    if _SENTENCE_OPENER.match(description):
        score += 0.4
    if first not in _BULLET and _opens_with_list_item(description):
        score -= 1.5  # "Eosinophils, Lymphocytes, …" continues the measure's list
    if _PERIOD_COMMA.search(description):
        score -= 2.0
    if _CONTINUATION.match(description):
        score -= 1.5
    if _ENDS_WITH_NUMBER.search(measure) and _STARTS_WITH_NUMBER.match(description):
        score -= 3.0  # "Weeks 2, 4, 8" is a list, not a field boundary
    if description.endswith((".", ")", "]")):
        score += 0.3
    if _unbalanced(description):
        score -= 1.5
    if STARTER.match(description) and looks_like_time_frame(description) and not description.endswith("."):
        score -= 2.0  # a time-like middle without a full stop belongs to the time frame
    if _same_opening(measure, description):
        score += 1.5  # registrants often repeat the measure as its description
    return score


def _opens_with_list_item(description: str) -> bool:
    """Tell whether ``description`` opens with a short list item ("Bowel, and …")."""
    head, sep, _ = description.partition(SEPARATOR)
    return bool(sep) and len(head.split()) <= 3 and not head.rstrip().endswith(".")


def _same_opening(measure: str, description: str) -> bool:
    """Tell whether the description opens with the measure's first word."""
    head = measure.lower().split()[:1]
    return bool(head) and len(head[0]) >= 4 and description.lower().split()[:1] == head


def _time_frame_boundary_score(head: str, time_frame: str) -> float:
    """Score the cut before the time frame."""
    score = 0.0
    if head.rstrip().endswith((".", "。")):
        score += 1.5
    if _ENDS_WITH_NUMBER.search(head) and _STARTS_WITH_NUMBER.match(time_frame):
        score -= 3.0
    if _CONTINUATION.match(time_frame) and not STARTER.match(time_frame):
        score -= 2.0
    if _PARTICIPLE.match(time_frame) and not head.rstrip().endswith("."):
        score -= 1.0  # "..., assessed up to 2 years" usually ends a longer time frame
    first_segment = time_frame.split(SEPARATOR, 1)[0]
    if first_segment != time_frame and time_frame_score(first_segment) <= -5:
        score -= 2.5  # "per intensity, Within 24 hours": the cut is too early
    if _FINITE_VERB.search(time_frame):
        score -= 1.0
    if _unbalanced(time_frame):
        score -= 1.5
    return score


def _inside_brackets(text: str, offset: int) -> bool:
    """Tell whether ``offset`` lies inside a bracket that closes later in ``text``."""
    before, after = text[:offset], text[offset:]
    still_open = _count(_OPEN, before) - _count(_CLOSE, before)
    return still_open > 0 and _count(_CLOSE, after) - _count(_OPEN, after) > 0


def _unbalanced(text: str) -> bool:
    """Tell whether ``text`` opens more brackets than it closes or vice versa."""
    return _count(_OPEN, text) != _count(_CLOSE, text)


def _count(pattern: re.Pattern, text: str) -> int:
    """Occurrences of a one-character class (one pass, unlike a count per character)."""
    return len(pattern.findall(text))
