"""ClinicalTrials.gov flat text export: one field per line, outcomes in the flat convention.

Layout: title; brief summary; conditions (``|``-joined); interventions
(``TYPE: name``, ``|``-joined); primary outcomes; optional secondary and other
outcomes; then the detailed description. A field may span lines (a description
inside an outcome can hold blank lines), so outcome fields are recognised by
their content (:mod:`tasks.parsers.outcome_fields`): every ``|`` item must end in
a time frame.

A study without interventions has a blank interventions line, or none at all; a
study without outcomes (or whose outcome field cannot be read) has none. Such a
document still loads, with a parse warning for the missing outcomes, as long as
the conditions line can be told from the prose around it. Site boilerplate (the
disclaimer, copyright lines) is removed first, wherever it was spliced in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.vocabulary import INTERVENTION_TYPES
from tasks.parsers.document_text import join_paragraphs, split_lines, strip_boilerplate
from tasks.parsers.flat_position import first_field_by_place, one_line_field
from tasks.parsers.outcome_fields import FINITE_VERB, above_or_listed, field_end, paragraphs_above_list
from tasks.parsers.outcome_split import shared_tail, split_outcome, split_outcome_list
from tasks.parsers.records import OUTCOME_KINDS, Endpoint, Intervention, ParseError, ParseWarning, TrialRecord
from tasks.parsers.text import clean

FORMAT = "ctgov_flat"
MAX_HEADER_LINES = 200  # where the outcome fields may start
_TYPES = "|".join(INTERVENTION_TYPES)
INTERVENTION_LINE = re.compile(rf"^(?:{_TYPES}): [^|]+(?:\|(?:{_TYPES}): [^|]+)*$")
INTERVENTION_ITEM = re.compile(rf"^({_TYPES}): (.+)$")
NO_OUTCOME_FIELD = "no outcome field found"

# Evidence for the layouts without an interventions line and outcome field (see find_shape).
MAX_CONDITION_CHARS = 200  # the longest real condition name is about 160 characters
MAX_CONDITION_WORDS = 25
# A conditions line is a list of names: no markup, no "key: value", no list marker, no sentence
# or lead-in ending, no indent.
_NOT_CONDITIONS = re.compile(r"[<>{}=\t]|:\s|[.:;,!?]$|^\d{1,3}[.)]\s")
_CONDITION_START = re.compile(r"^[^\W_]|^\(")
MIN_SUMMARY_WORDS = 6  # the shortest real brief summary has 7 words
_SENTENCE_END = re.compile(r"[.!?。．！？][)\]\"'”’）]?(?:\s|$)")
_SENTENCE_BREAK = re.compile(r"[a-z0-9)]\.\s+[A-Z]")
_CLOSING_SENTENCE = re.compile(r"[.!?。．！？][)\]\"'”’）]?\s*$")
# Markup, comments and code open with these; a title or a summary does not.
_CODE_START = re.compile(r"^\s*(?:<|\{|#|//|/\*|--|%|;)")


@dataclass(frozen=True)
class Shape:
    """Where the fields before the outcomes are: the conditions line and the interventions line.

    ``interventions_at`` is ``None`` when the document leaves the (empty) interventions line out.
    """

    conditions_at: int
    interventions_at: int | None

    @property
    def outcomes_at(self) -> int:
        """Where the outcome fields (or, without them, the detailed description) begin."""
        return (self.conditions_at if self.interventions_at is None else self.interventions_at) + 1


def detect(text: str) -> bool:
    """Tell whether ``text`` has the flat export's layout."""
    lines = split_lines(strip_boilerplate(text))
    if len(lines) < 4 or not lines[0].strip() or len(lines[0]) > 500:
        return False
    return find_shape(lines) is not None


def parse(text: str) -> TrialRecord:
    """Parse a flat export document into a :class:`TrialRecord`.

    A document without a readable outcome field loads without endpoints and with a warning.

    Raises:
        ParseError: when the fields before the outcomes cannot be told apart.
    """
    lines = split_lines(strip_boilerplate(text))
    shape = find_shape(lines)
    if shape is None:
        raise ParseError("no conditions, interventions or outcome field found")
    endpoints, description_at = _read_outcome_fields(lines, shape.outcomes_at)
    record = TrialRecord(
        title=clean(lines[0]),
        brief_summary=join_paragraphs(lines[1 : shape.conditions_at]),
        detailed_description=join_paragraphs(lines[description_at:]),
        conditions=[c.strip() for c in lines[shape.conditions_at].split("|") if c.strip()],
        interventions=[] if shape.interventions_at is None else parse_interventions(lines[shape.interventions_at]),
        endpoints=endpoints,
    )
    if not endpoints:
        record.warnings.append(ParseWarning("outcomes", NO_OUTCOME_FIELD))
    return record


def find_shape(lines: list[str]) -> Shape | None:
    """Locate the conditions and interventions lines, trying the surest evidence first.

    1. an interventions line (``TYPE: name|…``);
    2. an outcome field after a blank (empty) interventions line;
    3. an outcome field right after the conditions line (interventions line left out);
    4. a conditions line followed by a blank interventions line (no readable outcome field);
    5. a conditions line followed by a field no rule reads (both of the above).
    The last three are weaker evidence: they need a title and a summary (every registered study
    has both) that do not open like markup, a comment or code.
    """
    at = _intervention_line_index(lines)
    if at is not None:
        return Shape(at - 1, at)
    at = _first_outcome_line(lines, 2)
    if at is not None:
        return Shape(at - 2, at - 1)
    if not lines[1].strip() or _CODE_START.match(lines[0]) or _CODE_START.match(lines[1]):
        return None
    at = _outcome_after_conditions(lines)
    if at is not None:
        return Shape(at - 1, None) if _reads_like_summary(lines[1 : at - 1], sentence=False) else None
    # Without an outcome field the summary must also hold a sentence: a list of words is not one.
    for blank_interventions in (True, False):
        at = _conditions_without_outcomes(lines, blank_interventions)
        if at is not None:
            shape = Shape(at, at + 1 if blank_interventions else None)
            return shape if _reads_like_summary(lines[1:at], sentence=True) else None
    return None


