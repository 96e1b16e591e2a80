"""The write of a batch of documents, in one transaction.

A batch replaces the rows of every trial it touches (delete, then bulk insert
from DataFrames), records what became of each document, and logs rejections.
If anything fails, the transaction rolls back and the warehouse is as before.
The lookups that decide what a run skips are in :mod:`warehouse.fingerprints`;
the run log is in :mod:`warehouse.run_log`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from schemas.runs import DocumentStatus
from schemas.tables import MATCH_TABLES, MERGE_TABLES, TRIAL_TABLES
from warehouse.connection import registered
from warehouse.failpoints import failpoint
from warehouse.match_blocks import write_blocks

# Every table whose rows belong to a trial and are replaced with it.
REPLACED_TABLES = [*TRIAL_TABLES, *MERGE_TABLES, *MATCH_TABLES]


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document of a batch became."""

    document_id: str
    uri: str
    sha256: str
    format: str | None
    trial_id: str | None
    status: DocumentStatus  # loaded | superseded | rejected
    error: str | None = None
    details: str | None = None
    content: str | None = None
    last_update_post_date: str | None = None
    file_uri: str | None = None
    file_sha256: str | None = None
    match_rule: str | None = None
    match_score: float | None = None
    valid_from: datetime | None = None

    @property
    def readable(self) -> bool:
        """Whether the document had content (an unreadable file has no sha256 and is only reported)."""
        return bool(self.sha256)


class TrialChanges(Protocol):
    """The trials a batch replaces and their rows (``tasks.sources.Resolution``)."""

    affected: list[str]
    frames: dict[str, pd.DataFrame]
    stored_updates: list[tuple[str, str, str, str | None, float | None]]
    match_texts: pd.DataFrame | None  # the texts of the trials' match blocks (see warehouse.match_blocks)


@dataclass
class BatchWrite:
    """Everything one batch writes."""

    run_id: str
    parser_version: str
    seen_at: datetime
    outcomes: list[DocumentOutcome]
    changes: TrialChanges


