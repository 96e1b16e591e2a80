"""The classic ClinicalTrials.gov study page (``/ct2/show/NCT…``) as text.

Layout, every part optional but the id label: the brief title; ``ClinicalTrials.gov
Identifier: NCT…``; ``Recruitment Status :`` and the posting dates; the
``Condition or disease | Intervention/treatment | Phase |`` table; sections
(Study Description, Study Design, Arms and Interventions, Outcome Measures,
Eligibility Criteria, Contacts and Locations, More Information) whose facts are
``Label : | value |`` rows; the ``Arm | Intervention/treatment |`` table; numbered
outcomes ``1. Measure [ Time Frame: … ]`` over their description; the criteria
text under ``Criteria``; sites as a facility line over ``City, [State,] Country[, Zip]``.
Values are display text, mapped to the API v2 enums by :mod:`tasks.parsers.legacy_values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from schemas.vocabulary import ARM_TYPES, INTERVENTION_TYPES
from tasks.parsers import legacy_values as values
from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.document_text import join_paragraphs, normalise_layout_text, split_lines, strip_boilerplate
from tasks.parsers.records import Arm, Endpoint, Intervention, ParseError, Site, TrialRecord
from tasks.parsers.text import clean, int_from_text

FORMAT = "ctgov_classic_page"
ID_LABEL = re.compile(r"ClinicalTrials\.gov Identifier\s*:?\s*\|?\s*(?P<id>NCT\d{8})")
# Row labels (lower case, without "Actual"/"Estimated"/"Anticipated") and the field each fills.
LABELS = {
    "recruitment status": "overall_status",
    "last update posted": "last_update_posted",
    "study type": "study_type",
    "enrollment": "enrollment",
    "allocation": "allocation",
    "intervention model": "intervention_model",
    "observational model": "intervention_model",
    "masking": "masking",
    "primary purpose": "primary_purpose",
    "official title": "official_title",
    "acronym": "acronym",
    "study start date": "start_date",
    "study completion date": "completion_date",
    "ages eligible for study": "ages",
    "sexes eligible for study": "sex",
    "genders eligible for study": "sex",
    "sponsor": "lead_sponsor",
}
ENUMS = {
    "overall_status": values.status_enum,
    "study_type": values.study_type_enum,
    "allocation": values.allocation_enum,
    "intervention_model": values.model_enum,
    "masking": values.masking_enum,
    "primary_purpose": values.purpose_enum,
    "sex": values.sex_enum,
    "start_date": values.iso_date,
    "completion_date": values.iso_date,
    "last_update_posted": values.iso_date,
}
SECTIONS = {
    "study description",
    "study design",
    "arms and interventions",
    "outcome measures",
    "eligibility criteria",
    "contacts and locations",
    "more information",
}
OUTCOME_HEADINGS = {"primary outcome measures": "primary", "secondary outcome measures": "secondary"}
OUTCOME_HEADINGS["other outcome measures"] = "other"
_ROW = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ()/-]{1,60}?)\s*:\s*(?P<value>.*)$")
_DATE_PREFIX = re.compile(r"^(?:actual|estimated|anticipated)\s+", re.IGNORECASE)
# The page prints the enums as words: "Active Comparator", "Dietary Supplement".
ARM_TYPE_NAMES = tuple(t.replace("_", " ").title() for t in ARM_TYPES)
INTERVENTION_TYPE_NAMES = tuple(t.replace("_", " ").title() for t in INTERVENTION_TYPES)
_ARM_TYPES = "|".join(ARM_TYPE_NAMES)
_ARM = re.compile(rf"^(?P<type>{_ARM_TYPES}):\s*(?P<label>.+)$")
_ARM_START = re.compile(rf"\n(?=(?:{_ARM_TYPES}):)")
_TYPES = "|".join(INTERVENTION_TYPE_NAMES)
_INTERVENTION = re.compile(rf"(?:^|\s)(?=(?:{_TYPES}):\s)")
_INTERVENTION_ITEM = re.compile(rf"^(?P<type>{_TYPES}):\s*(?P<name>.+)$")
_OUTCOME = re.compile(r"^\d{1,3}\.\s+(?P<measure>.+?)\s*(?:\[\s*Time Frame:\s*(?P<time>.*?)\s*\])?$")
_PLACE = re.compile(r"^[^,|]{2,60}(?:,\s*[^,|]{2,60}){1,3}$")


def detect(text: str) -> bool:
    """Tell whether ``text`` is a classic study page: its id label and its status or design rows."""
    head = normalise_layout_text(text)[:20000]  # as the parser reads it (no-break spaces in "Study Type :")
    return bool(ID_LABEL.search(head)) and ("Recruitment Status" in head or "Study Type :" in head)


def parse(text: str) -> TrialRecord:
    """Parse a classic study page.

    Raises:
        ParseError: when the page has no ``ClinicalTrials.gov Identifier`` label.
    """
    found = ID_LABEL.search(text)
    if not found:
        raise ParseError("classic study page without its 'ClinicalTrials.gov Identifier' label")
    lines = [_cells_text(line) for line in split_lines(strip_boilerplate(text))]
    record = TrialRecord(registry_id=found.group("id"), title=next((line for line in lines if line), None))
    _read_rows(record, lines)
    _read_condition_table(record, lines)
    _read_description(record, _span(lines, lambda line: line.lower().startswith(("brief summary", "detailed desc"))))
    _read_arms(record, _span(lines, lambda line: line.lower().startswith("arm |")))
    record.endpoints = _outcomes(_span(lines, lambda line: _heading(line) in OUTCOME_HEADINGS, OUTCOME_HEADINGS))
    record.criteria = split_criteria("\n".join(_span(lines, lambda line: _heading(line) == "criteria")[1:]))
    record.sites = _sites(_span(lines, lambda line: _heading(line) == "locations")[1:])
    return record


def _cells_text(line: str) -> str:
    """A line with table furniture removed: trailing pipes, an image, separators."""
    stripped = line.strip()
    if re.fullmatch(r"[-|: ]*", stripped) or stripped.startswith("!["):
        return ""
    return re.sub(r"\s*\|\s*$", "", stripped)


def _heading(line: str) -> str:
    """A line as a heading key: lower case, without its colon."""
    return line.lower().removesuffix(":").strip()


def _span(lines: list[str], opens: Callable[[str], bool], within: Iterable[str] = ()) -> list[str]:
    """The lines from the first that ``opens`` a part up to the next section heading.

    Headings in ``within`` belong to the part (the outcome kinds inside Outcome Measures).
    """
    start = next((i for i, line in enumerate(lines) if opens(line)), None)
    if start is None:
        return []
    ends = (SECTIONS | {"locations", "criteria"} | OUTCOME_HEADINGS.keys()) - set(within) - {_heading(lines[start])}
    end = next((i for i in range(start + 1, len(lines)) if _heading(lines[i]) in ends), len(lines))
    return lines[start:end]


def _read_rows(record: TrialRecord, lines: list[str]) -> None:
    """Read ``Label : | value`` rows (a value may stand on the next line)."""
    for index, line in enumerate(lines):
        match = _ROW.match(line)
        if not match:
            continue
        label = _DATE_PREFIX.sub("", match.group("label").strip()).lower()
        field = LABELS.get(label)
        if not field or getattr(record, field, None) is not None:
            continue
        value = match.group("value").strip(" |") or next((v for v in lines[index + 1 : index + 3] if v), "")
        _set(record, field, value)


def _set(record: TrialRecord, field: str, value: str) -> None:
    """Store one row's value, mapped to the API v2 enum where there is one."""
    if field == "enrollment":
        record.enrollment = int_from_text(value)
    elif field == "ages":
        record.minimum_age, record.maximum_age = _ages(value)
    elif field in ENUMS:
        setattr(record, field, ENUMS[field](value))
    else:
        setattr(record, field, clean(value))


