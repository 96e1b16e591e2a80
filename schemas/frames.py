"""Turn parsed documents into per-table DataFrames and validate them with Pandera.

Validation is lazy and per batch: every failing cell is collected, the documents
that own a failing row are rejected whole (with the failure cases as details),
and the rows of every other document go on to the load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.errors

from schemas.tables import TRIAL_TABLES
from tasks.parsers.records import ParsedDocument, TrialRecord
from tasks.parsers.text import date_value

_INT_COLUMNS = {"ordinal", "enrollment", "parent_ordinal"}
_LIST_COLUMNS = {"arm_labels", "intervention_names"}
_DATE_COLUMNS = {"start_date_value", "completion_date_value", "last_update_posted_value"}
MAX_DETAIL_CHARS = 4000


@dataclass
class ValidatedBatch:
    """Valid rows per table plus the documents refused by validation."""

    frames: dict[str, pd.DataFrame]
    accepted: list[ParsedDocument]
    rejected: list[ParsedDocument]


def record_rows(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> dict[str, list[dict]]:
    """Flatten one record into rows for every trial table."""
    trial = {name: getattr(record, name, None) for name in TRIAL_TABLES["trial"].to_schema().columns}
    trial.update(trial_id=trial_id, source_format=source_format, document_id=document_id)
    for column in ("start_date", "completion_date", "last_update_posted"):
        trial[f"{column}_value"] = date_value(getattr(record, column))
    rows: dict[str, list[dict]] = {"trial": [trial]}
    rows["condition"] = [{"name": name} for name in record.conditions]
    rows["intervention"] = [
        {
            "intervention_type": i.intervention_type,
            "name": i.name,
            "description": i.description,
            "arm_labels": list(i.arm_labels),
        }
        for i in record.interventions
    ]
    rows["arm"] = [
        {
            "label": a.label,
            "arm_type": a.arm_type,
            "description": a.description,
            "intervention_names": list(a.intervention_names),
        }
        for a in record.arms
    ]
    rows["endpoint"] = [
        {"kind": e.kind, "measure": e.measure, "description": e.description, "time_frame": e.time_frame}
        for e in record.endpoints
    ]
    rows["criterion"] = [{"kind": c.kind, "text": c.text, "parent_ordinal": c.parent} for c in record.criteria]
    rows["site"] = [
        {"facility": s.facility, "city": s.city, "state": s.state, "country": s.country} for s in record.sites
    ]
    for table, table_rows in rows.items():
        if table != "trial":
            for ordinal, row in enumerate(table_rows, start=1):
                row["trial_id"], row["ordinal"] = trial_id, ordinal
    return rows


def build_frames(documents: Iterable[ParsedDocument]) -> tuple[dict[str, pd.DataFrame], dict[str, list[int]]]:
    """Build one DataFrame per trial table and, per table, the owning document of each row."""
    columns = {t: list(m.to_schema().columns) for t, m in TRIAL_TABLES.items()}
    rows: dict[str, list[dict]] = {t: [] for t in TRIAL_TABLES}
    owners: dict[str, list[int]] = {t: [] for t in TRIAL_TABLES}
    for position, document in enumerate(documents):
        assert document.record is not None and document.format is not None
        per_table = record_rows(document.record, document.trial_id, document.format, document.source.document_id)
        for table, table_rows in per_table.items():
            rows[table] += table_rows
            owners[table] += [position] * len(table_rows)
    frames = {t: _frame(rows[t], columns[t]) for t in TRIAL_TABLES}
    return frames, owners


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Make a DataFrame with the warehouse's column types."""
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in _INT_COLUMNS:
            data[column] = pd.array(values, dtype="Int64")
        elif column in _DATE_COLUMNS:
            data[column] = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
        elif column in _LIST_COLUMNS:
            data[column] = pd.Series(values, dtype=object)
        else:
            data[column] = pd.array(values, dtype="string[pyarrow]")
    return pd.DataFrame(data, columns=columns)


def validate_documents(documents: list[ParsedDocument]) -> ValidatedBatch:
    """Validate the rows of ``documents``; reject whole documents with failing rows.

    Two documents of one batch that describe the same trial are resolved before
    this step (the later one wins), so a trial appears once per batch.
    """
    frames, owners = build_frames(documents)
    failures: dict[int, list[str]] = {}
    for table, model in TRIAL_TABLES.items():
        try:
            model.validate(frames[table], lazy=True)
        except pandera.errors.SchemaErrors as error:
            for position, message in _failing_owners(error.failure_cases, owners[table], table):
                failures.setdefault(position, []).append(message)
    accepted = [d for i, d in enumerate(documents) if i not in failures]
    rejected = [
        ParsedDocument(d.source, d.format, None, "failed validation", "; ".join(failures[i])[:MAX_DETAIL_CHARS])
        for i, d in enumerate(documents)
        if i in failures
    ]
    keep = {t: [failures.get(o) is None for o in owners[t]] for t in TRIAL_TABLES}
    valid = {t: frames[t][keep[t]].reset_index(drop=True) for t in TRIAL_TABLES}
    return ValidatedBatch(valid, accepted, rejected)


def _failing_owners(cases: pd.DataFrame, owners: list[int], table: str) -> list[tuple[int, str]]:
    """Map Pandera failure cases to ``(document position, message)``."""
    found = []
    for case in cases.itertuples(index=False):
        index = getattr(case, "index", None)
        message = f"{table}.{case.column}: {case.check} (value {case.failure_case!r})"
        if index is None or pd.isna(index):
            found += [(o, message) for o in set(owners)]  # a table-wide failure
        else:
            found.append((owners[int(index)], message))
    return found