def write_batch(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> None:
    """Apply ``batch`` in one transaction: every trial it touches is replaced whole, or nothing is.

    Raises:
        KeyboardInterrupt: when Ctrl-C stopped one of its statements (DuckDB reports that as an
            error of its own), after the rollback, so that the run ends as interrupted.
    """
    affected = pd.DataFrame({"trial_id": pd.array(batch.changes.affected, dtype="string[pyarrow]")})
    with registered(con, "batch_outcomes", _outcome_table(batch)), registered(con, "affected_trials", affected):
        con.execute("BEGIN TRANSACTION")
        try:
            _apply(con, batch)
            failpoint("load-before-commit")
            con.execute("COMMIT")
            failpoint("load-after-commit")
        except BaseException as error:
            con.execute("ROLLBACK")
            if is_duckdb_interrupt(error):
                raise KeyboardInterrupt from error
            raise


def is_duckdb_interrupt(error: BaseException) -> bool:
    """Whether ``error`` is DuckDB's report of a statement stopped by Ctrl-C (SIGINT) or an interrupt."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and str(error) == "Query interrupted"
    )


def _apply(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> None:
    """The body of :func:`write_batch`, inside its transaction."""
    changes = batch.changes
    _delete_stored_rows(con)
    failpoint("load-after-delete")
    for table, frame in changes.frames.items():
        if len(frame):
            with registered(con, "batch_rows", frame):
                con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
    write_blocks(con, changes.match_texts)
    failpoint("load-after-insert")
    _update_stored(con, changes.stored_updates)
    _upsert_documents(con)
    _upsert_raw(con)
    con.execute(
        "INSERT INTO rejected_document SELECT ?, document_id, uri, error, details "
        "FROM batch_outcomes WHERE status = 'rejected'",
        [batch.run_id],
    )


def _delete_stored_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Delete every row of the batch's trials that the warehouse holds already.

    A trial's rows in every table are written and deleted with its ``trial`` row, in one
    transaction (invariants 2 and 4), so a batch none of whose trials has a ``trial`` row has
    nothing to delete: the usual case of a first load, where each table's delete would scan the
    whole table for nothing (about 15 % of a cold batch's write).
    """
    stored = con.execute("SELECT 1 FROM trial WHERE trial_id IN (SELECT trial_id FROM affected_trials) LIMIT 1")
    if stored.fetchone() is None:
        return
    for table in REPLACED_TABLES:
        con.execute(f"DELETE FROM {table} WHERE trial_id IN (SELECT trial_id FROM affected_trials)")


def _update_stored(con: duckdb.DuckDBPyConnection, updates: list[tuple]) -> None:
    """Move stored documents to their trial and status (a newer version came, a trial was claimed).

    ``updates`` are ``(document_id, trial_id, status, match_rule, match_score)``.
    """
    if not updates:
        return
    columns = ["document_id", "trial_id", "status", "match_rule"]
    frame = pd.DataFrame([u[:4] for u in updates], columns=columns, dtype="string[pyarrow]")
    frame["match_score"] = pd.array([u[4] for u in updates], dtype="Float64")
    with registered(con, "stored_updates", frame):
        con.execute(
            "UPDATE source_document SET trial_id = u.trial_id, status = u.status, "
            "match_rule = u.match_rule, match_score = u.match_score "
            "FROM stored_updates u WHERE source_document.document_id = u.document_id"
        )


# The batch's documents' text columns, as ``batch_outcomes`` holds them.
_OUTCOME_TEXTS = (
    "document_id",
    "uri",
    "sha256",
    "format",
    "trial_id",
    "status",
    "error",
    "details",
    "content",
    "last_update_post_date",
    "file_uri",
    "file_sha256",
    "match_rule",
)


def _outcome_table(batch: BatchWrite) -> pa.Table:
    """The batch's documents as an Arrow table for set-based SQL.

    Built column by column: a pandas frame of row lists converted every value (the documents'
    whole content among them) through Python objects twice, a few per cent of a cold run's writer.
    """
    outcomes = batch.outcomes
    columns = {name: pa.array([getattr(o, name) for o in outcomes], pa.string()) for name in _OUTCOME_TEXTS}
    columns["match_score"] = pa.array([o.match_score for o in outcomes], pa.float64())
    columns["valid_from"] = pa.array([o.valid_from for o in outcomes], pa.timestamp("us"))
    columns["readable"] = pa.array([o.readable for o in outcomes], pa.bool_())
    columns["parser_version"] = pa.array([batch.parser_version] * len(outcomes), pa.string())
    columns["seen_at"] = pa.array([batch.seen_at] * len(outcomes), pa.timestamp("us"))
    return pa.table(columns)


def _upsert_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Insert or update the batch's ``source_document`` rows.

    ``first_seen_at`` is kept, and so is the file of a document reparsed from the raw store
    (which knows no file): its content is still that file's. A file that could not be read has
    no content and no identity: it is only reported (``rejected_document``).
    """
    con.execute(
        "INSERT INTO source_document BY NAME "
        "SELECT document_id, uri, format, sha256, parser_version, "
        "CASE WHEN status = 'rejected' THEN NULL ELSE trial_id END AS trial_id, status, "
        "seen_at AS first_seen_at, seen_at AS last_seen_at, "
        "CASE WHEN status = 'loaded' THEN seen_at END AS loaded_at, error, file_uri, file_sha256, "
        "match_rule, match_score, valid_from "
        "FROM batch_outcomes WHERE readable "
        "ON CONFLICT (document_id) DO UPDATE SET uri = EXCLUDED.uri, format = EXCLUDED.format, "
        "sha256 = EXCLUDED.sha256, parser_version = EXCLUDED.parser_version, "
        "trial_id = EXCLUDED.trial_id, status = EXCLUDED.status, "
        "last_seen_at = EXCLUDED.last_seen_at, loaded_at = EXCLUDED.loaded_at, error = EXCLUDED.error, "
        "file_uri = coalesce(EXCLUDED.file_uri, file_uri), "
        "file_sha256 = coalesce(EXCLUDED.file_sha256, file_sha256), "
        "match_rule = EXCLUDED.match_rule, match_score = EXCLUDED.match_score, "
        "valid_from = coalesce(EXCLUDED.valid_from, valid_from)"
    )


def _upsert_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Keep each document's processed content so that a reparse needs no refetch.

    Delete, then insert: every column is replaced, and this is about twice as fast as
    ``ON CONFLICT DO UPDATE`` on large texts.
    """
    con.execute(
        "DELETE FROM raw_document WHERE document_id IN "
        "(SELECT document_id FROM batch_outcomes WHERE content IS NOT NULL)"
    )
    con.execute(
        "INSERT INTO raw_document BY NAME "
        "SELECT document_id, uri, format, sha256, content, last_update_post_date, seen_at AS stored_at "
        "FROM batch_outcomes WHERE content IS NOT NULL"
    )
