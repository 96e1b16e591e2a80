"""The ClinicalTrials.gov website's CSV download: one trial per row.

Users pick which of the 30 columns to download, so every column is optional
except ``NCT Number``. Multi-valued cells are ``|``-joined; interventions are
``TYPE: name``; outcome cells use the same ``measure, description, time frame``
convention as the flat export and go through the same splitter.

The download is comma-separated. A spreadsheet that saves it again may separate cells with
semicolons (European locales) or tabs ("Text (Tab delimited)"), and may open with Excel's
``sep=;`` line: the header tells which (:func:`table`).
"""

from __future__ import annotations

import csv
import io
import re

from tasks.parsers import ctgov_tsv
from tasks.parsers.ctgov_flat import outcome_field_endpoints, parse_interventions
from tasks.parsers.records import ParseError, Site, TrialRecord
from tasks.parsers.text import clean, int_from_text

FORMAT = "ctgov_csv"
REQUIRED = "NCT Number"
KNOWN_COLUMNS = {
    "NCT Number",
    "Study Title",
    "Study URL",
    "Acronym",
    "Study Status",
    "Brief Summary",
    "Study Results",
    "Conditions",
    "Interventions",
    "Primary Outcome Measures",
    "Secondary Outcome Measures",
    "Other Outcome Measures",
    "Sponsor",
    "Collaborators",
    "Sex",
    "Age",
    "Phases",
    "Enrollment",
    "Funder Type",
    "Study Type",
    "Study Design",
    "Other IDs",
    "Start Date",
    "Primary Completion Date",
    "Completion Date",
    "First Posted",
    "Results First Posted",
    "Last Update Posted",
    "Locations",
    "Study Documents",
}
OUTCOME_COLUMNS = (
    ("Primary Outcome Measures", "primary"),
    ("Secondary Outcome Measures", "secondary"),
    ("Other Outcome Measures", "other"),
)
DESIGN_KEYS = {
    "Allocation": "allocation",
    "Intervention Model": "intervention_model",
    "Observational Model": "intervention_model",
    "Masking": "masking",
    "Primary Purpose": "primary_purpose",
}
DELIMITERS = (",", ";", "\t")  # the download's own first
_SEP_LINE = re.compile(r"\A\ufeff?sep=(.)\1*\r?\n")  # a spreadsheet may pad it with more delimiters
_NCT = re.compile(r"^NCT\d{8}$")
# Cells hold whole descriptions; Python's default limit (128 KB) is below what a document may hold.
MAX_CELL_CHARS = 32 * 1024 * 1024


def detect(text: str) -> bool:
    """Tell whether ``text`` starts with a CT.gov CSV header (``NCT Number`` and two more columns)."""
    return table(text) is not None


def table(text: str) -> tuple[str, str] | None:
    """The download from its header on, and its delimiter; ``None`` when ``text`` does not open with its header.

    A ``sep=X`` first line names the delimiter; otherwise the first of :data:`DELIMITERS` that
    cuts the first line into ``NCT Number`` and two more known columns.
    """
    text = text.lstrip("\ufeff")
    declared = _SEP_LINE.match(text)
    if declared:
        text = text[declared.end() :]
    line_end = text.find("\n")
    if REQUIRED not in (text if line_end < 0 else text[:line_end]):
        return None  # most documents: no header line, nothing to try
    for delimiter in (declared.group(1),) if declared else DELIMITERS:
        if _is_header(text[:10000], delimiter):
            return text, delimiter
    return None


def _is_header(head: str, delimiter: str) -> bool:
    """Whether ``head`` opens with this download's header when cut at ``delimiter``."""
    try:
        names = {h.strip() for h in next(csv.reader(io.StringIO(head), delimiter=delimiter), [])}
    except csv.Error:
        return False
    # A tab-separated header with the classic site's own columns is that download, not this one
    # saved with tabs (comma-separated, it is read as this one).
    classic = delimiter == "\t" and bool(names & ctgov_tsv.CLASSIC_COLUMNS)
    return REQUIRED in names and len(names & KNOWN_COLUMNS) >= 3 and not classic


