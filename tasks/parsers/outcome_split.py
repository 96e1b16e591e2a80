"""Split ClinicalTrials.gov's flat outcome convention back into its parts.

The website's CSV download and the flat text export render each outcome as
``", ".join(part for part in (measure, description, time_frame) if part)`` and
join outcomes with ``|``. Commas occur inside all three parts, so every way of cutting
an item at ``", "`` that the registry's length limits allow (measure <= 255,
description <= 999, time frame <= 255 characters) is a candidate, and the learned
segmenter (:mod:`tasks.parsers.segmenter`) picks the one whose parts read most like
real measures, descriptions and time frames. The items of one field are decided
together: whether the neighbours have descriptions is evidence for an ambiguous item.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import astuple, dataclass
from functools import lru_cache

from tasks.parsers import segmenter
from tasks.parsers.timeframe_text import is_time_point

MEASURE_MAX = 255
DESCRIPTION_MAX = 999
TIME_FRAME_MAX = 255
# An outcome is at most a 255-character measure, a 999-character description and a 255-character
# time frame; markdown escapes and full-width spaces leave room for a few hundred more.
MAX_ITEM_CHARS = 2_000
SEPARATOR = ", "
NEIGHBOUR_READINGS = 2
MIN_RESTATED = 5  # "Day 7" restated is evidence; "12" is not
# "Weeks 2, 4, 8", "month 1, 2, 3": a comma between numbers of one list.
_NUMBER_LIST_END = re.compile(
    r"(?:\b(?:weeks?|days?|months?|years?|hours?|visits?|cycles?|at|and|or|to)\s*|,\s*)[+-]?\d{1,3}(?:\.\d+)?\s*$",
    re.IGNORECASE,
)
# ... unless the number after the comma opens a duration of its own ("to week 12, 12 weeks").
_NUMBER_LIST_START = re.compile(
    r"^(?:and |or |& )?[+-]?\d(?!\d*(?:\.\d+)?[\s-]*(?:hours?|days?|weeks?|months?|years?)\b)", re.IGNORECASE
)
_LIST_JOIN = re.compile(r"\s+(?:and|or|&)\s+", re.IGNORECASE)  # "Day 15 and Day 29": the last two of a list
_OPENERS, _CLOSERS = "([{（［", ")]}）］"
_OPENER, _CLOSER = re.compile(f"[{re.escape(_OPENERS)}]"), re.compile(f"[{re.escape(_CLOSERS)}]")


@dataclass(frozen=True)
class OutcomeParts:
    """One outcome recovered from the flat convention."""

    measure: str
    description: str | None
    time_frame: str | None


def split_outcome_list(field: str) -> list[OutcomeParts]:
    """Split a ``|``-joined outcome field into outcomes, deciding its items together.

    Args:
        field: The whole field, e.g. a CSV cell or a line of the flat export.

    Returns:
        One :class:`OutcomeParts` per non-empty ``|`` item, in order.
    """
    items = tuple(item for item in field.split("|") if item.strip())
    return list(_split_items(items))


@lru_cache(maxsize=8192)
def _split_items(items: tuple[str, ...]) -> tuple[OutcomeParts, ...]:
    """First each item alone, then twice knowing how its neighbours were split the time before.

    The second reading sees the neighbours as the first split them, mostly right where the reading
    alone was not (5 folds, items exact on their own lists: 4,002 -> 4,005 of 4,070; three: 4,004).
    """
    parts, tail = [split_outcome(item) for item in items], shared_tail(items)
    for _ in range(NEIGHBOUR_READINGS if len(items) > 1 else 0):
        read = _read_with_neighbours(items, parts, tail)
        if read == parts:  # the same neighbours again would give the same reading
            break
        parts = read
    return tuple(parts)


def _read_with_neighbours(items: tuple[str, ...], seen: list[OutcomeParts], tail: str | None) -> list[OutcomeParts]:
    """Split every item again, knowing how its neighbours were split (``seen``)."""
    model = segmenter.current()
    # Items too long to be outcomes are kept whole and give no evidence about the others.
    triples = [None if overlong(i) else astuple(p) for p, i in zip(seen, items, strict=True)]
    parts = []
    for index, item in enumerate(items):
        if overlong(item):
            parts.append(seen[index])
            continue
        neighbours = segmenter.Neighbours.of([t for other, t in enumerate(triples) if other != index and t])
        candidates = restating_first(item, flat_candidates(item))
        if tail:  # the ending every item shares is (the end of) their time frame
            candidates = [c for c in candidates if c[2] and ends_with_part(c[2], tail)] or candidates
        with segmenter.cutting(item):
            parts.append(OutcomeParts(*segmenter.best(model, candidates, neighbours)))
    return parts


def shared_tail(items: tuple[str, ...]) -> str | None:
    """The shortest ``", "``-separated ending that every item of a list has, if any.

    The outcomes of one list are often measured over one period ("…, Up to 2 years" under every
    item): an ending they all share is their time frame, or its end ("Week 4, 2 years" and "Week 8,
    2 years"), even where neither the character models nor the rules read it as one
    ("retrospective data analysis from 2013 to 2020").
    """
    texts = [item.strip() for item in items if not overlong(item)]
    if len(texts) < 2:
        return None
    for cut in reversed(comma_cuts(texts[0])):
        tail = texts[0][cut + len(SEPARATOR) :].strip()
        if any(char.isalnum() for char in tail) and all(ends_with_part(text, tail) for text in texts[1:]):
            return tail
    return None


def ends_with_part(text: str, tail: str) -> bool:
    """Whether ``text`` is ``tail`` or ends in ``", "`` and ``tail``."""
    return text == tail or text.endswith(SEPARATOR + tail)


@lru_cache(maxsize=8192)
def split_outcome(item: str) -> OutcomeParts:
    """Split one ``measure, description, time frame`` item on its own.

    Args:
        item: A single outcome in the flat convention.

    Returns:
        The best-scoring decomposition (the whole text is the measure when nothing else
        reads better: older records may lack a time frame). Memoised: the flat layout
        checks a field before it splits it.
    """
    if overlong(item):  # not an outcome; the segmenter's cost grows with the text
        return OutcomeParts(item.strip(), None, None)
    with segmenter.cutting(item):
        return OutcomeParts(*segmenter.best(segmenter.current(), restating_first(item, flat_candidates(item))))


def overlong(item: str) -> bool:
    """Whether ``item`` is longer than the registry lets an outcome be (it is then kept whole)."""
    return len(item) > MAX_ITEM_CHARS


def render_flat(parts: tuple[str, str | None, str | None]) -> str:
    """Render one outcome in the flat convention (what CT.gov's CSV and flat export do)."""
    return SEPARATOR.join(part for part in parts if part)


def flat_candidates(item: str) -> list[tuple[str, str | None, str | None]]:
    """Every cut of a flat item at ``", "`` that the registry's conventions allow.

    The registry's length limits bound the search (a time frame among the last 255
    characters, a measure among the first 255), so no item costs more than a few hundred
    candidates however long it is. A cut inside brackets or inside a list of numbers
    ("Weeks 2, 4, 8") never separates two fields. The first candidate is the whole text as a
    measure (an outcome without time frame).
    """
    text = item.strip()
    time_frame_cuts, measure_cuts = _candidate_cuts(text)
    candidates: list[tuple[str, str | None, str | None]] = []
    for tf_cut in [None, *time_frame_cuts]:
        time_frame = None if tf_cut is None else text[tf_cut + len(SEPARATOR) :].strip()
        if time_frame is None or time_frame:
            head = text if tf_cut is None else text[:tf_cut]
            cuts = [c for c in measure_cuts if tf_cut is None or c < tf_cut]
            candidates += _measure_splits(head, cuts, time_frame)
    return candidates or [(text, None, None)]


def restating_first(
    item: str, candidates: list[tuple[str, str | None, str | None]]
) -> list[tuple[str, str | None, str | None]]:
    """The candidates whose description restates their time frame (then their measure), if any.

    "… at Baseline, Month 1 and 3, At Baseline, Month 1 and 3": the text before the time frame ends
    with it, which registrants do and a wrong cut almost never shows. Such a cut counts even where
    a list of time points hid it ("… at 1, 3 and 6 months, 6 months"). A description that opens
    with its whole measure ("Pain intensity, Pain intensity at rest, …") fixes the measure's end:
    290 of the 4,070 real outcomes open so, and no cut of a real outcome that ends its measure
    elsewhere does. Decision rules, not training ones: the segmenter still learns from every candidate.
    """
    text = item.strip()
    # candidates share a few time frames; the text before a time frame is the same for each of them
    restated = {
        tf for tf in {c[2] for c in candidates if c[2]} if restates(text[: len(text) - len(tf)].rstrip(", "), tf)
    }
    restating = [c for c in candidates if c[2] in restated] or _hidden_restating(text) or candidates
    return [c for c in restating if c[1] and restates_measure(c[0], c[1])] or restating


def restates_measure(measure: str, description: str) -> bool:
    """Whether ``description`` opens with the whole of ``measure`` (case aside), as words of its own."""
    said, text = measure.lower(), description.lower()
    return text.startswith(said) and (len(text) == len(said) or not text[len(said)].isalnum())


def _hidden_restating(text: str) -> list[tuple[str, str | None, str | None]]:
    """The candidates at the last cut a time-point list hid whose time frame restates the text before it."""
    for cut in reversed(comma_cuts(text, max(0, len(text) - TIME_FRAME_MAX - len(SEPARATOR)))):
        time_frame = text[cut + len(SEPARATOR) :].strip()
        if restates(text[:cut], time_frame) and in_time_point_list(text, cut):
            measure_cuts = [c for c in _candidate_cuts(text)[1] if c < cut]
            return _measure_splits(text[:cut], measure_cuts, time_frame)
    return []


def restates(head: str, time_frame: str) -> bool:
    """Whether ``head`` ends with ``time_frame`` as words of its own (case and leading marks aside)."""
    said = time_frame.lstrip(" :;-").lower()
    if len(said) < MIN_RESTATED or len(said) >= len(head):
        return False
    return head[-len(said) :].lower() == said and not head[-len(said) - 1].isalnum()


def _candidate_cuts(text: str) -> tuple[list[int], list[int]]:
    """The field boundaries where a time frame may start and those where a description may start."""
    windowed = [c for c in comma_cuts(text) if c <= MEASURE_MAX + 1 or len(text) - c - 2 <= TIME_FRAME_MAX]
    cuts = _field_boundaries(text, windowed)
    time_frame_cuts = [c for c in cuts if len(text) - c - len(SEPARATOR) <= TIME_FRAME_MAX]
    measure_cuts = [c for c in cuts if c <= MEASURE_MAX + 1]
    return time_frame_cuts, measure_cuts


def _measure_splits(head: str, cuts: list[int], time_frame: str | None) -> list[tuple[str, str | None, str | None]]:
    """Every split of ``head`` (the text before the time frame) into a measure and a description."""
    candidates: list[tuple[str, str | None, str | None]] = []
    for cut in [None, *cuts]:
        measure = head.strip() if cut is None else head[:cut].strip()
        description = None if cut is None else head[cut + len(SEPARATOR) :].strip()
        if _within_limits(measure, description):
            candidates.append((measure, description, time_frame))
    return candidates


def _field_boundaries(text: str, cuts: list[int]) -> list[int]:
    """The cuts that may be field boundaries: not inside brackets, not inside a number list.

    Only the brackets are visited (their offsets found by one regex scan, then bisected per cut),
    so a long item costs little more than its number of brackets and cuts.
    """
    opens = [match.start() for match in _OPENER.finditer(text)]
    closes = [match.start() for match in _CLOSER.finditer(text)]
    kept = []
    for cut in cuts:
        opened, closed = bisect_left(opens, cut), bisect_left(closes, cut)
        # Inside brackets: more opened than closed before the cut, and more closed than opened after it.
        inside = opened > closed and len(closes) - closed > len(opens) - opened
        in_list = _NUMBER_LIST_END.search(text[max(0, cut - 20) : cut]) and _NUMBER_LIST_START.match(text[cut + 2 :])
        if not inside and not in_list and not in_time_point_list(text, cut):
            kept.append(cut)
    return kept


def in_time_point_list(text: str, cut: int) -> bool:
    """Whether the cut separates two items of one list of time points ("6 weeks, 6 months, 12 months").

    Both neighbours must be time points alone, and the one before must follow another cut: a
    measure or description is never a bare time point, so such a list is one time frame.
    """
    before = text.rfind(SEPARATOR, 0, cut)
    if before == -1:
        return False
    after = text.find(SEPARATOR, cut + len(SEPARATOR))
    following = _LIST_JOIN.split(text[cut + len(SEPARATOR) : None if after == -1 else after], maxsplit=1)[0]
    return is_time_point(text[before + len(SEPARATOR) : cut]) and is_time_point(following)


def _within_limits(measure: str, description: str | None) -> bool:
    """Whether a measure and description respect the registry's field limits."""
    if not measure or len(measure) > MEASURE_MAX:
        return False
    return description is None or 0 < len(description) <= DESCRIPTION_MAX


def glue_cuts(row: str) -> list[int]:
    """Every offset of a glued ``NameTime`` row where a time frame could start.

    The name and the time frame are glued without a space, so any non-space character
    that follows a non-space character may open the time frame (lower case included:
    "…adverse eventsup to 2 years"); a time frame is at most 255 characters long.
    """
    start = max(1, len(row) - TIME_FRAME_MAX)
    return [i for i in range(start, len(row)) if not row[i - 1].isspace() and (row[i].isalnum() or row[i] in "([")]


def comma_cuts(text: str, start: int = 0) -> list[int]:
    """Return the offsets of every ``", "`` in ``text`` from ``start`` on."""
    cuts = []
    index = text.find(SEPARATOR, start)
    while index != -1:
        cuts.append(index)
        index = text.find(SEPARATOR, index + 1)
    return cuts
