"""MedPath trial pages: section labels with values on the lines below.

The page's tables are flattened: an arm row glues group, intervention and
description together (``Phase 1: Low dose groupKQ-2003 CAR T-cellsInfusion of …``)
and an outcome row glues name and time (``Objective response rate (ORR)Through
study completion, …``) with the description in the paragraph below. Arm rows are
cut at the intervention names listed under ``Interventions``; outcome rows at the
glued time-frame phrase.
"""

from __future__ import annotations

import re

from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.records import Arm, Endpoint, Intervention, ParseError, Site, TrialRecord
from tasks.parsers.text import (
    STATUSES,
    STUDY_TYPES,
    clean,
    enum_from_text,
    int_from_text,
    is_flag,
    join_paragraphs,
    parse_location,
    phase_from_text,
    sex_from_text,
    split_lines,
    strip_boilerplate,
)
from tasks.parsers.timeframe_text import STARTER, time_frame_score

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
MAX_TIME_FRAME = 255
_LOCATIONS_COUNT = re.compile(r"^Locations \(\d+\)$")
_TABLE_HEADERS = {"GroupInterventionDescription", "NameTimeMethod"}
_TYPE_PREFIX = re.compile(r"^([A-Za-z ]+?):\s*(.+)$")
# Where a glued time frame may start: capitals and digits (a superset; _is_glue_point decides).
_CAPITAL_OR_DIGIT = re.compile(r"[^\W_a-z]")
_GLUE_BEFORE = re.compile(r"[a-z0-9)\]%+\u0370-\u03ff\u3000-\uffef]")  # matched on lower()


def detect(text: str) -> bool:
    """Tell whether ``text`` is a MedPath page (its header or at least four section labels)."""
    lines = [line.strip() for line in split_lines(text)[:400]]
    if "MedPath" in lines[:3]:
        return True
    return sum(1 for line in lines if line.lower() in LABELS) >= 4


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
    _link_interventions(record)
    return record


def _sections(lines: list[str]) -> tuple[int | None, list[tuple[str, int, int]]]:
    """Return the title line and ``(section, label line, end line)`` for each label."""
    title_at = next((i for i, line in enumerate(lines) if line.strip() and line.strip() != "MedPath"), None)
    marks = [
        (LABELS[line.strip().lower()], i)
        for i, line in enumerate(lines)
        if line.strip().lower() in LABELS and (title_at is None or i > title_at)
    ]
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
    """Fill ``record`` from one labelled section."""
    values = [line.strip() for line in lines if line.strip()]
    first = values[0] if values else None
    if name == "conditions":
        record.conditions = values
    elif name == "interventions":
        record.interventions = [_intervention(v) for v in values]
    elif name in {"registry_id", "lead_sponsor"}:
        setattr(record, name, clean(first))
    elif name in {"brief_summary", "detailed_description"}:
        setattr(record, name, join_paragraphs(lines))
    elif name == "status":
        record.overall_status = enum_from_text(first, STATUSES) or record.overall_status
    elif name == "sex":
        record.sex = sex_from_text(first)
    elif name == "enrollment":
        record.enrollment = int_from_text(first)
    elif name == "study_type":
        record.study_type = enum_from_text(first, STUDY_TYPES)
    elif name == "study_design":
        record.intervention_model = clean(first)
    elif name in {"inclusion", "exclusion"}:
        record.criteria += [
            c.__class__(name, c.text, _shift(c.parent, len(record.criteria))) for c in split_criteria("\n".join(lines))
        ]
    elif name == "arms":
        record.arms = _arms(values, [i.name for i in record.interventions])
    elif name in {"primary", "secondary", "other"}:
        record.endpoints += _outcomes(name, lines)
    elif name == "sites":
        record.sites = _sites(values)


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


def _arms(rows: list[str], names: list[str]) -> list[Arm]:
    """Cut each flattened arm row at the intervention names glued into it."""
    arms: list[Arm] = []
    for row in rows:
        if row in _TABLE_HEADERS:
            continue
        cut = _find_glued_names(row, names)
        if cut is None:
            if arms:  # a wrapped description line
                last = arms[-1]
                arms[-1] = Arm(last.label, None, f"{last.description or ''}\n{row}".strip(), last.intervention_names)
            else:
                arms.append(Arm(row))
            continue
        start, end, found = cut
        arms.append(Arm(row[:start].strip(), None, clean(row[end:]), tuple(found)))
    return arms


def _find_glued_names(row: str, names: list[str]) -> tuple[int, int, list[str]] | None:
    """Find the run of intervention names that follows the group label in ``row``."""
    best: tuple[int, int, list[str]] | None = None
    for name in sorted(names, key=len, reverse=True):
        start = row.find(name, 1) if name else -1
        while start != -1:  # plain search: names are data, never patterns
            glued = not row[start - 1].isspace()
            if best is None or (glued and start < best[0]) or (glued and not _glued(row, best[0])):
                best = (start, start + len(name), [name])
                break
            start = row.find(name, start + 1)
    if best is None:
        return None
    start, end, found = best
    extended = True
    while extended:  # an arm may list several interventions back to back
        extended = False
        for name in names:
            if row.startswith(name, end):
                found.append(name)
                end += len(name)
                extended = True
    return start, end, found


def _glued(row: str, index: int) -> bool:
    """Tell whether the text at ``index`` is glued to the character before it."""
    return index > 0 and not row[index - 1].isspace()


def _outcomes(kind: str, lines: list[str]) -> list[Endpoint]:
    """Read ``NameTime`` rows, each followed by its description paragraphs."""
    endpoints: list[Endpoint] = []
    description: list[str] = []
    for line in lines:
        text = line.strip()
        if text in _TABLE_HEADERS:
            continue
        split = split_glued_time_frame(text) if text else None
        if split:
            _close_outcome(endpoints, description)
            endpoints.append(Endpoint(kind, split[0], None, split[1]))
            description = []
        elif endpoints:
            description.append(line)
    _close_outcome(endpoints, description)
    return endpoints


def _close_outcome(endpoints: list[Endpoint], description: list[str]) -> None:
    """Attach the collected description paragraphs to the last endpoint."""
    if endpoints and description:
        last = endpoints[-1]
        endpoints[-1] = Endpoint(last.kind, last.measure, join_paragraphs(description), last.time_frame)


def split_glued_time_frame(row: str) -> tuple[str, str] | None:
    """Split ``"Name (X)Through study completion, …"`` into name and time frame.

    Args:
        row: A flattened table row whose last cell is a time frame.

    Returns:
        ``(name, time_frame)`` or ``None`` when no glued time frame is found.
    """
    best: tuple[float, int] | None = None
    # A registry time frame is at most 255 characters, so only the row's tail can hold its start.
    for start in _CAPITAL_OR_DIGIT.finditer(row, max(1, len(row) - MAX_TIME_FRAME)):
        index = start.start()
        if not _is_glue_point(row, index):
            continue
        score = time_frame_score(row[index:])
        if score > 0 and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    return row[: best[1]].strip(), row[best[1] :].strip()


def _is_glue_point(row: str, index: int) -> bool:
    """Tell whether a time frame could start at ``index``, glued to the cell before it."""
    before, char = row[index - 1], row[index]
    if not (char.isupper() or char.isdigit()) or not _GLUE_BEFORE.match(before.lower()):
        return False
    if before.isdigit() and char.isdigit():
        return False
    starter = STARTER.match(row[index:])
    if not starter:
        return False
    # "ADAMinimum": between two capitals only a whole opening word marks the cut.
    return not before.isupper() or len(starter.group(0).strip()) >= 3


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
