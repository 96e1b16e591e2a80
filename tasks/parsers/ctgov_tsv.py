"""The classic ClinicalTrials.gov site's tab-separated download (``SearchResults.tsv``): one trial per row.

The classic site (retired in 2023) wrote display values ("Not yet recruiting",
"Phase 1|Phase 2", "Allocation: Randomized|Masking: Single (Outcomes Assessor)")
and only the titles of the outcome measures, without kind or time frame: those
become ``unspecified`` endpoints with the measure alone. Values map to the API v2
enums through :mod:`tasks.parsers.legacy_values`.
"""

from __future__ import annotations

import csv
import io
import re

from tasks.parsers import legacy_values as values
from tasks.parsers.records import Endpoint, Intervention, ParseError, Site, TrialRecord
from tasks.parsers.text import clean, int_from_text

FORMAT = "ctgov_tsv"
REQUIRED = "NCT Number"
# Columns only the classic download has; with the tab separator they tell it from the CSV download.
CLASSIC_COLUMNS = {"Rank", "Title", "Status", "Outcome Measures", "Sponsor/Collaborators", "Gender", "Study Designs"}
MIN_CLASSIC_COLUMNS = 3
DESIGN_KEYS = {
    "Allocation": ("allocation", values.allocation_enum),
    "Intervention Model": ("intervention_model", values.model_enum),
    "Observational Model": ("intervention_model", values.model_enum),
    "Masking": ("masking", values.masking_enum),
    "Primary Purpose": ("primary_purpose", values.purpose_enum),
}
_AGE_RANGE = re.compile(r"^(?P<min>\d+\s+\w+)\s+to\s+(?P<max>\d+\s+\w+)")
_AGE_MIN = re.compile(r"^(?P<min>\d+\s+\w+)\s+and\s+older")
_AGE_MAX = re.compile(r"^up\s+to\s+(?P<max>\d+\s+\w+)", re.IGNORECASE)
_NCT = re.compile(r"^NCT\d{8}$")
_INTERVENTION = re.compile(r"^(?P<type>[A-Z][A-Za-z /]+):\s*(?P<name>.+)$")


def detect(text: str) -> bool:
    """Tell whether ``text`` opens with the classic download's tab-separated header."""
    header = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r").split("\t")
    names = {h.strip() for h in header}
    return REQUIRED in names and len(names & CLASSIC_COLUMNS) >= MIN_CLASSIC_COLUMNS


def rows(text: str) -> list[dict[str, str]]:
    """Read every data row.

    Raises:
        ParseError: when the header lacks ``NCT Number``.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter="\t")
    try:
        if REQUIRED not in (reader.fieldnames or []):
            raise ParseError("TSV without an 'NCT Number' column")
        return [row for row in reader if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    except csv.Error as error:
        raise ParseError(f"invalid TSV: {error}") from None


def parse(text: str) -> TrialRecord:
    """Parse a download holding exactly one row.

    Raises:
        ParseError: for a file with no rows or several rows.
    """
    found = rows(text)
    if len(found) != 1:
        raise ParseError(f"expected one TSV row, found {len(found)}")
    return parse_row(found[0])


def parse_row(row: dict) -> TrialRecord:
    """Parse one row (a ``csv.DictReader`` dict).

    Raises:
        ParseError: for a ragged row or an invalid NCT number.
    """
    if None in row:
        raise ParseError("TSV row has more cells than the header")
    cell = {k.strip(): (v or "").replace("\xa0", " ").strip() for k, v in row.items() if k is not None}
    if not _NCT.match(cell.get(REQUIRED, "")):
        raise ParseError(f"TSV row without a valid NCT Number ({cell.get(REQUIRED, '')[:20]!r})")
    minimum_age, maximum_age = _ages(cell.get("Age", ""))
    record = TrialRecord(
        registry_id=cell[REQUIRED],
        title=clean(cell.get("Title")),
        acronym=clean(cell.get("Acronym")),
        overall_status=values.status_enum(cell.get("Status")),
        study_type=values.study_type_enum(cell.get("Study Type")),
        phase=values.phase_enum(_split(cell.get("Phases"))),
        enrollment=int_from_text(cell.get("Enrollment")),
        sex=values.sex_enum(cell.get("Gender")),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        lead_sponsor=next(iter(_split(cell.get("Sponsor/Collaborators"))), None),
        start_date=values.iso_date(cell.get("Start Date")),
        completion_date=values.iso_date(cell.get("Completion Date")),
        last_update_posted=values.iso_date(cell.get("Last Update Posted")),
        conditions=_split(cell.get("Conditions")),
        interventions=[_intervention(item) for item in _split(cell.get("Interventions"))],
        endpoints=[Endpoint("unspecified", measure, None, None) for measure in _split(cell.get("Outcome Measures"))],
        sites=[_site(item) for item in _split(cell.get("Locations"))],
    )
    for part in _split(cell.get("Study Designs")):
        key, _, setting = part.partition(":")
        if key.strip() in DESIGN_KEYS:
            field, mapping = DESIGN_KEYS[key.strip()]
            setattr(record, field, mapping(setting.strip()))
    return record


def _split(value: str | None) -> list[str]:
    """Split a ``|``-joined cell."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _ages(value: str) -> tuple[str | None, str | None]:
    """``18 Years to 75 Years (Adult, Older Adult)`` → ``("18 Years", "75 Years")``."""
    for pattern in (_AGE_RANGE, _AGE_MIN, _AGE_MAX):
        match = pattern.match(value)
        if match:
            found = match.groupdict()
            return found.get("min"), found.get("max")
    return None, None


def _intervention(item: str) -> Intervention:
    """``Device: DBT`` → a ``DEVICE`` intervention named ``DBT``."""
    match = _INTERVENTION.match(item)
    kind = values.intervention_type_enum(match.group("type")) if match else None
    return Intervention(kind, match.group("name").strip()) if kind else Intervention(None, item)


def _site(item: str) -> Site:
    """``Facility, City, [State,] Country``: the last parts are the place, the rest the facility."""
    parts = [p.strip() for p in item.split(",")]
    if len(parts) >= 4:
        return Site(", ".join(parts[:-3]), parts[-3], parts[-2], parts[-1])
    if len(parts) == 3:
        return Site(parts[0], parts[1], None, parts[2])
    return Site(item.strip() or None)
