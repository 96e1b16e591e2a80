"""Outcome fields of the flat convention over lines: where one ends, and whether lines hold one.

The flat export writes each outcome field (``measure, description, time frame`` items joined
with ``|``) on one line, but a description inside it may span lines and blank lines. A field
is therefore recognised by its content: every item must end in a time frame, and the field
ends at a line whose last item ends in one the general rules read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tasks.parsers import segmenter
from tasks.parsers.outcome_split import (
    SEPARATOR,
    TIME_FRAME_MAX,
    OutcomeParts,
    comma_cuts,
    overlong,
    shared_tail,
    split_outcome,
)
from tasks.parsers.timeframe_text import STARTER, names_a_time, time_frame_score

MAX_FIELD_LINES = 200  # descriptions in many paragraphs: 20 outcomes of 5 paragraphs is 200 lines
MAX_FIELD_CHARS = 400_000  # CT.gov allows ~1,250 characters per outcome; far more is not an outcome field
# A finite verb makes a line prose: not a list of condition names, not a measure title.
FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|shall)\b")
SENTENCE_BREAK = re.compile(r"[a-z0-9)]\.\s+[A-Z]")
TITLE_MAX = 150  # a lone item's measure that reads as a title is short
_LIST_MARKER = re.compile(r"^\s*(\d{1,2})[.)]\s")
_BULLET = re.compile(r"^\s*([*•-])\s")


def field_end(lines: list[str], start: int) -> int | None:
    """Return the last line of the outcome field opening at ``start``, if one does.

    The field ends at the first line whose last item ends in a time frame, unless a blank line
    follows it and a later line, followed by text, can end it too. Only when no line ends in a
    time frame the rules read (a list whose last time frame they do not know, such as
    "Perioperative" or "2009") does it end where the list holds together anyway (see
    :func:`_is_outcome_field`).
    """
    if start >= len(lines) or not lines[start].strip():
        return None
    stop = min(len(lines), start + MAX_FIELD_LINES)
    for strict_last in (True, False):
        ends = _field_ends(lines, start, stop, strict_last)
        first = next(ends, None)
        if first is None:
            continue
        if _followed_by_blank(lines, first):
            # Fields follow one another line by line; a blank line after a field's end is more
            # likely a paragraph break inside a description ("…, Month 36 is assumed to be study
            # end." over a blank line), so a later end that is followed by text wins.
            return next((end for end in ends if not _followed_by_blank(lines, end)), first)
        return first
    return None


def _field_ends(lines: list[str], start: int, stop: int, strict_last: bool) -> Iterator[int]:
    """Every line from ``start`` to ``stop`` where the field opening at ``start`` could end."""
    for end in range(start, stop):
        field = "\n".join(lines[start : end + 1])
        if _has_overlong_item(field):
            return  # every longer field holds this item too
        if lines[end].strip() and not _list_goes_on(lines, end) and _is_outcome_field(field, strict_last):
            yield end


def _list_goes_on(lines: list[str], end: int) -> bool:
    """Whether the line after ``end`` continues a list that line ``end`` holds.

    A description may hold a list whose item ends like a time frame; the next item belongs to the
    same description: numbered one higher ("…, 1. …" over "2. …"), or opening with the bullet that
    opens line ``end`` ("* NTD = …" over "* LTB = …"). In the reference records every line of an
    outcome field that opens with "2." or higher follows a line holding the number before it, and
    no field opens with either after such a line (269 of 359 bullet lines follow a same-bullet line).
    """
    if end + 1 >= len(lines):
        return False
    bullet, above = _BULLET.match(lines[end + 1]), _BULLET.match(lines[end])
    if bullet and above and bullet.group(1) == above.group(1):
        return True
    following = _LIST_MARKER.match(lines[end + 1])
    if following is None or int(following.group(1)) < 2:
        return False
    return re.search(rf"(?:^|\s){int(following.group(1)) - 1}[.)]\s", lines[end]) is not None


def _followed_by_blank(lines: list[str], end: int) -> bool:
    """Whether a blank line follows line ``end`` (and some text follows the blank lines)."""
    rest = lines[end + 1 :]
    return bool(rest) and not rest[0].strip() and any(line.strip() for line in rest)


def _has_overlong_item(field: str) -> bool:
    """Whether an item of ``field`` is longer than the registry lets an outcome be."""
    return any(overlong(item) for item in field.split("|"))


def _is_outcome_field(field: str, strict_last: bool = True) -> bool:
    """Tell whether ``field`` is a ``|``-joined list of outcomes, each ending in a time frame.

    A few real time frames do not read like one by the general rules ("12th Week", "2009",
    "One time-point": about 1 in 40); one of them must not cost a list of thirty outcomes. So in a
    list of several, each item needs a time frame cut off by the segmenter, and at least half of
    them one that the rules read as a time frame, or all of them one that names a time. The last
    item needs one the rules read (it marks where a field that spans lines ends) unless
    ``strict_last`` is false: the fallback when no line of the field ends that way. An item over
    several lines must not be two fields glued (see :func:`_glued_fields`).
    """
    if len(field) > MAX_FIELD_CHARS:  # (an overlong item was already ruled out by _field_ends)
        return False
    items = [item for item in field.split("|") if item.strip()]
    if not items or (not strict_last and len(items) < 2):
        return False
    if not _last_item_ends_field(items[-1], strict_last):
        return False
    parts = [split_outcome(item) for item in items]
    if len(parts) > 1:
        return _is_outcome_list(items, parts)
    return _is_lone_outcome(parts[0])


def _last_item_ends_field(item: str, strict: bool) -> bool:
    """Whether the field's last item ends in a time frame (one the rules read, when ``strict``)."""
    # Cheapest necessary conditions first: the field must end in a time frame.
    if not _may_end_in_time_frame(item, strict):
        return False
    last = split_outcome(item)
    return last.time_frame is not None and (not strict or _ends_in_time_frame(last))


