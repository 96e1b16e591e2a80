"""Turn one parsed record into typed rows for every trial table, normalising as it goes.

Pure: the normalisers read the text (doses, endpoint categories, time frames in days,
criterion categories and thresholds); nothing here touches the warehouse.
"""

from __future__ import annotations

from dataclasses import fields

from tasks.identity import prose_references
from tasks.normalize.criteria import categorize_criterion, extract_thresholds
from tasks.normalize.doses import NO_DOSE, parse_dose
from tasks.normalize.endpoints import classify_endpoint
from tasks.normalize.thresholds import Threshold
from tasks.normalize.time_frames import parse_time_frame
from tasks.normalize.units import to_canonical
from tasks.parsers.records import Arm, Criterion, Endpoint, Intervention, TrialRecord
from tasks.parsers.text import date_value
from tasks.rows.row_types import ROW_TYPES, Row, TrialRow

# The ``trial`` columns copied from the record as they are (every other column is derived).
RECORD_COLUMNS = tuple(f.name for f in fields(TrialRow) if f.name in {g.name for g in fields(TrialRecord)})
# Each table's columns in order: the fields of its row type.
ROW_FIELDS: dict[str, tuple[str, ...]] = {table: tuple(f.name for f in fields(t)) for table, t in ROW_TYPES.items()}
TRIAL_FIELDS = ROW_FIELDS["trial"]
Values = tuple  # one row's column values, in the order of its table's columns (ROW_FIELDS)


def record_rows(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> dict[str, list[Row]]:
    """Flatten one record into rows for every trial table (child rows numbered from 1 per table)."""
    return {
        table: [ROW_TYPES[table](**dict(zip(ROW_FIELDS[table], values, strict=True))) for values in rows]
        for table, rows in record_values(record, trial_id, source_format, document_id).items()
    }


def record_values(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> dict[str, list[Values]]:
    """The rows of :func:`record_rows` as tuples of their column values, in column order.

    The frames are built from these: a tuple is made in one step and a table's tuples turn
    into its columns with one ``zip``, where a row object set and then read back field by
    field cost a fifth of a worker's time.
    """
    return {
        "trial": [trial_values(record, trial_id, source_format, document_id)],
        "condition": [(trial_id, n, name) for n, name in enumerate(record.conditions, 1)],
        "intervention": [_intervention_values(trial_id, n, i) for n, i in enumerate(record.interventions, 1)],
        "arm": [_arm_values(trial_id, n, a, record) for n, a in enumerate(record.arms, 1)],
        "endpoint": [_endpoint_values(trial_id, n, e) for n, e in enumerate(record.endpoints, 1)],
        "criterion": [_criterion_values(trial_id, n, c) for n, c in enumerate(record.criteria, 1)],
        "site": [(trial_id, n, s.facility, s.city, s.state, s.country) for n, s in enumerate(record.sites, 1)],
        "criterion_threshold": threshold_values(record, trial_id),
        "parse_warning": [(trial_id, n, document_id, w.section, w.message) for n, w in enumerate(record.warnings, 1)],
        "trial_reference": [
            (trial_id, n, registry_id, context, document_id)
            for n, (registry_id, context) in enumerate(prose_references(record), 1)
        ],
    }


def trial_values(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> Values:
    """The record's own fields, where it came from, and its dates read as dates (a ``trial`` row)."""
    named = {name: getattr(record, name) for name in RECORD_COLUMNS}
    named.update(
        trial_id=trial_id,
        source_format=source_format,
        document_id=document_id,
        start_date_value=date_value(record.start_date),
        completion_date_value=date_value(record.completion_date),
        last_update_posted_value=date_value(record.last_update_posted),
    )
    return tuple(named[name] for name in TRIAL_FIELDS)


def _intervention_values(trial_id: str, ordinal: int, intervention: Intervention) -> Values:
    """An intervention with the labels of the arms that receive it."""
    i = intervention
    return (trial_id, ordinal, i.intervention_type, i.name, i.description, list(i.arm_labels))


def _criterion_values(trial_id: str, ordinal: int, criterion: Criterion) -> Values:
    """An eligibility item with its category."""
    text = criterion.text
    return (trial_id, ordinal, criterion.kind, text, criterion.parent, categorize_criterion(text))


def threshold_values(record: TrialRecord, trial_id: str) -> list[Values]:
    """The numeric or ordinal limits of every criterion, keyed by the criterion's position."""
    limits = [
        (position, threshold)
        for position, criterion in enumerate(record.criteria, start=1)
        for threshold in extract_thresholds(criterion.text)
    ]
    return [_threshold_values(trial_id, n, position, threshold) for n, (position, threshold) in enumerate(limits, 1)]


def _threshold_values(trial_id: str, ordinal: int, criterion_ordinal: int, threshold: Threshold) -> Values:
    """A threshold with its value in the canonical unit, where one exists."""
    t = threshold
    canonical_value, canonical_unit = to_canonical(t.variable, t.value, t.unit)
    return (
        trial_id,
        ordinal,
        criterion_ordinal,
        t.variable,
        t.comparator,
        t.value,
        t.unit,
        t.window_days,
        t.anchor_event,
        canonical_value,
        canonical_unit,
        t.event_category,
    )


def _endpoint_values(trial_id: str, ordinal: int, endpoint: Endpoint) -> Values:
    """An endpoint with its domain, categories and time frame in days."""
    kind = classify_endpoint(endpoint.measure, endpoint.description)
    frame = parse_time_frame(endpoint.time_frame)
    return (
        trial_id,
        ordinal,
        endpoint.kind,
        endpoint.measure,
        endpoint.description,
        endpoint.time_frame,
        kind.domain,
        list(kind.categories),
        frame.horizon_days,
        list(frame.timepoints_days) or None,
        frame.anchor,
    )


def _arm_values(trial_id: str, ordinal: int, arm: Arm, record: TrialRecord) -> Values:
    """An arm with its dose, read from its description, else from its interventions' descriptions."""
    dose = parse_dose(arm.description)
    if dose == NO_DOSE:
        texts = [i.description for i in record.interventions if i.name in arm.intervention_names and i.description]
        dose = parse_dose(" ".join(texts)) if texts else NO_DOSE
    return (
        trial_id,
        ordinal,
        arm.label,
        arm.arm_type,
        arm.description,
        list(arm.intervention_names),
        dose.value,
        dose.unit,
        dose.minimum,
        dose.maximum,
    )
