"""Read-only SQL for analysts: statements run on a read-only connection."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connection import WarehouseError, read_connection

# Statements that only read. Everything else (INSERT, DROP, ATTACH, COPY … TO, INSTALL/LOAD,
# SET, EXPORT …) is refused before it runs: a read-only connection alone would still allow
# attaching another database, writing files with COPY or installing extensions.
READ_STATEMENTS = {
    duckdb.StatementType.SELECT,
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,
    duckdb.StatementType.CALL,
}


# What ``trials status`` shows besides the row counts: (title, query) per section.
STATUS_QUERIES = (
    (
        "last runs",
        "SELECT flow_name, status, started_at, finished_at, documents_seen, loaded, unchanged, rejected, "
        "superseded FROM load_run ORDER BY started_at DESC LIMIT 10",
    ),
    (
        "sync watermarks",
        "SELECT query_key, watermark, last_window_start, last_synced_at, studies_fetched "
        "FROM sync_state ORDER BY query_key",
    ),
    (
        "backfill windows",
        "SELECT query_key, status, count(*) AS windows, min(window_start) AS first_day, "
        "max(window_end) AS last_day FROM backfill_window GROUP BY ALL ORDER BY ALL",
    ),
    ("documents", "SELECT status, count(*) AS documents FROM source_document GROUP BY ALL ORDER BY ALL"),
)


class ReadOnlyViolation(WarehouseError):
    """A statement tried to change the warehouse or the world around it."""


def run_read_only(db_path: Path, sql: str) -> list[tuple[list[str], list[tuple]]]:
    """Run each statement of ``sql`` read-only; return ``(columns, rows)`` per result.

    Raises:
        ReadOnlyViolation: when a statement tries to write.
        WarehouseError: for other SQL errors, in one line.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise WarehouseError(f"SQL error: {str(error).strip().splitlines()[0]}") from None
    for statement in statements:
        if statement.type not in READ_STATEMENTS:
            kind = statement.type.name.replace("_", " ")
            raise ReadOnlyViolation(f"the warehouse is read-only here: {kind} statements are not allowed")
    results = []
    with read_connection(db_path) as con:
        for statement in statements:
            try:
                cursor = con.execute(statement)
            except duckdb.Error as error:
                message = str(error).strip().splitlines()[0]
                if "read-only" in message.lower() or "read only" in message.lower():
                    raise ReadOnlyViolation(f"the warehouse is opened read-only: {message}") from None
                raise WarehouseError(f"SQL error: {message}") from None
            if cursor.description:
                columns = [d[0] for d in cursor.description]
                results.append((columns, cursor.fetchall()))
    return results


def table_row_counts(db_path: Path) -> tuple[list[str], list[tuple]]:
    """Return ``(columns, rows)``: the number of rows of every table the warehouse holds.

    The tables are listed from the file itself, so a table added by a migration is counted without
    an edit here (a hand-written list had left ``criterion_threshold`` out).
    """
    with read_connection(db_path) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "ORDER BY table_name <> 'trial', table_name"
            ).fetchall()
        ]
        rows = [(table, con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables]
    return ["table_name", "rows"], rows
