"""Every write to the warehouse: batches of documents, each in one transaction.

A batch replaces the rows of every trial it touches (delete, then bulk insert
from DataFrames), records what became of each document, and logs rejections.
If anything fails, the transaction rolls back and the warehouse is as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import duckdb
import pandas as pd

from schemas.tables import MERGE_TABLES, TRIAL_TABLES
from warehouse.failpoints import failpoint

CHILD_TABLES = [t for t in TRIAL_TABLES if t != "trial"]
# Every table whose rows belong to a trial and are replaced with it.
REPLACED_TABLES = [*TRIAL_TABLES, *MERGE_TABLES]


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document of a batch became."""

    document_id: str
    uri: str
    sha256: str
    format: str | None
    trial_id: str | None
    status: str  # loaded | superseded | rejected
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


@dataclass
class BatchWrite:
    """Everything one batch writes."""

    run_id: str
    parser_version: str
    seen_at: datetime
    outcomes: list[DocumentOutcome]
    changes: TrialChanges


def known_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> pd.DataFrame:
    """Return stored ``document_id, sha256, parser_version, status, trial_id`` for the ids given."""
    return _joined_with(
        con,
        "document_id",
        document_ids,
        "SELECT d.document_id, d.sha256, d.parser_version, d.status, d.trial_id "
        "FROM source_document d JOIN wanted w USING (document_id)",
    )


def known_files(con: duckdb.DuckDBPyConnection, file_uris: list[str]) -> pd.DataFrame:
    """Stored documents read from ``file_uris``.

    Returns ``file_uri, document_id, sha256, parser_version, file_sha256``. Documents recorded
    before the file columns existed (schema 4 and older) are matched by their uri, which is the
    file's, or the file's plus ``#index`` for a record of a container.
    """
    return _joined_with(
        con,
        "file_uri",
        file_uris,
        "SELECT w.file_uri, d.document_id, d.sha256, d.parser_version, d.file_sha256 "
        "FROM source_document d JOIN wanted w ON d.file_uri = w.file_uri "
        "UNION ALL "
        "SELECT w.file_uri, d.document_id, d.sha256, d.parser_version, d.file_sha256 "
        "FROM source_document d JOIN wanted w ON regexp_replace(d.uri, '#[0-9]+$', '') = w.file_uri "
        "WHERE d.file_uri IS NULL",
    )


def known_contents(con: duckdb.DuckDBPyConnection, file_sha256s: list[str]) -> pd.DataFrame:
    """Stored documents read from files with the given contents, wherever those files were.

    Returns ``file_sha256, document_id, parser_version, file_uri``. A document recorded before
    file hashes were (schema 4 and older) is found by its own sha256, which is its file's when
    the file holds one document.
    """
    return _joined_with(
        con,
        "file_sha256",
        file_sha256s,
        "SELECT w.file_sha256, d.document_id, d.parser_version, d.file_uri "
        "FROM source_document d JOIN wanted w ON d.file_sha256 = w.file_sha256 "
        "UNION ALL "
        "SELECT w.file_sha256, d.document_id, d.parser_version, coalesce(d.file_uri, d.uri) "
        "FROM source_document d JOIN wanted w ON d.sha256 = w.file_sha256 WHERE d.file_sha256 IS NULL",
    )


def known_stats(con: duckdb.DuckDBPyConnection, file_uris: list[str]) -> pd.DataFrame:
    """The stat index entries of the given paths.

    Returns ``file_uri, sha256, size, mtime_ns, ctime_ns, inode, recorded_at_ns``.
    """
    return _joined_with(
        con,
        "file_uri",
        file_uris,
        "SELECT s.file_uri, s.sha256, s.size, s.mtime_ns, s.ctime_ns, s.inode, s.recorded_at_ns "
        "FROM file_stat s JOIN wanted w USING (file_uri)",
    )


def record_stats(con: duckdb.DuckDBPyConnection, entries: pd.DataFrame) -> None:
    """Replace the stat index entries of the paths in ``entries`` (same columns as :func:`known_stats`)."""
    if not len(entries):
        return
    con.register("new_stats", entries)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM file_stat WHERE file_uri IN (SELECT file_uri FROM new_stats)")
        con.execute("INSERT INTO file_stat BY NAME SELECT * FROM new_stats")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_stats")


def record_moves(con: duckdb.DuckDBPyConnection, moves: list[tuple[str, str]], seen_at: datetime) -> None:
    """Record that files of known content (``file_sha256, new path``) were seen at a new path.

    The documents read from them keep their identity; their uri becomes the new path (a
    record of a container keeps its ``#index``).
    """
    frame = pd.DataFrame(moves, columns=["file_sha256", "file_uri"], dtype="string[pyarrow]")
    frame = frame.drop_duplicates("file_sha256", keep="last")
    con.register("moves", frame)
    try:
        con.execute(
            "UPDATE source_document SET file_uri = m.file_uri, last_seen_at = ?, "
            "uri = m.file_uri || coalesce(nullif(regexp_extract(source_document.uri, '#[0-9]+$'), ''), '') "
            "FROM moves m WHERE source_document.file_sha256 = m.file_sha256",
            [seen_at],
        )
    finally:
        con.unregister("moves")


