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
from tasks.identity import prose_references
from tasks.normalize.criteria import categorize_criterion, extract_thresholds
from tasks.normalize.doses import NO_DOSE, parse_dose
from tasks.normalize.endpoints import classify_endpoint
from tasks.normalize.time_frames import parse_time_frame
from tasks.normalize.units import to_canonical
from tasks.parsers.records import Arm, ParsedDocument, TrialRecord
from tasks.parsers.text import date_value

_INT_COLUMNS = {"ordinal", "enrollment", "parent_ordinal", "criterion_ordinal"}
_FLOAT_COLUMNS = {"dose_value", "dose_min", "dose_max", "horizon_days", "value", "window_days", "canonical_value"}
_LIST_COLUMNS = {"arm_labels", "intervention_names", "categories", "timepoints_days"}
_DATE_COLUMNS = {"start_date_value", "completion_date_value", "last_update_posted_value"}
MAX_DETAIL_CHARS = 4000


@dataclass
class ValidatedBatch:
    """Valid rows per table plus the documents refused by validation.

    ``rejected_sources`` holds the documents as given, in the order of ``rejected``.
    """

    frames: dict[str, pd.DataFrame]
    accepted: list[ParsedDocument]
    rejected: list[ParsedDocument]
    rejected_sources: list[ParsedDocument]


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
    rows["arm"] = [_arm_row(a, record) for a in record.arms]
    rows["endpoint"] = [_endpoint_row(e) for e in record.endpoints]
    rows["criterion"] = [
        {"kind": c.kind, "text": c.text, "parent_ordinal": c.parent, "category": categorize_criterion(c.text)}
        for c in record.criteria
    ]
    rows["criterion_threshold"] = _threshold_rows(record)
    rows["site"] = [
        {"facility": s.facility, "city": s.city, "state": s.state, "country": s.country} for s in record.sites
    ]
    rows["parse_warning"] = [
        {"document_id": document_id, "section": w.section, "message": w.message} for w in record.warnings
    ]
    rows["trial_reference"] = [
        {"registry_id": registry_id, "context": context, "document_id": document_id}
        for registry_id, context in prose_references(record)
    ]
    for table, table_rows in rows.items():
        if table != "trial":
            for ordinal, row in enumerate(table_rows, start=1):
                row["trial_id"], row["ordinal"] = trial_id, ordinal
    return rows


def _threshold_rows(record: TrialRecord) -> list[dict]:
    """The numeric or ordinal limits of every criterion, keyed by the criterion's position."""
    return [
        _threshold_row(position, t)
        for position, c in enumerate(record.criteria, start=1)
        for t in extract_thresholds(c.text)
    ]


def _threshold_row(criterion_ordinal: int, threshold) -> dict:
    """A threshold with its value in the canonical unit, where one exists."""
    canonical_value, canonical_unit = to_canonical(threshold.variable, threshold.value, threshold.unit)
    return {
        "criterion_ordinal": criterion_ordinal,
        "variable": threshold.variable,
        "comparator": threshold.comparator,
        "value": threshold.value,
        "unit": threshold.unit,
        "window_days": threshold.window_days,
        "anchor_event": threshold.anchor_event,
        "canonical_value": canonical_value,
        "canonical_unit": canonical_unit,
        "event_category": threshold.event_category,
    }


def _endpoint_row(endpoint) -> dict:
    """An endpoint with its domain, categories and time frame in days."""
    kind = classify_endpoint(endpoint.measure, endpoint.description)
    frame = parse_time_frame(endpoint.time_frame)
    return {
        "kind": endpoint.kind,
        "measure": endpoint.measure,
        "description": endpoint.description,
        "time_frame": endpoint.time_frame,
        "domain": kind.domain,
        "categories": list(kind.categories),
        "horizon_days": frame.horizon_days,
        "timepoints_days": list(frame.timepoints_days) or None,
        "time_anchor": frame.anchor,
    }


def _arm_row(arm: Arm, record: TrialRecord) -> dict:
    """An arm with its dose, read from its description, else from its interventions' descriptions."""
    dose = parse_dose(arm.description)
    if dose == NO_DOSE:
        texts = [i.description for i in record.interventions if i.name in arm.intervention_names and i.description]
        dose = parse_dose(" ".join(texts)) if texts else NO_DOSE
    return {
        "label": arm.label,
        "arm_type": arm.arm_type,
        "description": arm.description,
        "intervention_names": list(arm.intervention_names),
        "dose_value": dose.value,
        "dose_unit": dose.unit,
        "dose_min": dose.minimum,
        "dose_max": dose.maximum,
    }


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
        elif column in _FLOAT_COLUMNS:
            data[column] = pd.array(values, dtype="Float64")
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
    if not failures:
        return ValidatedBatch(frames, accepted, rejected, [])
    # Row positions, not a boolean list: on a table without rows ``frame[[]]`` would select no columns.
    keep = {t: [row for row, o in enumerate(owners[t]) if o not in failures] for t in TRIAL_TABLES}
    valid = {t: frames[t].iloc[keep[t]].reset_index(drop=True) for t in TRIAL_TABLES}
    refused = [d for i, d in enumerate(documents) if i in failures]
    return ValidatedBatch(valid, accepted, rejected, refused)


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
