"""MedPath trial pages: section labels with values on the lines below.

The page's tables are flattened: an arm row glues group, intervention and
description together (``Phase 1: Low dose groupKQ-2003 CAR T-cellsInfusion of …``)
and an outcome row glues name and time (``Objective response rate (ORR)Through
study completion, …``) with the description in the paragraph below;
:mod:`tasks.parsers.medpath_tables` cuts those rows apart. This module finds the
sections and reads each with the reader its label names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from schemas.vocabulary import STATUSES, STUDY_TYPES
from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.document_text import head_lines, join_paragraphs, split_lines, strip_boilerplate
from tasks.parsers.medpath_arms import read_arm_table
from tasks.parsers.medpath_evidence import evidence_of
from tasks.parsers.medpath_tables import read_outcome_table
from tasks.parsers.places import parse_location
from tasks.parsers.records import OUTCOME_KINDS, Endpoint, Intervention, ParseError, Site, TrialRecord
from tasks.parsers.text import clean, enum_from_text, int_from_text, phase_from_text, sex_from_text

FORMAT = "medpath"
LABELS = {
    "conditions": "conditions",
    "interventions": "interventions",
    "registration number": "registry_id",
    "lead sponsor": "lead_sponsor",
    "brief summary": "brief_summary",
    "detailed description": "detailed_description",
    "recruitment & eligibility": "section",
    "status": "status",
    "sex": "sex",
    "gender": "sex",
    "age": "age",
    "ages": "age",
    "target recruitment": "enrollment",
    "inclusion criteria": "inclusion",
    "exclusion criteria": "exclusion",
    "study & design": "section",
    "study type": "study_type",
    "study design": "study_design",
    "arm && interventions": "arms",
    "arms & interventions": "arms",
    "arm & interventions": "arms",
    "primary outcome measures": "primary",
    "secondary outcome measures": "secondary",
    "other outcome measures": "other",
    "trial locations": "sites",
}
_LONGEST_LABEL = max(map(len, LABELS))
_LOCATIONS_COUNT = re.compile(r"^Locations \(\d+\)$")
_TYPE_PREFIX = re.compile(r"^([A-Za-z ]+?):\s*(.+)$")
_FLAG = re.compile("^[\U0001f1e6-\U0001f1ff]{2}$")


def detect(text: str) -> bool:
    """Tell whether ``text`` is a MedPath page (its header or at least four section labels)."""
    if "MedPath" in [line.strip() for line in head_lines(text, 3)]:  # before reading 400 lines
        return True
    # A line longer than every label lowers to no label (lowering never shortens a text): not lowered.
    # Counting stops at the fourth label, which a page shows in its first lines.
    lines = (line.strip() for line in head_lines(text, 400))
    labels = (line for line in lines if len(line) <= _LONGEST_LABEL and line.lower() in LABELS)
    return len(list(islice(labels, 4))) == 4


def parse(text: str) -> TrialRecord:
    """Parse a MedPath page into a :class:`TrialRecord`.

    Raises:
        ParseError: when the page has no title or none of its sections.
    """
    lines = split_lines(strip_boilerplate(text))
    title_at, sections = _sections(lines)
    if title_at is None or not sections:
        raise ParseError("MedPath page without title or sections")
    record = TrialRecord(title=lines[title_at].strip())
    _read_banner(record, lines[title_at + 1 : sections[0][1]])
    for name, start, end in sections:
        _read_section(record, name, lines[start + 1 : end])
    _outcomes_again(record, lines, sections)
    _link_interventions(record)
    return record


def _sections(lines: list[str]) -> tuple[int | None, list[tuple[str, int, int]]]:
    """Return the title line and ``(section, label line, end line)`` for each label.

    A page shows each label once: a label line met again is a heading inside the text of the
    section above it (a detailed description with its own "Interventions" paragraph).
    """
    stripped = [line.strip() for line in lines]
    title_at = next((i for i, line in enumerate(stripped) if line and line != "MedPath"), None)
    marks, seen = [], set()
    for i, line in enumerate(stripped):
        # lower() never shortens a text: a line longer than every label (a paragraph) is none
        label = line.lower() if len(line) <= _LONGEST_LABEL else ""
        if label in LABELS and label not in seen and (title_at is None or i > title_at):
            marks.append((LABELS[label], i))
            seen.add(label)
    ends = [i for _, i in marks[1:]] + [len(lines)]
    return title_at, [(name, i, end) for (name, i), end in zip(marks, ends, strict=False)]


def _read_banner(record: TrialRecord, lines: list[str]) -> None:
    """Read the phase and status lines between the title and the first label."""
    for line in (line.strip() for line in lines if line.strip()):
        phase = phase_from_text(line) if "phase" in line.lower() or line == "Not Applicable" else None
        if phase:
            record.phase = phase
        elif enum_from_text(line, STATUSES):
            record.overall_status = enum_from_text(line, STATUSES)


def _read_section(record: TrialRecord, name: str, lines: list[str]) -> None:
    """Fill ``record`` from one labelled section (a section without a reader only ends the one before)."""
    reader = _SECTION_READERS.get(name)
    if reader is not None:
        reader(record, name, lines)


def _values(lines: list[str]) -> list[str]:
    """The section's non-blank lines, stripped."""
    return [line.strip() for line in lines if line.strip()]


def _first_value(lines: list[str]) -> str | None:
    """The section's first non-blank line, stripped."""
    return next(iter(_values(lines)), None)


def _read_conditions(record: TrialRecord, name: str, lines: list[str]) -> None:
    """One condition per line."""
    record.conditions = _values(lines)


