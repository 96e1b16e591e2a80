"""The models of the bookkeeping tables: documents seen, runs, the raw store, sync and backfill state.

Declared by ``warehouse/ddl`` 001, 002, 003, 009, 010 and 012.
"""

from __future__ import annotations

import pandera.pandas as pa

from schemas.columns import Float, Int, Stamp, StrictTable, Text, hex_sha256, optional
from schemas.runs import DocumentStatus, RunStatus

DOCUMENT_STATUSES = tuple(status.value for status in DocumentStatus)
RUN_STATUSES = tuple(status.value for status in RunStatus)
WINDOW_STATUSES = (RunStatus.COMPLETED.value, RunStatus.FAILED.value)
MATCH_RULES = ("stated_id", "title", "summary", "content")
MATCH_BLOCK_KINDS = ("title", "summary")


class SourceDocumentTable(StrictTable):
    """``source_document``: every document ever seen and what became of it."""

    document_id: Text = pa.Field(unique=True)
    uri: Text
    format: Text = optional()
    sha256: Text = hex_sha256()
    parser_version: Text
    trial_id: Text = optional()
    status: Text = pa.Field(isin=DOCUMENT_STATUSES)
    first_seen_at: Stamp
    last_seen_at: Stamp
    loaded_at: Stamp = optional()
    error: Text = optional()
    file_uri: Text = optional()
    file_sha256: Text = optional()
    match_rule: Text = optional(isin=MATCH_RULES)
    match_score: Float = optional(ge=0, le=100)
    valid_from: Stamp = optional()


class FileStatTable(StrictTable):
    """``file_stat``: each file's sha256 with the stat it had when hashed (an unchanged stat is not read)."""

    file_uri: Text
    sha256: Text = hex_sha256()
    size: Int = pa.Field(ge=0)
    mtime_ns: Int
    ctime_ns: Int
    inode: Int
    recorded_at_ns: Int


class MatchBlockTable(StrictTable):
    """``match_block``: the blocks matching looks a trial up in (a word of a title, a summary's opening)."""

    trial_id: Text
    kind: Text = pa.Field(isin=MATCH_BLOCK_KINDS)
    block: Text
    ordinal: Int = pa.Field(ge=0)
    text: Text


class LoadRunTable(StrictTable):
    """``load_run``: one row per flow run that touched the warehouse."""

    run_id: Text = pa.Field(unique=True)
    flow_run_id: Text = optional()
    flow_name: Text = optional()
    started_at: Stamp
    finished_at: Stamp = optional()
    documents_seen: Int = pa.Field(ge=0)
    loaded: Int = pa.Field(ge=0)
    unchanged: Int = pa.Field(ge=0)
    rejected: Int = pa.Field(ge=0)
    superseded: Int = pa.Field(ge=0)
    status: Text = pa.Field(isin=RUN_STATUSES)


class RejectedDocumentTable(StrictTable):
    """``rejected_document``: why each rejected document was refused, per run."""

    run_id: Text
    document_id: Text
    uri: Text
    reason: Text
    details: Text = optional()


class RawDocumentTable(StrictTable):
    """``raw_document``: each document's last processed content, for reparsing without refetching."""

    document_id: Text = pa.Field(unique=True)
    uri: Text
    format: Text = optional()
    sha256: Text = hex_sha256()
    content: Text
    last_update_post_date: Text = optional()
    stored_at: Stamp


class SyncStateTable(StrictTable):
    """``sync_state``: per query, the end of the last fully committed sync window."""

    query_key: Text = pa.Field(unique=True)
    watermark: Stamp
    last_window_start: Stamp = optional()
    last_synced_at: Stamp
    studies_fetched: Int = pa.Field(ge=0)


class BackfillWindowTable(pa.DataFrameModel):
    """``backfill_window``: the outcome of each backfill window."""

    query_key: Text
    window_start: Stamp
    window_end: Stamp
    status: Text = pa.Field(isin=WINDOW_STATUSES)
    run_id: Text = optional()
    studies: Int = optional(ge=0)
    error: Text = optional()
    finished_at: Stamp

    class Config:
        """Only declared columns; one row per window."""

        strict = True
        unique = ["query_key", "window_start", "window_end"]
