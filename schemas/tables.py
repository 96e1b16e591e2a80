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
# The trial tables keyed by ``(trial_id, ordinal)``: every one but ``trial``.
CHILD_TABLES: list[str] = [t for t in TRIAL_TABLES if t != "trial"]
# Written per trial by the merge of its sources (see tasks.identity), beside the trial tables.
MERGE_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "trial_provenance": TrialProvenanceTable,
    "source_conflict": SourceConflictTable,
}
# Written per trial with its rows: the blocks matching looks the trial up in (see tasks.match_store).
MATCH_TABLES: dict[str, type[pa.DataFrameModel]] = {"match_block": MatchBlockTable}
BOOKKEEPING_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "source_document": SourceDocumentTable,
    "load_run": LoadRunTable,
    "rejected_document": RejectedDocumentTable,
    "raw_document": RawDocumentTable,
    "sync_state": SyncStateTable,
    "backfill_window": BackfillWindowTable,
    "file_stat": FileStatTable,
}
ALL_TABLES = {**TRIAL_TABLES, **MERGE_TABLES, **MATCH_TABLES, **BOOKKEEPING_TABLES}
