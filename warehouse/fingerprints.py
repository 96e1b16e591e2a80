"""What the warehouse knows of documents and files already seen, and the stat index.

These lookups decide what a run may skip: a document whose sha256 and parser version are
stored, a file whose content was read before (wherever it was), a file whose stat is unchanged.
A file of known content found at a new path is recorded there (:func:`record_moves`).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd


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
