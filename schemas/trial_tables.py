"""The models of the tables a trial's documents become (``warehouse/ddl`` 001, 004, 008, 009).

The trial tables are rebuilt from the winning document of each trial; the merge tables record,
per trial, which document supplied what and where its sources disagree.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.columns import Float, Int, Lists, Stamp, StrictTable, Text, nonempty, optional
from schemas.vocabulary import (
    ARM_TYPES,
    CRITERION_CATEGORIES,
    DOMAINS,
    INTERVENTION_TYPES,
    SOURCE_FORMATS,
    STATUSES,
    STUDY_TYPES,
)

PHASE_VALUES = ("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA", "PHASE1/PHASE2", "PHASE2/PHASE3")
SEX_VALUES = ("ALL", "MALE", "FEMALE")
ENDPOINT_KINDS = ("primary", "secondary", "other", "unspecified")
CRITERION_KINDS = ("inclusion", "exclusion")
COMPARATORS = ("<", "<=", "=", ">=", ">")


class ChildTable(pa.DataFrameModel):
    """Columns every child of ``trial`` starts with."""

    trial_id: Text = nonempty()
    ordinal: Int = pa.Field(ge=1)

    class Config:
        """Lazy validation collects every failing cell; the key is unique."""

        strict = True
        coerce = False
        unique = ["trial_id", "ordinal"]


class TrialTable(StrictTable):
    """``trial``: one row per trial."""

    trial_id: Text = nonempty(unique=True)
    registry_id: Text = optional()
    title: Text = optional()
    official_title: Text = optional()
    acronym: Text = optional()
    brief_summary: Text = optional()
    detailed_description: Text = optional()
    phase: Text = optional(isin=PHASE_VALUES)
    overall_status: Text = optional(isin=STATUSES)
    study_type: Text = optional(isin=STUDY_TYPES)
    enrollment: Int = optional(ge=0)
    sex: Text = optional(isin=SEX_VALUES)
    minimum_age: Text = optional()
    maximum_age: Text = optional()
    lead_sponsor: Text = optional()
    allocation: Text = optional()
    intervention_model: Text = optional()
    masking: Text = optional()
    primary_purpose: Text = optional()
    start_date: Text = optional()
    completion_date: Text = optional()
    last_update_posted: Text = optional()
    source_format: Text = pa.Field(isin=SOURCE_FORMATS)
    document_id: Text = nonempty()
    start_date_value: Stamp = optional()
    completion_date_value: Stamp = optional()
    last_update_posted_value: Stamp = optional()


class ConditionTable(ChildTable):
    """``condition``: the conditions a trial studies."""

    name: Text = nonempty()


class InterventionTable(ChildTable):
    """``intervention``: what is given, with the arms that receive it."""

    intervention_type: Text = optional(isin=INTERVENTION_TYPES)
    name: Text = nonempty()
    description: Text = optional()
    arm_labels: Lists = optional()


class ArmTable(ChildTable):
    """``arm``: groups, with the names of the interventions they receive."""

    label: Text = nonempty()
    arm_type: Text = optional(isin=ARM_TYPES)
    description: Text = optional()
    intervention_names: Lists = optional()
    dose_value: Float = optional(ge=0)
    dose_unit: Text = optional()
    dose_min: Float = optional(ge=0)
    dose_max: Float = optional(ge=0)


class EndpointTable(ChildTable):
    """``endpoint``: outcome measures."""

    kind: Text = pa.Field(isin=ENDPOINT_KINDS)
    measure: Text = pa.Field(str_length={"min_value": 1, "max_value": 4000})
    description: Text = optional()
    time_frame: Text = optional(str_length={"max_value": 2000})
    domain: Text = optional(isin=DOMAINS)
    categories: Lists = optional()
    horizon_days: Float = optional()
    timepoints_days: Lists = optional()
    time_anchor: Text = optional()


class CriterionTable(ChildTable):
    """``criterion``: one eligibility item per row."""

    kind: Text = pa.Field(isin=CRITERION_KINDS)
    text: Text = nonempty()
    parent_ordinal: Int = optional(ge=1)
    category: Text = optional(isin=CRITERION_CATEGORIES)

    @pa.dataframe_check
    def parent_precedes_child(cls, frame: pd.DataFrame) -> Series[bool]:
        """A nested item's parent comes before it."""
        return frame["parent_ordinal"].isna() | (frame["parent_ordinal"] < frame["ordinal"])


class CriterionThresholdTable(ChildTable):
    """``criterion_threshold``: one numeric or ordinal limit of a criterion per row."""

    criterion_ordinal: Int = pa.Field(ge=1)
    variable: Text = nonempty()
    comparator: Text = pa.Field(isin=COMPARATORS)
    value: Float
    unit: Text = optional()
    window_days: Float = optional()
    anchor_event: Text = optional()
    canonical_value: Float = optional()
    canonical_unit: Text = optional()
    event_category: Text = optional()


class SiteTable(ChildTable):
    """``site``: trial locations."""

    facility: Text = optional()
    city: Text = optional()
    state: Text = optional()
    country: Text = optional()


class ParseWarningTable(ChildTable):
    """``parse_warning``: a section of a loaded document that could not be read."""

    document_id: Text = nonempty()
    section: Text = nonempty()
    message: Text = nonempty()


class TrialReferenceTable(ChildTable):
    """``trial_reference``: a registry id a trial's document mentions in prose, never its own."""

    registry_id: Text = nonempty()
    context: Text = optional()
    document_id: Text = nonempty()


class TrialProvenanceTable(StrictTable):
    """``trial_provenance``: the document that supplied each trial field and each child table."""

    trial_id: Text = nonempty()
    item: Text = nonempty()
    document_id: Text = nonempty()


class SourceConflictTable(StrictTable):
    """``source_conflict``: a field on which a trial's current sources disagree, one row per source."""

    trial_id: Text = nonempty()
    field: Text = nonempty()
    value: Text
    document_id: Text = nonempty()
