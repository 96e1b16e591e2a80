"""Split a file's text into its records.

A file holds one study JSON, an API page, a JSON array, JSON lines, an API v1
``FullStudiesResponse``, a CSV download, or the classic site's TSV download. Text layouts are one record per file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from tasks.parsers import ctgov_csv, ctgov_tsv, ctgov_v1
from tasks.parsers.records import ParseError

NO_STUDIES = "unrecognized format (JSON without ClinicalTrials.gov studies)"
OTHER_TABLE = "unrecognized format (a table whose columns are not a ClinicalTrials.gov download's)"
# A header row of column names (three or more, no spaces: "trial_id,ordinal,kind"), as a
# spreadsheet or this warehouse's own export writes it. No title or page opens so, and read as
# text such a table became a flat export titled by its header, or a MedPath page when a cell
# held one.
_COLUMN = r'"?[A-Za-z_][\w.-]*"?'
_OTHER_TABLE = re.compile(rf"\A\ufeff?{_COLUMN}(?P<cut>[,;\t]){_COLUMN}(?:(?P=cut){_COLUMN})+\r?\n")
# JSON opens with a bracket followed by a value or a key; a title such as "[18F]FDG PET …" or
# "[Phase 2] …" does not, and is read as text.
_JSON_START = re.compile(r'^\ufeff?\s*(?:\{\s*["}]|\[\s*[\[{"\]])')


@dataclass(frozen=True)
class Record:
    """One record of a container file; ``index`` is ``None`` for a one-record file."""

    index: int | None
    format: str | None
    raw: str
    payload: Any = None


def split_records(text: str) -> list[Record]:
    """Split ``text`` into records.

    Returns:
        One :class:`Record` per study or row; a plain text document is one record
        with no format (its layout is detected by the parsers).

    Raises:
        ParseError: for JSON that is invalid or holds no ClinicalTrials.gov study.
    """
    if _JSON_START.match(text):
        return _json_records(text)
    if ctgov_csv.detect(text):
        return _csv_records(text)
    if ctgov_tsv.detect(text):
        return _tsv_records(text)
    other_table = _OTHER_TABLE.match(text)
    if other_table:
        raise ParseError(f"{OTHER_TABLE}: {other_table.group(0).lstrip(chr(0xFEFF)).rstrip()[:80]}")
    return [Record(None, None, text)]


def _json_records(text: str) -> list[Record]:
    """Records of a JSON document (single study, page, array or JSON lines)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ParseError("JSON nested too deeply") from None
    except ValueError as error:
        if "Extra data" not in str(error):
            raise ParseError(f"invalid JSON: {error}") from None
        return _json_lines(text)
    if isinstance(data, dict) and "protocolSection" in data:
        return [Record(None, "ctgov_json", text, data)]
    v1_studies = ctgov_v1.studies(data)
    if v1_studies:
        return _v1_records(text, v1_studies)
    if isinstance(data, dict) and isinstance(data.get("studies"), list):
        studies = data["studies"]
    elif isinstance(data, list):
        studies = data
    else:
        raise ParseError(NO_STUDIES)
    if studies and not any(isinstance(s, dict) and "protocolSection" in s for s in studies):
        raise ParseError(NO_STUDIES)  # a list of other objects (API metadata, receipts) holds no trial
    return [Record(i, "ctgov_json", _dump(study), study) for i, study in enumerate(studies)]


def _v1_records(text: str, studies: list) -> list[Record]:
    """Records of an API v1 response: the file itself when it holds one study, else one per study."""
    if len(studies) == 1:
        return [Record(None, ctgov_v1.FORMAT, text, studies[0])]
    return [Record(i, ctgov_v1.FORMAT, _dump(study), study) for i, study in enumerate(studies)]


def _json_lines(text: str) -> list[Record]:
    """Records of a JSON-lines file (one study per line)."""
    records = []
    for line in (line for line in text.splitlines() if line.strip()):
        try:
            study = json.loads(line)
        except ValueError as error:
            raise ParseError(f"invalid JSON line {len(records) + 1}: {error}") from None
        records.append(Record(len(records), "ctgov_json", line.strip(), study))
    return records


def _csv_records(text: str) -> list[Record]:
    """Records of a CSV download: each row, re-serialised with the header for the raw store.

    Rows are written comma-separated whatever the file's delimiter, so that one study reads
    the same (and hashes the same) from the download and from a spreadsheet's copy of it.
    """
    header, found = ctgov_csv.read(text)
    records = []
    for index, row in enumerate(found):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerow([row.get(h, "") for h in header] + list(row.get(None) or []))
        records.append(Record(index, "ctgov_csv", buffer.getvalue(), row))
    return records


def _tsv_records(text: str) -> list[Record]:
    """Records of the classic site's TSV download: each row with the header line, for the raw store."""
    header = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    records = []
    for index, row in enumerate(ctgov_tsv.rows(text)):
        cells = [row.get(h, "") or "" for h in header.split("\t")]
        records.append(Record(index, ctgov_tsv.FORMAT, header + "\n" + "\t".join(cells) + "\n", row))
    return records


def _dump(study: Any) -> str:
    """Canonical JSON text of one study (for hashing and the raw store)."""
    return json.dumps(study, ensure_ascii=False, separators=(",", ":"))
