"""One Pandera model per warehouse table, mirroring ``warehouse/ddl``, grouped by what the tables hold.

The models are declared in :mod:`schemas.trial_tables` and :mod:`schemas.bookkeeping_tables`;
this module names them by table. ``tests/test_schema_contract.py`` compares every model with
the DuckDB table the DDL creates (names, order and types), so the two cannot drift apart.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.bookkeeping_tables import (
    BackfillWindowTable,
    FileStatTable,
    LoadRunTable,
    MatchBlockTable,
    RawDocumentTable,
    RejectedDocumentTable,
    SourceDocumentTable,
    SyncStateTable,
)
from schemas.table_names import (
    BOOKKEEPING_TABLE_NAMES,
    CHILD_TABLE_NAMES,
    MATCH_TABLE_NAMES,
    MERGE_TABLE_NAMES,
    TRIAL_TABLE_NAMES,
)
from schemas.trial_tables import (
    ArmTable,
    ConditionTable,
    CriterionTable,
    CriterionThresholdTable,
    EndpointTable,
    InterventionTable,
    ParseWarningTable,
    SiteTable,
    SourceConflictTable,
    TrialProvenanceTable,
    TrialReferenceTable,
    TrialTable,
)

_MODELS: dict[str, type[pa.DataFrameModel]] = {
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
    "trial_provenance": TrialProvenanceTable,
    "source_conflict": SourceConflictTable,
    "match_block": MatchBlockTable,
    "source_document": SourceDocumentTable,
    "load_run": LoadRunTable,
    "rejected_document": RejectedDocumentTable,
    "raw_document": RawDocumentTable,
    "sync_state": SyncStateTable,
    "backfill_window": BackfillWindowTable,
    "file_stat": FileStatTable,
}
# Each group in the order of :mod:`schemas.table_names`, which says which table is in which.
TRIAL_TABLES = {t: _MODELS[t] for t in TRIAL_TABLE_NAMES}
CHILD_TABLES: list[str] = list(CHILD_TABLE_NAMES)
MERGE_TABLES = {t: _MODELS[t] for t in MERGE_TABLE_NAMES}
MATCH_TABLES = {t: _MODELS[t] for t in MATCH_TABLE_NAMES}
BOOKKEEPING_TABLES = {t: _MODELS[t] for t in BOOKKEEPING_TABLE_NAMES}
ALL_TABLES = {**TRIAL_TABLES, **MERGE_TABLES, **MATCH_TABLES, **BOOKKEEPING_TABLES}