def _ages(value: str) -> tuple[str | None, str | None]:
    """``18 Years to 70 Years (Adult, Older Adult)``, ``18 Years and older``, ``up to 17 Years``."""
    text = value.replace("\xa0", " ")
    low = re.match(r"(\d+\s+\w+)\s+(?:to|and\s+older)", text)
    high = re.search(r"(?:to|up to)\s+(\d+\s+\w+)", text)
    return (low.group(1) if low else None), (high.group(1) if high else None)


def _read_condition_table(record: TrialRecord, lines: list[str]) -> None:
    """Read the ``Condition or disease | Intervention/treatment | Phase`` row(s)."""
    start = next((i for i, line in enumerate(lines) if line.lower().startswith("condition or disease")), None)
    if start is None:
        return
    for line in lines[start + 1 :]:
        if not line:
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 2 or cells[0].endswith(":"):  # the design rows that follow the table
            break
        record.conditions += [c for c in [cells[0]] if c]
        record.interventions += [_intervention(i) for i in _INTERVENTION.split(cells[1]) if i.strip()]
        record.phase = values.phase_enum(cells[2]) if len(cells) > 2 and cells[2] else record.phase


def _intervention(item: str, description: str | None = None) -> Intervention:
    """``Biological: name`` → a ``BIOLOGICAL`` intervention."""
    match = _INTERVENTION_ITEM.match(item.strip())
    if not match:
        return Intervention(None, item.strip(), description)
    return Intervention(values.intervention_type_enum(match.group("type")), match.group("name").strip(), description)