def rows(text: str) -> list[dict[str, str]]:
    """Read every data row of a CSV download (see :func:`read`)."""
    return read(text)[1]


def read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The column names of a CSV download, as written, and every data row.

    Raises:
        ParseError: when the header lacks ``NCT Number``.
    """
    _allow_long_cells()
    body, delimiter = table(text) or (text.lstrip("\ufeff"), ",")
    reader = csv.DictReader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        if REQUIRED not in (reader.fieldnames or []):
            raise ParseError("CSV without an 'NCT Number' column")
        found = [row for row in reader if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    except csv.Error as error:
        raise ParseError(f"invalid CSV: {error}") from None
    return list(reader.fieldnames), found


def _allow_long_cells() -> None:
    """Let the csv module read cells up to :data:`MAX_CELL_CHARS`, only when a CSV is read.

    The limit is process-wide in Python's csv module and has no per-reader form, so it is
    only ever raised (never restored): lowering it again could break a read in another thread.
    """
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)


def parse(text: str) -> TrialRecord:
    """Parse a CSV download holding exactly one data row.

    Raises:
        ParseError: for a file with no rows or several rows.
    """
    found = rows(text)
    if len(found) != 1:
        raise ParseError(f"expected one CSV row, found {len(found)}")
    return parse_row(found[0])


def parse_row(row: dict) -> TrialRecord:
    """Parse one row (a ``csv.DictReader`` dict) into a record.

    Raises:
        ParseError: for a ragged row or an invalid NCT number.
    """
    if None in row:
        raise ParseError("CSV row has more cells than the header")
    cell = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
    nct = cell.get(REQUIRED, "")
    if not _NCT.match(nct):
        raise ParseError(f"CSV row without a valid NCT Number ({nct[:20]!r})")
    record = TrialRecord(
        registry_id=nct,
        title=clean(cell.get("Study Title")),
        acronym=clean(cell.get("Acronym")),
        brief_summary=clean(cell.get("Brief Summary")),
        overall_status=clean(cell.get("Study Status")),
        study_type=clean(cell.get("Study Type")),
        phase=clean(cell.get("Phases", "").replace("|", "/")),
        enrollment=int_from_text(cell.get("Enrollment")),
        sex=clean(cell.get("Sex")),
        lead_sponsor=clean(cell.get("Sponsor")),
        start_date=clean(cell.get("Start Date")),
        completion_date=clean(cell.get("Completion Date")),
        last_update_posted=clean(cell.get("Last Update Posted")),
        conditions=_split(cell.get("Conditions")),
        interventions=parse_interventions(cell.get("Interventions", "")),
    )
    for column, kind in OUTCOME_COLUMNS:
        record.endpoints += outcome_field_endpoints(cell.get(column, ""), kind)
    _read_design(record, cell.get("Study Design", ""))
    record.sites = [_site(item) for item in _split(cell.get("Locations"))]
    return record


def _split(value: str | None) -> list[str]:
    """Split a ``|``-joined cell."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_design(record: TrialRecord, value: str) -> None:
    """Read ``Allocation: NA|Intervention Model: SINGLE_GROUP|…``."""
    for part in _split(value):
        key, _, setting = part.partition(":")
        field = DESIGN_KEYS.get(key.strip())
        if field:
            setattr(record, field, clean(setting))


def _site(value: str) -> Site:
    """Read ``Facility, City, State, Zip, Country`` (fewer parts when the registry has fewer)."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) >= 5:
        return Site(", ".join(parts[:-4]), parts[-4] or None, parts[-3] or None, parts[-1] or None)
    if len(parts) == 4:
        return Site(parts[0] or None, parts[1] or None, parts[2] or None, parts[3] or None)
    if len(parts) == 3:
        return Site(parts[0] or None, parts[1] or None, None, parts[2] or None)
    return Site(value.strip() or None)
