"""The clinicaltrialexchange trial page as text.

Layout: an ``Overview`` heading over the title; label lines ending in a colon or a
question mark (``Status:``, ``Trial end date:``, ``Target enrollment:``,
``Participant gender:``, ``Phase:``, ``Lead Sponsor:`` …), each followed by its
value; ``Summary``, ``Details`` and ``Criteria`` headings over their text. Every
part is optional. The registry id is read from an id label only, never guessed
from numbers quoted in the text.
"""

from __future__ import annotations

import re

from tasks.parsers import legacy_values as values
from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.document_text import (
    head_lines,
    join_paragraphs,
    normalise_layout_text,
    split_lines,
    strip_boilerplate,
)
from tasks.parsers.records import TrialRecord
from tasks.parsers.text import REGISTRY_ID, clean, int_from_text

FORMAT = "clinicaltrialexchange"
OVERVIEW = "overview"
# Label (lower case, without its colon or question mark) → the field its value fills.
LABELS = {
    "status": "overall_status",
    "trial status": "overall_status",
    "trial start date": "start_date",
    "start date": "start_date",
    "trial end date": "completion_date",
    "end date": "completion_date",
    "target enrollment": "enrollment",
    "enrollment": "enrollment",
    "participant gender": "sex",
    "gender": "sex",
    "sex": "sex",
    "phase": "phase",
    "study type": "study_type",
    "lead sponsor": "lead_sponsor",
    "sponsor": "lead_sponsor",
    "minimum age": "minimum_age",
    "maximum age": "maximum_age",
    "conditions": "conditions",
    "condition": "conditions",
    "nct id": "registry_id",
    "nct number": "registry_id",
    "trial id": "registry_id",
    "clinicaltrials.gov id": "registry_id",
    "identifier": "registry_id",
}
# Labels the page shows that fill no field (their value must still not be read as text).
OTHER_LABELS = {"accepts healthy volunteers", "collaborator", "collaborators", "locations", "contact"}
SECTIONS = {"overview", "summary", "details", "criteria", "locations", "contacts", "outcomes", "interventions"}
MIN_LABELS = 3
OWN_LABELS = {"trial end date", "trial start date", "target enrollment", "participant gender"}
MIN_OWN_LABELS = 2
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z .'/-]{0,40}?)\s*[:?]$")
ENUMS = {
    "overall_status": values.status_enum,
    "start_date": values.iso_date,
    "completion_date": values.iso_date,
    "sex": values.sex_enum,
    "phase": values.phase_enum,
    "study_type": values.study_type_enum,
}


def detect(text: str) -> bool:
    """Tell whether ``text`` has the page's labels: three under an ``Overview`` heading, or two of its own.

    Its own labels (``Trial end date:``, ``Target enrollment:``, ``Participant gender:``) are
    what tells it from other label-value pages when the heading is missing.
    """
    if not _may_have_labels(text):
        return False
    lines = [line.strip() for line in head_lines(text, 400)]
    labels = [_label(line) for line in lines]
    if OVERVIEW in {line.lower() for line in lines[:5]}:
        return sum(1 for label in labels if label in LABELS) >= MIN_LABELS
    return sum(1 for label in labels if label in OWN_LABELS) >= MIN_OWN_LABELS


def _may_have_labels(text: str) -> bool:
    """A cheap necessary condition of :func:`detect`: ``overview`` in the first five lines, or one own label.

    Reading every label line is what detection costs, and it runs on every text document of
    the later layouts. A line that lowers to ``overview`` or whose label lowers to an own label
    holds that word in the lowered text (lowering maps character by character), so a text
    without any of them cannot match; one own label, not two, as one label may repeat.
    """
    layout_text = normalise_layout_text(text)
    if OVERVIEW in "\n".join(layout_text.split("\n", 5)[:5]).lower():
        return True
    lowered = layout_text.lower()
    return any(label in lowered for label in OWN_LABELS)


def parse(text: str) -> TrialRecord:
    """Parse a clinicaltrialexchange page into a :class:`TrialRecord`."""
    lines = [line.strip() for line in split_lines(strip_boilerplate(text))]
    record = TrialRecord()
    index = 0
    while index < len(lines):
        line = lines[index]
        label, section = _label(line), line.lower()
        end = _block_end(lines, index + 1, labels_end_it=section != "criteria")
        if label in LABELS or label in OTHER_LABELS:
            _set(record, LABELS.get(label), lines[index + 1 : end])
        elif section in SECTIONS:
            _read_section(record, section, lines[index + 1 : end])
        elif record.title is None and line:
            record.title = line
        index = end if (label in LABELS or label in OTHER_LABELS or section in SECTIONS) else index + 1
    return record


def _label(line: str) -> str | None:
    """The label a line holds (``Trial end date:`` → ``trial end date``), else ``None``."""
    match = _LABEL.match(line)
    return match.group("label").strip().lower() if match else None


def _block_end(lines: list[str], start: int, labels_end_it: bool = True) -> int:
    """Where a label's or heading's block ends: at the next section heading, or label if ``labels_end_it``.

    Criteria hold lines that read like labels ("Sex:", "Age:"), so only a heading ends them.
    """
    for index in range(start, len(lines)):
        label = _label(lines[index])
        if lines[index].lower() in SECTIONS or labels_end_it and (label in LABELS or label in OTHER_LABELS):
            return index
    return len(lines)


def _set(record: TrialRecord, field: str | None, block: list[str]) -> None:
    """Store a label's value (its first non-empty line; every line for conditions)."""
    value = next((line for line in block if line), "")
    if field is None or not value:
        return
    if field == "conditions":
        record.conditions = [line for line in block if line]
    elif field == "registry_id":
        found = REGISTRY_ID.search(value)
        record.registry_id = found.group(0) if found else record.registry_id
    elif field == "enrollment":
        record.enrollment = int_from_text(value)
    elif field in ENUMS:
        setattr(record, field, ENUMS[field](value))
    else:
        setattr(record, field, clean(value))


def _read_section(record: TrialRecord, section: str, block: list[str]) -> None:
    """The summary's text, the criteria; the title is the first line under Overview."""
    if section == OVERVIEW:
        record.title = next((line for line in block if line), record.title)
    elif section == "summary":
        record.brief_summary = join_paragraphs(block)
    elif section == "criteria":
        record.criteria = split_criteria("\n".join(block))
