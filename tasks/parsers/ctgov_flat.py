"""ClinicalTrials.gov flat text export: one field per line, outcomes in the flat convention.

Layout: title; brief summary; conditions (``|``-joined); interventions
(``TYPE: name``, ``|``-joined); primary outcomes; optional secondary and other
outcomes; then the detailed description. A field may span lines (a description
inside an outcome can hold blank lines), so outcome fields are recognised by
their content: every ``|`` item must end in a time frame.
"""

from __future__ import annotations

import re

from tasks.parsers.outcome_split import OutcomeParts, split_outcome, split_outcome_list
from tasks.parsers.records import Endpoint, Intervention, ParseError, TrialRecord
from tasks.parsers.text import (
    INTERVENTION_TYPES,
    clean,
    join_paragraphs,
    registry_id_from_text,
    split_lines,
)
from tasks.parsers.timeframe_text import STARTER, time_frame_score

FORMAT = "ctgov_flat"
OUTCOME_KINDS = ("primary", "secondary", "other")
MAX_FIELD_LINES = 40
MAX_FIELD_CHARS = 400_000  # CT.gov allows ~1,250 characters per outcome; far more is not an outcome field
MAX_HEADER_LINES = 200  # where the outcome fields may start
_TYPES = "|".join(INTERVENTION_TYPES)
INTERVENTION_LINE = re.compile(rf"^(?:{_TYPES}): [^|]+(?:\|(?:{_TYPES}): [^|]+)*$")
INTERVENTION_ITEM = re.compile(rf"^({_TYPES}): (.+)$")
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|shall)\b")


def detect(text: str) -> bool:
    """Tell whether ``text`` has the flat export's layout."""
    lines = split_lines(text)
    if len(lines) < 4 or not lines[0].strip() or len(lines[0]) > 500:
        return False
    return _intervention_line_index(lines) is not None or _first_outcome_line(lines, 2) is not None


def parse(text: str) -> TrialRecord:
    """Parse a flat export document into a :class:`TrialRecord`.

    Raises:
        ParseError: when no outcome field can be found.
    """
    lines = split_lines(text)
    interventions_at = _intervention_line_index(lines)
    if interventions_at is None:
        outcomes_at = _first_outcome_line(lines, 2)
        if outcomes_at is None:
            raise ParseError("no interventions line and no outcome field found")
        interventions_at = outcomes_at - 1
    conditions_at = interventions_at - 1
    endpoints, description_at = _read_outcome_fields(lines, interventions_at + 1)
    if not endpoints:
        raise ParseError("no outcome field with time frames found")
    record = TrialRecord(
        title=clean(lines[0]),
        brief_summary=join_paragraphs(lines[1:conditions_at]),
        detailed_description=join_paragraphs(lines[description_at:]),
        conditions=[c.strip() for c in lines[conditions_at].split("|") if c.strip()],
        interventions=parse_interventions(lines[interventions_at]),
        endpoints=endpoints,
    )
    record.registry_id = registry_id_from_text(text)
    return record


def parse_interventions(field: str) -> list[Intervention]:
    """Parse ``TYPE: name|TYPE: name`` into interventions (name kept as written)."""
    interventions = []
    for item in field.split("|"):
        match = INTERVENTION_ITEM.match(item.strip())
        if match:
            interventions.append(Intervention(match.group(1), match.group(2).strip()))
        elif item.strip():
            interventions.append(Intervention(None, item.strip()))
    return interventions


def outcome_field_endpoints(field: str, kind: str) -> list[Endpoint]:
    """Split one outcome field into endpoints of ``kind``."""
    return [Endpoint(kind, part.measure, part.description, part.time_frame) for part in split_outcome_list(field)]


def _intervention_line_index(lines: list[str]) -> int | None:
    """Find the interventions line (``TYPE: name|…``) after title and summary."""
    for index in range(3, min(len(lines), MAX_HEADER_LINES)):
        if INTERVENTION_LINE.match(lines[index].strip()):
            return index
    return None


def _first_outcome_line(lines: list[str], start: int) -> int | None:
    """Find the first outcome field of a layout without interventions.

    The layout then still has the interventions field, empty: a blank line between
    the conditions line and the first outcome field.
    """
    for index in range(max(start + 1, 3), min(len(lines), MAX_HEADER_LINES)):
        if lines[index - 1].strip() or not lines[index - 2].strip():
            continue
        if _field_end(lines, index) is not None:
            return index
    return None


def _read_outcome_fields(lines: list[str], start: int) -> tuple[list[Endpoint], int]:
    """Read up to three outcome fields from ``start``; return them and where the rest begins."""
    endpoints: list[Endpoint] = []
    index = start
    for kind in OUTCOME_KINDS:
        end = _field_end(lines, index)
        if end is None:
            break
        endpoints += outcome_field_endpoints("\n".join(lines[index : end + 1]), kind)
        index = end + 1
    return endpoints, index


def _field_end(lines: list[str], start: int) -> int | None:
    """Return the last line of the outcome field opening at ``start``, if one does."""
    if start >= len(lines) or not lines[start].strip():
        return None
    for end in range(start, min(len(lines), start + MAX_FIELD_LINES)):
        if lines[end].strip() and _is_outcome_field("\n".join(lines[start : end + 1])):
            return end
    return None


def _is_outcome_field(field: str) -> bool:
    """Tell whether every ``|`` item of ``field`` ends in a time frame."""
    if len(field) > MAX_FIELD_CHARS:
        return False
    items = [item for item in field.split("|") if item.strip()]
    # Cheapest necessary condition first: the field must end in a time frame.
    if not items or not _ends_in_time_frame(split_outcome(items[-1])):
        return False
    parts = []
    for item in items:
        part = split_outcome(item)
        if not _ends_in_time_frame(part):
            return False
        parts.append(part)
    if len(parts) > 1:
        return True
    # A lone item could be a description sentence that ends with a duration.
    part = parts[0]
    strong = time_frame_score(part.time_frame) >= 4
    return strong or (bool(STARTER.match(part.time_frame)) and not _FINITE_VERB.search(part.measure))


def _ends_in_time_frame(part: OutcomeParts) -> bool:
    """Whether the segmenter found a time frame that also reads like one by the general rules.

    The learned split always proposes its best time frame; a field boundary needs one that
    names a time, so that a description cut off at a line end does not end its field.
    """
    return part.time_frame is not None and time_frame_score(part.time_frame) > 0