def looks_like_conditions(line: str) -> bool:
    """Tell whether ``line`` reads like a ``|``-joined list of condition names."""
    items = [item.strip() for item in line.split("|")]
    if not all(items) or line[:1].isspace() or FINITE_VERB.search(line):
        return False
    return all(
        len(item) <= MAX_CONDITION_CHARS
        and len(item.split()) <= MAX_CONDITION_WORDS
        and _CONDITION_START.match(item)
        and not _NOT_CONDITIONS.search(item)
        for item in items
    )


def _reads_like_summary(lines: list[str], sentence: bool) -> bool:
    """Tell whether the lines above the conditions can be a summary (holding a sentence, if asked)."""
    summary = " ".join(lines)
    if len(summary.split()) < MIN_SUMMARY_WORDS:
        return False
    return not sentence or bool(_SENTENCE_END.search(summary))


def _outcome_after_conditions(lines: list[str]) -> int | None:
    """Find an outcome field that follows the conditions line directly (no interventions line)."""
    for index in range(3, min(len(lines), MAX_HEADER_LINES)):
        if not lines[index - 2].strip() or not looks_like_conditions(lines[index - 1]):
            continue
        if field_end(lines, index) is not None:
            return index
    return None


def _conditions_without_outcomes(lines: list[str], blank_interventions: bool) -> int | None:
    """Find a conditions line under the summary when no outcome field can be read after it.

    With ``blank_interventions`` the line under it is the blank (empty) interventions line, and
    some field must follow it (a file's last newline is not an empty field). Without, the
    interventions line is left out and the field after the conditions is one no rule reads:
    the trial still loads (its outcomes stay in the detailed description, with a warning).
    """
    for index in range(2, min(len(lines) - 1, MAX_HEADER_LINES)):
        under = bool(lines[index + 1].strip())
        if not lines[index - 1].strip() or under == blank_interventions or not looks_like_conditions(lines[index]):
            continue
        if blank_interventions:
            return index if any(line.strip() for line in lines[index + 2 :]) else None
        return index
    return None


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
    the conditions line and the first outcome field. (A blank line under a summary paragraph
    is a paragraph break: the line above the blank must read as conditions.)
    """
    for index in range(max(start + 1, 3), min(len(lines), MAX_HEADER_LINES)):
        if lines[index - 1].strip() or not looks_like_conditions(lines[index - 2]):
            continue
        if field_end(lines, index) is not None:
            return index
    return None


def _read_outcome_fields(lines: list[str], start: int) -> tuple[list[Endpoint], int]:
    """Read up to three outcome fields from ``start``; return them and where the rest begins."""
    endpoints: list[Endpoint] = []
    index = start
    for kind in OUTCOME_KINDS:
        end = index if _shares_time_frame(lines, index, bool(endpoints)) else field_end(lines, index)
        if end is not None and one_line_field(lines, index):  # read as a field: it ends on its line
            end = index
        if end is None and index < len(lines) and above_or_listed(lines, index):
            end = index
        if end is None:
            end = paragraphs_above_list(lines, index)
        if end is None and not endpoints and first_field_by_place(lines, index):
            end = index
        if end is None:
            break
        field = "\n".join(lines[index : end + 1])
        if endpoints and reads_as_prose(field):
            break  # the detailed description that follows the last outcome field
        endpoints += outcome_field_endpoints(field, kind)
        index = end + 1
    return endpoints, index


def _shares_time_frame(lines: list[str], index: int, after_field: bool) -> bool:
    """Whether line ``index`` is a whole outcome field: it ends in the ``", "`` part that ends the line below.

    The outcomes of two fields often share their time frame ("…, december 2017" under both; "…,
    Measurements will be made at noon and at 1 a.m. …"), one no rule may read. A line ending as
    the next line ends, or as the outcome field above it (``after_field``), ends a field there.
    """
    if index >= len(lines) or not lines[index].strip():
        return False
    neighbours = [lines[index + 1]] if index + 1 < len(lines) else []
    if after_field:
        neighbours.append(lines[index - 1])
    # Line by line's last item: a whole field of many items is longer than any one outcome may be.
    ending = _last_item(lines[index])
    return any(neighbour.strip() and shared_tail((ending, _last_item(neighbour))) for neighbour in neighbours)


def _last_item(line: str) -> str:
    """The last ``|`` item of a line (the whole line when it holds none)."""
    return line.rsplit("|", 1)[-1]


def reads_as_prose(field: str) -> bool:
    """Whether a field after the first outcome field is prose, not one outcome.

    The detailed description follows the last outcome field, and its commas and closing words can
    read as one outcome whose time frame ends the text. Of the real single-outcome secondary and
    other fields in the reference records none ends a sentence after two sentence breaks (281 of
    368 detailed descriptions do), and none has a measure that holds a sentence break (10 of the
    4,070 real measures do): a detailed description cut at its commas often has ("… with
    anakinra. After the last dose …" before ", the safety will be …").
    """
    if "|" in field:
        return False
    if _CLOSING_SENTENCE.search(field) and len(_SENTENCE_BREAK.findall(field)) >= 2:
        return True
    return bool(_SENTENCE_BREAK.search(split_outcome(field).measure))
