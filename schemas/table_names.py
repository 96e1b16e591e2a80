"""The warehouse's tables by name, grouped by what they hold: the one list of them.

:mod:`schemas.tables` pairs each name with its Pandera model. Code that only names tables
(row counts, the invariants' checks) reads them here, and so a run that validates nothing (a
rerun over unchanged files) never imports Pandera and pandas for them.
"""

from __future__ import annotations

# The tables a trial record becomes, in load order; each validated per batch.
TRIAL_TABLE_NAMES = (
    "trial",
    "condition",
    "intervention",
    "arm",
    "endpoint",
    "criterion",
    "site",
    "criterion_threshold",
    "parse_warning",
    "trial_reference",
)
# The trial tables keyed by ``(trial_id, ordinal)``: every one but ``trial``.
CHILD_TABLE_NAMES = tuple(t for t in TRIAL_TABLE_NAMES if t != "trial")
# Written per trial by the merge of its sources (see tasks.identity), beside the trial tables.
MERGE_TABLE_NAMES = ("trial_provenance", "source_conflict")
# Written per trial with its rows: the blocks matching looks the trial up in (see tasks.match_store).
MATCH_TABLE_NAMES = ("match_block",)
BOOKKEEPING_TABLE_NAMES = (
    "source_document",
    "load_run",
    "rejected_document",
    "raw_document",
    "sync_state",
    "backfill_window",
    "file_stat",
)
