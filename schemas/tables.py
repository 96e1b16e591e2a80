"""One Pandera model per warehouse table, mirroring ``warehouse/ddl``.

``tests/test_schema_contract.py`` compares every model with the DuckDB table the
DDL creates (names, order and types), so the two cannot drift apart.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from tasks.normalize.criteria import CATEGORIES as CRITERION_CATEGORY_PATTERNS
from tasks.normalize.endpoints import DOMAINS
from tasks.parsers import FORMATS
from tasks.parsers.text import ARM_TYPES, INTERVENTION_TYPES, STATUSES, STUDY_TYPES

PHASE_VALUES = (
    "EARLY_PHASE1",
    "PHASE1",
    "PHASE2",
    "PHASE3",
    "PHASE4",
    "NA",
    "PHASE1/PHASE2",
    "PHASE2/PHASE3",
)
SEX_VALUES = ("ALL", "MALE", "FEMALE")
SOURCE_FORMATS = tuple(module.FORMAT for module in FORMATS)
ENDPOINT_KINDS = ("primary", "secondary", "other", "unspecified")
CRITERION_KINDS = ("inclusion", "exclusion")
DOCUMENT_STATUSES = ("loaded", "unchanged", "rejected", "superseded")
MATCH_RULES = ("stated_id", "title", "summary", "content")

CRITERION_CATEGORIES = (*(name for name, _ in CRITERION_CATEGORY_PATTERNS), "other")
COMPARATORS = ("<", "<=", "=", ">=", ">")

Text = Series[str]
OptionalInt = Series[pd.Int64Dtype]
OptionalFloat = Series[pd.Float64Dtype]


def _optional(**checks) -> pa.Field:
    """A nullable column with the given checks."""
    return pa.Field(nullable=True, **checks)


class StrictTable(pa.DataFrameModel):
    """A table that accepts only its declared columns."""

    class Config:
        """Only declared columns."""

        strict = True


class ChildTable(pa.DataFrameModel):
    """Columns every child of ``trial`` starts with."""

    trial_id: Text = pa.Field(str_length={"min_value": 1})
    ordinal: Series[pd.Int64Dtype] = pa.Field(ge=1)

    class Config:
        """Lazy validation collects every failing cell; the key is unique."""

        strict = True
        coerce = False
        unique = ["trial_id", "ordinal"]


class TrialTable(StrictTable):
    """``trial``: one row per trial."""

    trial_id: Text = pa.Field(unique=True, str_length={"min_value": 1})
    registry_id: Text = _optional()
    title: Text = _optional()
    official_title: Text = _optional()
    acronym: Text = _optional()
    brief_summary: Text = _optional()
    detailed_description: Text = _optional()
    phase: Text = _optional(isin=PHASE_VALUES)
    overall_status: Text = _optional(isin=STATUSES)
    study_type: Text = _optional(isin=STUDY_TYPES)
    enrollment: OptionalInt = _optional(ge=0)
    sex: Text = _optional(isin=SEX_VALUES)
    minimum_age: Text = _optional()
    maximum_age: Text = _optional()
    lead_sponsor: Text = _optional()
    allocation: Text = _optional()
    intervention_model: Text = _optional()
    masking: Text = _optional()
    primary_purpose: Text = _optional()
    start_date: Text = _optional()
    completion_date: Text = _optional()
    last_update_posted: Text = _optional()
    source_format: Text = pa.Field(isin=SOURCE_FORMATS)
    document_id: Text = pa.Field(str_length={"min_value": 1})
    start_date_value: Series[pd.Timestamp] = _optional()
    completion_date_value: Series[pd.Timestamp] = _optional()
    last_update_posted_value: Series[pd.Timestamp] = _optional()


class ConditionTable(ChildTable):
    """``condition``: the conditions a trial studies."""

    name: Text = pa.Field(str_length={"min_value": 1})


class InterventionTable(ChildTable):
    """``intervention``: what is given, with the arms that receive it."""

    intervention_type: Text = _optional(isin=INTERVENTION_TYPES)
    name: Text = pa.Field(str_length={"min_value": 1})
    description: Text = _optional()
    arm_labels: Series[object] = _optional()


class ArmTable(ChildTable):
    """``arm``: groups, with the names of the interventions they receive."""

    label: Text = pa.Field(str_length={"min_value": 1})
    arm_type: Text = _optional(isin=ARM_TYPES)
    description: Text = _optional()
    intervention_names: Series[object] = _optional()
    dose_value: OptionalFloat = _optional(ge=0)
    dose_unit: Text = _optional()
    dose_min: OptionalFloat = _optional(ge=0)
    dose_max: OptionalFloat = _optional(ge=0)


class EndpointTable(ChildTable):
    """``endpoint``: outcome measures."""

    kind: Text = pa.Field(isin=ENDPOINT_KINDS)
    measure: Text = pa.Field(str_length={"min_value": 1, "max_value": 4000})
    description: Text = _optional()
    time_frame: Text = _optional(str_length={"max_value": 2000})
    domain: Text = _optional(isin=DOMAINS)
    categories: Series[object] = _optional()
    horizon_days: OptionalFloat = _optional()
    timepoints_days: Series[object] = _optional()
    time_anchor: Text = _optional()


class CriterionTable(ChildTable):
    """``criterion``: one eligibility item per row."""

    kind: Text = pa.Field(isin=CRITERION_KINDS)
    text: Text = pa.Field(str_length={"min_value": 1})
    parent_ordinal: OptionalInt = _optional(ge=1)
    category: Text = _optional(isin=CRITERION_CATEGORIES)

    @pa.dataframe_check
    def parent_precedes_child(cls, frame: pd.DataFrame) -> Series[bool]:
        """A nested item's parent comes before it."""
        return frame["parent_ordinal"].isna() | (frame["parent_ordinal"] < frame["ordinal"])