def _is_outcome_list(items: list[str], parts: list[OutcomeParts]) -> bool:
    """Whether several items are outcomes: each with a time frame, enough of them read as one."""
    read = [_ends_in_time_frame(part) for part in parts]
    if any(part.time_frame is None for part in parts):
        return False
    if any(_glued_fields(item, part, ok) for item, part, ok in zip(items, parts, read, strict=True)):
        return False
    return 2 * sum(read) >= len(parts) or all(names_a_time(part.time_frame) for part in parts)


def _is_lone_outcome(part: OutcomeParts) -> bool:
    """Whether a field of one item is an outcome, not a description sentence ending with a duration.

    A time frame of several sentences is prose: about 1 real time frame in 200 has a sentence
    break, and none of those under a measure with a finite verb; a detailed description cut at
    its commas ("This is a single-blind, randomized …, up to 12 months. Questionnaires are …")
    often has both.
    """
    if SENTENCE_BREAK.search(part.time_frame):
        return False
    score = time_frame_score(part.time_frame)
    if score >= 4:
        return True
    if FINITE_VERB.search(part.measure) or SENTENCE_BREAK.search(part.measure):
        return False
    return bool(STARTER.match(part.time_frame)) or (score > 0 and _titled(part.measure))


def _titled(measure: str) -> bool:
    """Whether ``measure`` reads as a measure's title ("Overall Response Rate"), not a sentence's start.

    With it a lone item needs only some time frame ("…, Disease evaluation at Week 8"): with the
    shipped model, of the 3,848 real one-line outcomes 60 more are read as outcome fields, of
    1,715 detailed-description paragraphs 2 more.
    """
    model = segmenter.current()
    return len(measure) <= TITLE_MAX and model.log_prob("measure", measure) > model.log_prob("description", measure)


def _may_end_in_time_frame(item: str, strict: bool) -> bool:
    """Whether some text after a ``", "`` near the end of ``item`` could be its time frame.

    The segmenter cuts the time frame at one of these commas, so when no suffix reads like a time
    frame (``strict``) the item cannot end in one, and the (costlier) segmenter need not run.
    """
    text = item.strip()  # as the segmenter cuts it
    start = max(0, len(text) - TIME_FRAME_MAX - len(SEPARATOR))
    suffixes = [text[cut + len(SEPARATOR) :].strip() for cut in comma_cuts(text, start)]
    return any(time_frame_score(suffix) > 0 for suffix in suffixes) if strict else bool(suffixes)