def _read_interventions(record: TrialRecord, name: str, lines: list[str]) -> None:
    """One ``Type: name`` intervention per line."""
    record.interventions = [_intervention(v) for v in _values(lines)]


def _read_single_value(record: TrialRecord, name: str, lines: list[str]) -> None:
    """A one-line text field named like the record's attribute."""
    setattr(record, name, clean(_first_value(lines)))


def _read_paragraphs(record: TrialRecord, name: str, lines: list[str]) -> None:
    """A text field in paragraphs named like the record's attribute."""
    setattr(record, name, join_paragraphs(lines))


def _read_status(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The recruitment status; the banner's status stands when this one is not an enum."""
    record.overall_status = enum_from_text(_first_value(lines), STATUSES) or record.overall_status


def _read_sex(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The sexes eligible."""
    record.sex = sex_from_text(_first_value(lines))


def _read_enrollment(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The target recruitment, a count."""
    record.enrollment = int_from_text(_first_value(lines))


def _read_study_type(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The study type enum."""
    record.study_type = enum_from_text(_first_value(lines), STUDY_TYPES)


def _read_study_design(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The study design, kept as written in the intervention model."""
    record.intervention_model = clean(_first_value(lines))


def _read_criteria(record: TrialRecord, name: str, lines: list[str]) -> None:
    """Inclusion or exclusion items, numbered after the items already read."""
    record.criteria += [
        c.__class__(name, c.text, _shift(c.parent, len(record.criteria))) for c in split_criteria("\n".join(lines))
    ]


def _read_arms(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The arms table, cut at the interventions already read."""
    record.arms = read_arm_table(lines, [i.name for i in record.interventions])


def _read_outcomes(record: TrialRecord, name: str, lines: list[str]) -> None:
    """An outcome table: primary, secondary or other (the tables above it are evidence)."""
    record.endpoints += read_outcome_table(name, lines, evidence_of(record.endpoints))


def _outcomes_again(record: TrialRecord, lines: list[str], sections: list[tuple[str, int, int]]) -> None:
    """Read the outcome tables again, each knowing the rows of every other one (those below it too)."""
    tables = [(name, lines[start + 1 : end]) for name, start, end in sections if name in OUTCOME_KINDS]
    if len(tables) < 2:
        return
    endpoints = []
    for index, (name, table) in enumerate(tables):
        above = {kind for kind, _ in tables[:index]}
        endpoints += _read_again(record.endpoints, name, table, above)
    record.endpoints = endpoints


def _read_again(first: list[Endpoint], name: str, table: list[str], above: set[str]) -> list[Endpoint]:
    """One outcome table read again knowing every other table, or its first reading where that knew as much.

    The first pass read the table knowing the tables ``above`` it; a reading depends only on the
    kind, the lines and the evidence, so where the tables below it have no rows (the last table
    always) a second reading would repeat the first: its rows are kept instead.
    """
    others = evidence_of([e for e in first if e.kind != name])
    if evidence_of([e for e in first if e.kind in above]) == others:
        return [e for e in first if e.kind == name]
    return read_outcome_table(name, table, others)


def _read_sites(record: TrialRecord, name: str, lines: list[str]) -> None:
    """The trial locations."""
    record.sites = _sites(_values(lines))


SectionReader = Callable[[TrialRecord, str, list[str]], None]
_SECTION_READERS: dict[str, SectionReader] = {
    "conditions": _read_conditions,
    "interventions": _read_interventions,
    "registry_id": _read_single_value,
    "lead_sponsor": _read_single_value,
    "brief_summary": _read_paragraphs,
    "detailed_description": _read_paragraphs,
    "status": _read_status,
    "sex": _read_sex,
    "enrollment": _read_enrollment,
    "study_type": _read_study_type,
    "study_design": _read_study_design,
    "inclusion": _read_criteria,
    "exclusion": _read_criteria,
    "arms": _read_arms,
    "primary": _read_outcomes,
    "secondary": _read_outcomes,
    "other": _read_outcomes,
    "sites": _read_sites,
}


def _shift(parent: int | None, offset: int) -> int | None:
    """Move a section-local parent position to the document-wide numbering."""
    return None if parent is None else parent + offset


def _intervention(value: str) -> Intervention:
    """Parse "Biological: KQ-2003 CAR T-cells" into type and name."""
    match = _TYPE_PREFIX.match(value)
    if match:
        kind = match.group(1).strip().upper().replace(" ", "_")
        return Intervention(kind, match.group(2).strip())
    return Intervention(None, value)


def _sites(values: list[str]) -> list[Site]:
    """Read facility / flag / "City, Country" triples."""
    sites: list[Site] = []
    facility: str | None = None
    expect_location = False
    for value in values:
        if _LOCATIONS_COUNT.match(value):
            continue
        if is_flag(value):
            expect_location = True
        elif expect_location:
            sites.append(Site(facility, *parse_location(value)))
            facility, expect_location = None, False
        else:
            facility = value
    return sites


def is_flag(line: str) -> bool:
    """Tell whether ``line`` is a country flag emoji (MedPath marks each site with one)."""
    return bool(_FLAG.match(line.strip()))


def _link_interventions(record: TrialRecord) -> None:
    """Record on each intervention the arms that receive it."""
    record.interventions = [
        Intervention(
            i.intervention_type,
            i.name,
            i.description,
            tuple(a.label for a in record.arms if i.name in a.intervention_names),
        )
        for i in record.interventions
    ]
