"""Create and migrate the warehouse schema from the numbered SQL files in ``ddl/``.

The applied version is recorded in ``schema_version``; opening a warehouse made
by an older version applies the missing files in order, in one transaction.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

DDL_DIR = Path(__file__).with_name("ddl")


def migrations() -> list[tuple[int, str]]:
    """Return ``(version, sql)`` for every DDL file, in version order."""
    files = sorted(DDL_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    return [(int(f.name[:3]), f.read_text()) for f in files]


SCHEMA_VERSION = migrations()[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the schema version recorded in the warehouse (0 for a new file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def ensure_schema(con: duckdb.DuckDBPyConnection, version: int | None = None) -> int:
    """Apply every migration newer than the warehouse's version; return the version.

    Args:
        con: A writer connection to the warehouse.
        version: Its :func:`current_version`, when the caller has read it already.
    """
    version = current_version(con) if version is None else version
    pending = [(v, sql) for v, sql in migrations() if v > version]
    if not pending:
        return version
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for number, sql in pending:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return pending[-1][0]
