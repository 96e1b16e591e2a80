"""One typed row per trial table: the fields of each are the columns of its Pandera model, in order.

``tests/test_rows.py`` checks every row type against its model (names, order, Python type of each
column's dtype, and ``None`` exactly where the column is nullable), so a column added to a model
and not here, or here and not there, fails the test.

Rows are slotted dataclasses and not frozen: a frozen dataclass sets every field through
``object.__setattr__``, which slows building measurably. The frames are built from the same values
as plain tuples in this field order (:func:`tasks.rows.build.record_values`), not from row objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(slots=True, kw_only=True)
class TrialRow:
    """A ``trial`` row: the record's fields, its source and its dates read as dates."""

    trial_id: str
    registry_id: str | None
    title: str | None
    official_title: str | None
    acronym: str | None
    brief_summary: str | None
    detailed_description: str | None
    phase: str | None
    overall_status: str | None
    study_type: str | None
    enrollment: int | None
    sex: str | None
    minimum_age: str | None
    maximum_age: str | None
    lead_sponsor: str | None
    allocation: str | None
    intervention_model: str | None
    masking: str | None
    primary_purpose: str | None
    start_date: str | None
    completion_date: str | None
    last_update_posted: str | None
    source_format: str
    document_id: str
    start_date_value: date | None
    completion_date_value: date | None
    last_update_posted_value: date | None


@dataclass(slots=True, kw_only=True)
class ChildRow:
    """The key every child row of a trial starts with: the trial and the row's 1-based position."""

    trial_id: str
    ordinal: int


@dataclass(slots=True, kw_only=True)
class ConditionRow(ChildRow):
    """A ``condition`` row."""

    name: str


@dataclass(slots=True, kw_only=True)
class InterventionRow(ChildRow):
    """An ``intervention`` row."""

    intervention_type: str | None
    name: str
    description: str | None
    arm_labels: list[str] | None


@dataclass(slots=True, kw_only=True)
class ArmRow(ChildRow):
    """An ``arm`` row, with the dose read from its text."""

    label: str
    arm_type: str | None
    description: str | None
    intervention_names: list[str] | None
    dose_value: float | None
    dose_unit: str | None
    dose_min: float | None
    dose_max: float | None


@dataclass(slots=True, kw_only=True)
class EndpointRow(ChildRow):
    """An ``endpoint`` row, with its domain, categories and time frame in days."""

    kind: str
    measure: str
    description: str | None
    time_frame: str | None
    domain: str | None
    categories: list[str] | None
    horizon_days: float | None
    timepoints_days: list[float] | None
    time_anchor: str | None


@dataclass(slots=True, kw_only=True)
class CriterionRow(ChildRow):
    """A ``criterion`` row; ``parent_ordinal`` is the ordinal of the item it is nested in."""

    kind: str
    text: str
    parent_ordinal: int | None
    category: str | None


@dataclass(slots=True, kw_only=True)
class SiteRow(ChildRow):
    """A ``site`` row."""

    facility: str | None
    city: str | None
    state: str | None
    country: str | None


@dataclass(slots=True, kw_only=True)
class CriterionThresholdRow(ChildRow):
    """A ``criterion_threshold`` row: one limit of the criterion at ``criterion_ordinal``."""

    criterion_ordinal: int
    variable: str
    comparator: str
    value: float
    unit: str | None
    window_days: float | None
    anchor_event: str | None
    canonical_value: float | None
    canonical_unit: str | None
    event_category: str | None


@dataclass(slots=True, kw_only=True)
class ParseWarningRow(ChildRow):
    """A ``parse_warning`` row."""

    document_id: str
    section: str
    message: str


@dataclass(slots=True, kw_only=True)
class TrialReferenceRow(ChildRow):
    """A ``trial_reference`` row: a registry id the document mentions in prose."""

    registry_id: str
    context: str | None
    document_id: str


Row = TrialRow | ChildRow

# The row type of each trial table, in the order of ``schemas.tables.TRIAL_TABLES``.
ROW_TYPES: dict[str, type[Row]] = {
    "trial": TrialRow,
    "condition": ConditionRow,
    "intervention": InterventionRow,
    "arm": ArmRow,
    "endpoint": EndpointRow,
    "criterion": CriterionRow,
    "site": SiteRow,
    "criterion_threshold": CriterionThresholdRow,
    "parse_warning": ParseWarningRow,
    "trial_reference": TrialReferenceRow,
}