def _read_description(record: TrialRecord, lines: list[str]) -> None:
    """``Brief Summary:`` and ``Detailed Description:`` paragraphs."""
    current: list[str] | None = None
    parts: dict[str, list[str]] = {"brief summary": [], "detailed description": []}
    for line in lines:
        key = line.lower().split(":", 1)[0]
        if "|" in line:  # the condition table or a design row: the text has ended
            current = None
        elif key in parts:
            current = parts[key]
            current.append(line.split(":", 1)[1].strip())
        elif current is not None:
            current.append(line)
    record.brief_summary = join_paragraphs(parts["brief summary"]) or record.brief_summary
    record.detailed_description = join_paragraphs(parts["detailed description"])


def _read_arms(record: TrialRecord, lines: list[str]) -> None:
    """Read the ``Arm | Intervention/treatment`` table: an arm line, its description, ``| intervention``."""
    body = "\n".join(lines[1:])
    described: dict[str, str | None] = {}
    for block in _ARM_START.split(body):
        arm_text, *cells = block.split("|")
        arm_lines = [line.strip() for line in arm_text.strip().split("\n") if line.strip()]
        match = _ARM.match(arm_lines[0]) if arm_lines else None
        if not match:
            continue
        names = []
        for cell in cells:
            cell_lines = [line.strip() for line in cell.strip().split("\n") if line.strip()]
            if cell_lines and _INTERVENTION_ITEM.match(cell_lines[0]):
                names.append(_intervention(cell_lines[0]).name)
                described.setdefault(names[-1], join_paragraphs(cell_lines[1:]))
        description = join_paragraphs(arm_lines[1:])
        record.arms.append(
            Arm(match.group("label").strip(), values.arm_type_enum(match.group("type")), description, tuple(names))
        )
    _link_arms(record, described)


def _link_arms(record: TrialRecord, described: dict[str, str | None]) -> None:
    """Give each intervention the labels of the arms that name it and the description the table gives."""
    record.interventions = [
        Intervention(
            i.intervention_type,
            i.name,
            i.description or described.get(i.name),
            tuple(a.label for a in record.arms if i.name in a.intervention_names),
        )
        for i in record.interventions
    ]


def _outcomes(lines: list[str]) -> list[Endpoint]:
    """Numbered outcomes under their kind's heading, each followed by its description."""
    endpoints: list[Endpoint] = []
    kind, description = "unspecified", []
    for line in lines + [""]:
        heading = OUTCOME_HEADINGS.get(_heading(line))
        match = _OUTCOME.match(line)
        if heading or match or not line:
            _close(endpoints, description)
            description = []
        if heading:
            kind = heading
        elif match:
            endpoints.append(Endpoint(kind, match.group("measure").strip(), None, clean(match.group("time"))))
        elif line and endpoints:
            description.append(line)
    return endpoints


def _close(endpoints: list[Endpoint], description: list[str]) -> None:
    """Attach the lines read since the last outcome to it as its description."""
    if endpoints and description:
        last = endpoints[-1]
        text = " ".join([last.description or "", *description]).strip()
        endpoints[-1] = Endpoint(last.kind, last.measure, text, last.time_frame)


def _sites(lines: list[str]) -> list[Site]:
    """A facility line over a ``City, [State,] Country[, Zip]`` line is one site."""
    sites = []
    for previous, line in zip(lines, lines[1:], strict=False):
        if _PLACE.match(line) and previous and not _PLACE.match(previous) and not _ROW.match(previous):
            parts = [p.strip() for p in line.split(",")]
            if re.fullmatch(r"[\d -]{3,10}", parts[-1]):
                parts = parts[:-1]
            state = ", ".join(parts[1:-1]) or None
            sites.append(Site(previous, parts[0], state, parts[-1] if len(parts) > 1 else None))
    return sites
