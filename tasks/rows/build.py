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
from tasks.rows.row_types import (
    ArmRow,
    ConditionRow,
    CriterionRow,
    CriterionThresholdRow,
    EndpointRow,
    InterventionRow,
    ParseWarningRow,
    Row,
    SiteRow,
    TrialReferenceRow,
    TrialRow,
)

# The ``trial`` columns copied from the record as they are (every other column is derived).
RECORD_COLUMNS = tuple(f.name for f in fields(TrialRow) if f.name in {g.name for g in fields(TrialRecord)})


def record_rows(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> dict[str, list[Row]]:
    """Flatten one record into rows for every trial table (child rows numbered from 1 per table)."""
    key = {"trial_id": trial_id}
    return {
        "trial": [trial_row(record, trial_id, source_format, document_id)],
        "condition": [ConditionRow(**key, ordinal=n, name=name) for n, name in enumerate(record.conditions, 1)],
        "intervention": [_intervention_row(trial_id, n, i) for n, i in enumerate(record.interventions, 1)],
        "arm": [_arm_row(trial_id, n, a, record) for n, a in enumerate(record.arms, 1)],
        "endpoint": [_endpoint_row(trial_id, n, e) for n, e in enumerate(record.endpoints, 1)],
        "criterion": [_criterion_row(trial_id, n, c) for n, c in enumerate(record.criteria, 1)],
        "site": [
            SiteRow(**key, ordinal=n, facility=s.facility, city=s.city, state=s.state, country=s.country)
            for n, s in enumerate(record.sites, 1)
        ],
        "criterion_threshold": threshold_rows(record, trial_id),
        "parse_warning": [
            ParseWarningRow(**key, ordinal=n, document_id=document_id, section=w.section, message=w.message)
            for n, w in enumerate(record.warnings, 1)
        ],
        "trial_reference": [
            TrialReferenceRow(**key, ordinal=n, registry_id=registry_id, context=context, document_id=document_id)
            for n, (registry_id, context) in enumerate(prose_references(record), 1)
        ],
    }


def trial_row(record: TrialRecord, trial_id: str, source_format: str, document_id: str) -> TrialRow:
    """The record's own fields, where it came from, and its dates read as dates."""
    return TrialRow(
        **{name: getattr(record, name) for name in RECORD_COLUMNS},
        trial_id=trial_id,
        source_format=source_format,
        document_id=document_id,
        start_date_value=date_value(record.start_date),
        completion_date_value=date_value(record.completion_date),
        last_update_posted_value=date_value(record.last_update_posted),
    )


def _intervention_row(trial_id: str, ordinal: int, intervention: Intervention) -> InterventionRow:
    """An intervention with the labels of the arms that receive it."""
    return InterventionRow(
        trial_id=trial_id,
        ordinal=ordinal,
        intervention_type=intervention.intervention_type,
        name=intervention.name,
        description=intervention.description,
        arm_labels=list(intervention.arm_labels),
    )


def _criterion_row(trial_id: str, ordinal: int, criterion: Criterion) -> CriterionRow:
    """An eligibility item with its category."""
    return CriterionRow(
        trial_id=trial_id,
        ordinal=ordinal,
        kind=criterion.kind,
        text=criterion.text,
        parent_ordinal=criterion.parent,
        category=categorize_criterion(criterion.text),
    )


def threshold_rows(record: TrialRecord, trial_id: str) -> list[CriterionThresholdRow]:
    """The numeric or ordinal limits of every criterion, keyed by the criterion's position."""
    limits = [
        (position, threshold)
        for position, criterion in enumerate(record.criteria, start=1)
        for threshold in extract_thresholds(criterion.text)
    ]
    return [_threshold_row(trial_id, n, position, threshold) for n, (position, threshold) in enumerate(limits, 1)]


def _threshold_row(trial_id: str, ordinal: int, criterion_ordinal: int, threshold: Threshold) -> CriterionThresholdRow:
    """A threshold with its value in the canonical unit, where one exists."""
    canonical_value, canonical_unit = to_canonical(threshold.variable, threshold.value, threshold.unit)
    return CriterionThresholdRow(
        trial_id=trial_id,
        ordinal=ordinal,
        criterion_ordinal=criterion_ordinal,
        variable=threshold.variable,
        comparator=threshold.comparator,
        value=threshold.value,
        unit=threshold.unit,
        window_days=threshold.window_days,
        anchor_event=threshold.anchor_event,
        canonical_value=canonical_value,
        canonical_unit=canonical_unit,
        event_category=threshold.event_category,
    )


def _endpoint_row(trial_id: str, ordinal: int, endpoint: Endpoint) -> EndpointRow:
    """An endpoint with its domain, categories and time frame in days."""
    kind = classify_endpoint(endpoint.measure, endpoint.description)
    frame = parse_time_frame(endpoint.time_frame)
    return EndpointRow(
        trial_id=trial_id,
        ordinal=ordinal,
        kind=endpoint.kind,
        measure=endpoint.measure,
        description=endpoint.description,
        time_frame=endpoint.time_frame,
        domain=kind.domain,
        categories=list(kind.categories),
        horizon_days=frame.horizon_days,
        timepoints_days=list(frame.timepoints_days) or None,
        time_anchor=frame.anchor,
    )


def _arm_row(trial_id: str, ordinal: int, arm: Arm, record: TrialRecord) -> ArmRow:
    """An arm with its dose, read from its description, else from its interventions' descriptions."""
    dose = parse_dose(arm.description)
    if dose == NO_DOSE:
        texts = [i.description for i in record.interventions if i.name in arm.intervention_names and i.description]
        dose = parse_dose(" ".join(texts)) if texts else NO_DOSE
    return ArmRow(
        trial_id=trial_id,
        ordinal=ordinal,
        label=arm.label,
        arm_type=arm.arm_type,
        description=arm.description,
        intervention_names=list(arm.intervention_names),
        dose_value=dose.value,
        dose_unit=dose.unit,
        dose_min=dose.minimum,
        dose_max=dose.maximum,
    )