class CriterionThresholdTable(ChildTable):
    """``criterion_threshold``: one numeric or ordinal limit of a criterion per row."""

    criterion_ordinal: Series[pd.Int64Dtype] = pa.Field(ge=1)
    variable: Text = pa.Field(str_length={"min_value": 1})
    comparator: Text = pa.Field(isin=COMPARATORS)
    value: Series[pd.Float64Dtype]
    unit: Text = _optional()
    window_days: OptionalFloat = _optional()
    anchor_event: Text = _optional()
    canonical_value: OptionalFloat = _optional()
    canonical_unit: Text = _optional()
    event_category: Text = _optional()


class SiteTable(ChildTable):
    """``site``: trial locations."""

    facility: Text = _optional()
    city: Text = _optional()
    state: Text = _optional()
    country: Text = _optional()


class ParseWarningTable(ChildTable):
    """``parse_warning``: a section of a loaded document that could not be read."""

    document_id: Text = pa.Field(str_length={"min_value": 1})
    section: Text = pa.Field(str_length={"min_value": 1})
    message: Text = pa.Field(str_length={"min_value": 1})


class TrialReferenceTable(ChildTable):
    """``trial_reference``: a registry id a trial's document mentions in prose, never its own."""

    registry_id: Text = pa.Field(str_length={"min_value": 1})
    context: Text = _optional()
    document_id: Text = pa.Field(str_length={"min_value": 1})


class TrialProvenanceTable(StrictTable):
    """``trial_provenance``: the document that supplied each trial field and each child table."""

    trial_id: Text = pa.Field(str_length={"min_value": 1})
    item: Text = pa.Field(str_length={"min_value": 1})
    document_id: Text = pa.Field(str_length={"min_value": 1})


class SourceConflictTable(StrictTable):
    """``source_conflict``: a field on which a trial's current sources disagree, one row per source."""

    trial_id: Text = pa.Field(str_length={"min_value": 1})
    field: Text = pa.Field(str_length={"min_value": 1})
    value: Text
    document_id: Text = pa.Field(str_length={"min_value": 1})


class SourceDocumentTable(StrictTable):
    """``source_document``: every document ever seen and what became of it."""

    document_id: Text = pa.Field(unique=True)
    uri: Text
    format: Text = _optional()
    sha256: Text = pa.Field(str_length={"min_value": 64, "max_value": 64})
    parser_version: Text
    trial_id: Text = _optional()
    status: Text = pa.Field(isin=DOCUMENT_STATUSES)
    first_seen_at: Series[pd.Timestamp]
    last_seen_at: Series[pd.Timestamp]
    loaded_at: Series[pd.Timestamp] = _optional()
    error: Text = _optional()
    file_uri: Text = _optional()
    file_sha256: Text = _optional()
    match_rule: Text = _optional(isin=MATCH_RULES)
    match_score: OptionalFloat = _optional(ge=0, le=100)
    valid_from: Series[pd.Timestamp] = _optional()


