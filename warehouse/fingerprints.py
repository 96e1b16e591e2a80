"""What the warehouse knows of documents and files already seen, and the stat index.

These lookups decide what a run may skip: a document whose sha256 and parser version are
stored, a file whose content was read before (wherever it was), a file whose stat is unchanged.
A file of known content found at a new path is recorded there (:func:`record_moves`).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

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


class ContentCheck(NamedTuple):
    """Files sorted by whether the warehouse holds their content, processed by a parser version."""

    unchanged_uris: set[str] | frozenset[str]
    document_ids: list[str]  # the documents read from the unchanged files
    moves: list[tuple[str, str]]  # (file_sha256, file_uri) of unchanged files whose documents were recorded elsewhere
    changed: list[tuple[str, str]]  # (file_sha256, file_uri) of the other files


NOTHING_CHECKED = ContentCheck(frozenset(), [], [], [])  # the check of no file (do not change its lists)
# Files checked per query. The check returns its answer as lists, which DuckDB builds in memory
# (they cannot spill): 550,000 files in one query, the registry's whole archive, ran out of the
# writer's 256 MB; a chunk of 100,000 needs about a fifth of that, and each file's answer is its own.
CHECK_CHUNK = 100_000


# Every stored document by the sha256 of the file it was read from. A document recorded before
# file hashes were (schema 4 and older) has its own sha256, its file's when it was the only one.
_STORED = (
    "stored AS ("
    " SELECT file_sha256, document_id, parser_version, file_uri FROM source_document WHERE file_sha256 IS NOT NULL"
    " UNION ALL"
    " SELECT sha256, document_id, parser_version, coalesce(file_uri, uri) FROM source_document"
    " WHERE file_sha256 IS NULL)"
)
# Of the files in ``wanted (file_sha256, file_uri)``, those every document of whose content was
# processed by ``$parser_version``, and the lists a :class:`ContentCheck` is made of.
_CHECK = (
    "unchanged AS ("
    " SELECT w.file_sha256, w.file_uri, list(s.document_id) AS ids,"
    " bool_or(s.file_uri IS DISTINCT FROM w.file_uri) AS elsewhere"
    " FROM wanted w JOIN stored s USING (file_sha256) GROUP BY w.file_sha256, w.file_uri"
    " HAVING bool_and(coalesce(s.parser_version = $parser_version, false))) "
    "SELECT coalesce((SELECT list(file_uri) FROM unchanged), []),"
    " coalesce((SELECT flatten(list(ids)) FROM unchanged), []),"
    " coalesce((SELECT list([file_sha256, file_uri]) FROM unchanged WHERE elsewhere), []),"
    " coalesce((SELECT list([file_sha256, file_uri]) FROM wanted ANTI JOIN unchanged USING (file_uri)), [])"
)


def check_contents(
    con: duckdb.DuckDBPyConnection, files: tuple[list[str], list[str]], parser_version: str
) -> ContentCheck:
    """Which files (columns ``file_sha256``, ``file_uri``) hold content already processed by ``parser_version``.

    A file is unchanged when the warehouse holds documents read from its content, wherever
    the file was then, and every one of them was processed by ``parser_version``. Decided in
    SQL and returned as lists: a no-op run asks about every file, and at 100,000 files rows
    handled one by one in Python cost a second.
    """
    shas, uris = files
    if not uris:
        return NOTHING_CHECKED
    columns = {"file_sha256": _strings(shas), "file_uri": _strings(uris)}
    wanted = "wanted AS (SELECT file_sha256, file_uri FROM asked_files)"
    return _check_in_chunks(con, "asked_files", columns, wanted, {"parser_version": parser_version})


def check_settled_contents(
    con: duckdb.DuckDBPyConnection, stats: dict[str, list], racy_ns: int, parser_version: str
) -> ContentCheck:
    """:func:`check_contents` for the files whose stat equals their stat index entry, with the recorded sha256.

    ``stats`` holds the columns ``file_uri, size, mtime_ns, ctime_ns, inode`` of the files as
    they are now; files absent from the result's lists are not in the index as they are (to
    be hashed). An entry counts only if the file was ``racy_ns`` old when it was recorded (a
    file changed within the same clock tick as its hash would look unchanged).
    """
    columns = {
        "file_uri": _strings(stats["file_uri"]),
        **{name: pd.array(stats[name], dtype="int64") for name in ("size", "mtime_ns", "ctime_ns", "inode")},
    }
    wanted = (
        "wanted AS (SELECT s.sha256 AS file_sha256, s.file_uri FROM file_stat s"
        " JOIN now_stats n USING (file_uri, size, mtime_ns, ctime_ns, inode)"
        " WHERE s.mtime_ns < s.recorded_at_ns - $racy_ns)"
    )
    return _check_in_chunks(con, "now_stats", columns, wanted, {"parser_version": parser_version, "racy_ns": racy_ns})


def _check_in_chunks(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, pd.api.extensions.ExtensionArray],
    wanted: str,
    parameters: dict,
) -> ContentCheck:
    """Run :data:`_CHECK` over ``columns`` registered as ``table``, :data:`CHECK_CHUNK` rows at a time."""
    checks = []
    for start in range(0, len(next(iter(columns.values()))), CHECK_CHUNK):
        part = slice(start, start + CHECK_CHUNK)
        con.register(table, pd.DataFrame({name: values[part] for name, values in columns.items()}))
        try:
            checks.append(_content_check(con, wanted, parameters))
        finally:
            con.unregister(table)
    return _merged(checks)


def _merged(checks: list[ContentCheck]) -> ContentCheck:
    """One :class:`ContentCheck` of the files of several (each file's answer is its own)."""
    if not checks:
        return NOTHING_CHECKED
    if len(checks) == 1:
        return checks[0]
    return ContentCheck(
        set().union(*(c.unchanged_uris for c in checks)),
        [i for c in checks for i in c.document_ids],
        [m for c in checks for m in c.moves],
        [f for c in checks for f in c.changed],
    )


def _content_check(con: duckdb.DuckDBPyConnection, wanted: str, parameters: dict) -> ContentCheck:
    """Run :data:`_CHECK` over the files the ``wanted`` CTE gives."""
    unchanged, ids, moves, changed = con.execute(f"WITH {_STORED}, {wanted}, {_CHECK}", parameters).fetchall()[0]
    return ContentCheck(set(unchanged), ids, [(s, u) for s, u in moves], [(s, u) for s, u in changed])


def _strings(values: list[str]) -> pd.api.extensions.ExtensionArray:
    """A string column DuckDB reads without copying through Python objects."""
    return pd.array(values, dtype="string[pyarrow]")


def record_stats(con: duckdb.DuckDBPyConnection, entries: pd.DataFrame) -> None:
    """Replace the stat index entries of the paths in ``entries`` (the columns of ``file_stat``)."""
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
    record of a container keeps its ``#index``, a member of an archive its ``#name``).
    """
    frame = pd.DataFrame(moves, columns=["file_sha256", "file_uri"], dtype="string[pyarrow]")
    frame = frame.drop_duplicates("file_sha256", keep="last")
    con.register("moves", frame)
    try:
        con.execute(
            "UPDATE source_document SET file_uri = m.file_uri, last_seen_at = ?, "
            "uri = m.file_uri || CASE WHEN starts_with(source_document.uri, source_document.file_uri) "
            "THEN substr(source_document.uri, length(source_document.file_uri) + 1) "
            "ELSE coalesce(nullif(regexp_extract(source_document.uri, '#[0-9]+$'), ''), '') END "
            "FROM moves m WHERE source_document.file_sha256 = m.file_sha256",
            [seen_at],
        )
    finally:
        con.unregister("moves")


def _joined_with(con: duckdb.DuckDBPyConnection, column: str, values: list[str], sql: str) -> pd.DataFrame:
    """Run ``sql`` with ``values`` registered as the one-column table ``wanted(column)``.

    A registered frame joins in one query however many values there are (no IN lists).
    """
    con.register("wanted", pd.DataFrame({column: _strings(values)}))
    try:
        return con.execute(sql).df()
    finally:
        con.unregister("wanted")
