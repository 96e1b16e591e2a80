"""Backfill windows: which are done, and recording each one's outcome."""

from __future__ import annotations

from datetime import date, datetime

import duckdb


def completed_windows(con: duckdb.DuckDBPyConnection, query_key: str) -> set[tuple[date, date]]:
    """The ``(start, end)`` windows of ``query_key`` that completed (none before schema version 10)."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'backfill_window'"
    ).fetchone()[0]
    if not has_table:
        return set()
    rows = con.execute(
        "SELECT window_start, window_end FROM backfill_window WHERE query_key = ? AND status = 'completed'",
        [query_key],
    ).fetchall()
    return {(start, end) for start, end in rows}


def record_window(
    con: duckdb.DuckDBPyConnection,
    query_key: str,
    start: date,
    end: date,
    status: str,
    run_id: str | None,
    studies: int | None,
    error: str | None = None,
) -> None:
    """Record (or overwrite) the outcome of one window."""
    con.execute(
        "INSERT OR REPLACE INTO backfill_window VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [query_key, start, end, status, run_id, studies, error, datetime.now()],
    )