def _joined_with(con: duckdb.DuckDBPyConnection, column: str, values: list[str], sql: str) -> pd.DataFrame:
    """Run ``sql`` with ``values`` registered as the one-column table ``wanted(column)``.

    A registered frame joins in one query however many values there are (no IN lists).
    """
    con.register("wanted", pd.DataFrame({column: pd.array(values, dtype="string[pyarrow]")}))
    try:
        return con.execute(sql).df()
    finally:
        con.unregister("wanted")


def write_batch(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> None:
    """Apply ``batch`` in one transaction: every trial it touches is replaced whole, or nothing is."""
    con.execute("BEGIN TRANSACTION")
    try:
        _apply(con, batch)
        failpoint("load-before-commit")
        con.execute("COMMIT")
        failpoint("load-after-commit")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _apply(con: duckdb.DuckDBPyConnection, batch: BatchWrite) -> None:
    """The body of :func:`write_batch`, inside its transaction."""
    changes = batch.changes
    con.register("batch_outcomes", _outcome_frame(batch))
    con.register("affected_trials", pd.DataFrame({"trial_id": pd.array(changes.affected, dtype="string[pyarrow]")}))
    try:
        for table in REPLACED_TABLES:
            con.execute(f"DELETE FROM {table} WHERE trial_id IN (SELECT trial_id FROM affected_trials)")
        failpoint("load-after-delete")
        for table, frame in changes.frames.items():
            if len(frame):
                con.register("batch_rows", frame)
                con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
                con.unregister("batch_rows")
        failpoint("load-after-insert")
        _update_stored(con, changes.stored_updates)
        _upsert_documents(con)
        _upsert_raw(con)
        con.execute(
            "INSERT INTO rejected_document SELECT ?, document_id, uri, error, details "
            "FROM batch_outcomes WHERE status = 'rejected'",
            [batch.run_id],
        )
    finally:
        con.unregister("batch_outcomes")
        con.unregister("affected_trials")


def _update_stored(con: duckdb.DuckDBPyConnection, updates: list[tuple]) -> None:
    """Move stored documents to their trial and status (a newer version came, a trial was claimed).

    ``updates`` are ``(document_id, trial_id, status, match_rule, match_score)``.
    """
    if not updates:
        return
    columns = ["document_id", "trial_id", "status", "match_rule"]
    frame = pd.DataFrame([u[:4] for u in updates], columns=columns, dtype="string[pyarrow]")
    frame["match_score"] = pd.array([u[4] for u in updates], dtype="Float64")
    con.register("stored_updates", frame)
    try:
        con.execute(
            "UPDATE source_document SET trial_id = u.trial_id, status = u.status, "
            "match_rule = u.match_rule, match_score = u.match_score "
            "FROM stored_updates u WHERE source_document.document_id = u.document_id"
        )
    finally:
        con.unregister("stored_updates")


def _outcome_frame(batch: BatchWrite) -> pd.DataFrame:
    """The batch's documents as a DataFrame for set-based SQL."""
    columns = [
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
    ]
    frame = pd.DataFrame(
        [[getattr(o, c) for c in columns] for o in batch.outcomes], columns=columns, dtype="string[pyarrow]"
    )
    frame["match_score"] = pd.array([o.match_score for o in batch.outcomes], dtype="Float64")
    frame["valid_from"] = pd.to_datetime(pd.Series([o.valid_from for o in batch.outcomes], dtype=object))
    frame["readable"] = [o.readable for o in batch.outcomes]
    frame["parser_version"] = batch.parser_version
    frame["seen_at"] = pd.Timestamp(batch.seen_at)
    return frame


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


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, flow_name: str, started_at: datetime
) -> None:
    """Record the start of a run."""
    con.execute(
        "INSERT INTO load_run VALUES (?, ?, ?, ?, NULL, 0, 0, 0, 0, 0, 'running')",
        [run_id, flow_run_id, flow_name, started_at],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, counts: dict[str, int], finished_at: datetime, status: str
) -> None:
    """Record a run's counts and how it ended."""
    con.execute(
        "UPDATE load_run SET finished_at = ?, documents_seen = ?, loaded = ?, unchanged = ?, "
        "rejected = ?, superseded = ?, status = ? WHERE run_id = ?",
        [
            finished_at,
            counts["documents_seen"],
            counts["loaded"],
            counts["unchanged"],
            counts["rejected"],
            counts["superseded"],
            status,
            run_id,
        ],
    )


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the trial tables."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TRIAL_TABLES}