def _glued_fields(item: str, part: OutcomeParts, read: bool) -> bool:
    """Whether an item over several lines may be two fields' ends glued across a line break.

    A description may span lines. But when the item's text up to its first line break ends in a
    time frame the rules do not read whole ("Disability, Oswestry index, 12th Week" over "Duration
    of the surgery, Perioperative"; a sentence ending "…, up to about 10 years."), the line break
    most likely ends one field (which no line could end by the rules) and the next line opens
    another. Fields follow one another line by line, so a break next to a blank line is a paragraph
    break and no field opens after it ("…, evaluated separately:" over a blank line and a list). An
    item whose own time frame neither the rules read (``read``) nor names a time is not taken across
    lines at all.
    """
    if "\n" not in item:
        return False
    if not read and not names_a_time(part.time_frame):
        return True
    head = text_before_line_break(item)
    if head is None:
        return False
    first_line = split_outcome(head)
    return first_line.time_frame is not None and _ends_in_time_unread(first_line.time_frame)


def text_before_line_break(item: str) -> str | None:
    """The text of ``item`` before its first line break between two lines of text (not a paragraph break)."""
    lines = item.split("\n")
    for index in range(len(lines) - 1):
        if lines[index].strip() and lines[index + 1].strip():
            return "\n".join(lines[: index + 1])
    return None


def _ends_in_time_unread(time_frame: str) -> bool:
    """Whether ``time_frame`` names or ends in a time, though the rules do not read it whole as a time frame.

    A time frame stated as a sentence ("DFS was defined as the time from surgery to recurrence,
    up to about 10 years.") reads as prose by the rules, but its last part reads as a time frame:
    where a line ends so, a field ends as surely as after "Perioperative".
    """
    if time_frame_score(time_frame) > 0:
        return False
    last_part = time_frame.rsplit(SEPARATOR, 1)[-1].strip()
    return names_a_time(time_frame) or time_frame_score(last_part) > 0


def _ends_in_time_frame(part: OutcomeParts) -> bool:
    """Whether the segmenter found a time frame that also reads like one by the general rules.

    The learned split always proposes its best time frame; a field boundary needs one that
    names a time, so that a description cut off at a line end does not end its field.
    """
    return part.time_frame is not None and time_frame_score(part.time_frame) > 0


def is_listed_field(line: str) -> bool:
    """Whether a line where an outcome field may stand is a ``|``-joined list of outcomes.

    No title, summary or detailed description of the reference records holds a ``|``, so a line of
    several non-empty ``|`` items in the outcome fields' place is one, even when its time frames
    are none the rules read ("retrospective data analysis from 2013 to 2020", "2019.7-2022.7")
    or older records state none ("McGill Pain Score|Roland Morris Disability Index").
    """
    items = [item.strip() for item in line.split("|")]
    return len(items) >= 2 and all(items) and not any(overlong(item) for item in items)


def above_or_listed(lines: list[str], index: int) -> bool:
    """Whether line ``index`` lists outcomes, or stands right above a line that does.

    Fields keep their order and only outcome fields hold ``|`` lists (see :func:`is_listed_field`),
    so a line between the interventions and such a list is an outcome field even when no rule reads
    its time frame (older records state none: "PFS (progression free-survival), defined by …" over
    "…|OS (overall survival)").
    """
    if not lines[index].strip():
        return False
    return is_listed_field(lines[index]) or (index + 1 < len(lines) and is_listed_field(lines[index + 1]))


def paragraphs_above_list(lines: list[str], index: int) -> int | None:
    """The ``|`` list that ends a field opening at ``index`` over paragraphs, when no time frame ends it earlier.

    Only outcome fields hold ``|`` lists (see :func:`is_listed_field`) and fields follow one
    another line by line, so lines from ``index`` to a list further down, with a blank line among
    them, are one field whose first description runs over paragraphs ("…included the following:",
    a blank line, "* Pneumonitis / ILD", …, "…, up to 90 days after last dose|Time to death, …"),
    unless a line among them ends as an item of the list does (it ends a field of its own).
    """
    if index >= len(lines) or not lines[index].strip():
        return None
    for below in range(index + 2, min(len(lines), index + MAX_FIELD_LINES)):
        if is_listed_field(lines[below]):
            if all(line.strip() for line in lines[index + 1 : below]):
                return None
            return next((end for end in range(index, below) if _ends_as_listed(lines[end], lines[below])), below)
    return None


def _ends_as_listed(line: str, listed: str) -> bool:
    """Whether ``line`` ends in the ``", "`` part an outcome of the list ends in: a field of its own ends there.

    The fields of a study often share a time frame that no rule reads ("…, Measured right after
    the consultation" ending the primary field and an item of the secondary list).
    """
    return bool(line.strip()) and any(shared_tail((line, item)) for item in listed.split("|") if item.strip())