class FileStatTable(StrictTable):
    """``file_stat``: each file's sha256 with the stat it had when hashed (an unchanged stat is not read)."""

    file_uri: Text
    sha256: Text = pa.Field(str_length={"min_value": 64, "max_value": 64})
    size: Series[pd.Int64Dtype] = pa.Field(ge=0)
    mtime_ns: Series[pd.Int64Dtype]
    ctime_ns: Series[pd.Int64Dtype]
    inode: Series[pd.Int64Dtype]
    recorded_at_ns: Series[pd.Int64Dtype]


class LoadRunTable(StrictTable):
    """``load_run``: one row per flow run that touched the warehouse."""

    run_id: Text = pa.Field(unique=True)
    flow_run_id: Text = _optional()
    flow_name: Text = _optional()
    started_at: Series[pd.Timestamp]
    finished_at: Series[pd.Timestamp] = _optional()
    documents_seen: Series[pd.Int64Dtype] = pa.Field(ge=0)
    loaded: Series[pd.Int64Dtype] = pa.Field(ge=0)
    unchanged: Series[pd.Int64Dtype] = pa.Field(ge=0)
    rejected: Series[pd.Int64Dtype] = pa.Field(ge=0)
    superseded: Series[pd.Int64Dtype] = pa.Field(ge=0)
    status: Text


class RejectedDocumentTable(StrictTable):
    """``rejected_document``: why each rejected document was refused, per run."""

    run_id: Text
    document_id: Text
    uri: Text
    reason: Text
    details: Text = _optional()


class RawDocumentTable(StrictTable):
    """``raw_document``: each document's last processed content, for reparsing without refetching."""

    document_id: Text = pa.Field(unique=True)
    uri: Text
    format: Text = _optional()
    sha256: Text = pa.Field(str_length={"min_value": 64, "max_value": 64})
    content: Text
    last_update_post_date: Text = _optional()
    stored_at: Series[pd.Timestamp]


class SyncStateTable(StrictTable):
    """``sync_state``: per query, the end of the last fully committed sync window."""

    query_key: Text = pa.Field(unique=True)
    watermark: Series[pd.Timestamp]
    last_window_start: Series[pd.Timestamp] = _optional()
    last_synced_at: Series[pd.Timestamp]
    studies_fetched: Series[pd.Int64Dtype] = pa.Field(ge=0)


class BackfillWindowTable(pa.DataFrameModel):
    """``backfill_window``: the outcome of each backfill window."""

    query_key: Text
    window_start: Series[pd.Timestamp]
    window_end: Series[pd.Timestamp]
    status: Text = pa.Field(isin=("completed", "failed"))
    run_id: Text = _optional()
    studies: Series[pd.Int64Dtype] = _optional(ge=0)
    error: Text = _optional()
    finished_at: Series[pd.Timestamp]

    class Config:
        """Only declared columns; one row per window."""

        strict = True
        unique = ["query_key", "window_start", "window_end"]


# The tables a trial record becomes, in load order; each validated per batch.
TRIAL_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "trial": TrialTable,
    "condition": ConditionTable,
    "intervention": InterventionTable,
    "arm": ArmTable,
    "endpoint": EndpointTable,
    "criterion": CriterionTable,
    "site": SiteTable,
    "criterion_threshold": CriterionThresholdTable,
    "parse_warning": ParseWarningTable,
    "trial_reference": TrialReferenceTable,
}
# Written per trial by the merge of its sources (see tasks.identity), beside the trial tables.
MERGE_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "trial_provenance": TrialProvenanceTable,
    "source_conflict": SourceConflictTable,
}
BOOKKEEPING_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "source_document": SourceDocumentTable,
    "load_run": LoadRunTable,
    "rejected_document": RejectedDocumentTable,
    "raw_document": RawDocumentTable,
    "sync_state": SyncStateTable,
    "backfill_window": BackfillWindowTable,
    "file_stat": FileStatTable,
}
ALL_TABLES = {**TRIAL_TABLES, **MERGE_TABLES, **BOOKKEEPING_TABLES}
