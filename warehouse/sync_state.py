"""Per-query sync watermarks: the end of the last window whose studies are all committed."""

from __future__ import annotations

from datetime import date, datetime

import duckdb


def read_watermark(con: duckdb.DuckDBPyConnection, query_key: str) -> date | None:
    """The last committed window end for ``query_key``, or ``None`` if never synced."""
    rows = con.execute("SELECT watermark FROM sync_state WHERE query_key = ?", [query_key]).fetchall()
    return rows[0][0] if rows else None


def advance_watermark(
    con: duckdb.DuckDBPyConnection, query_key: str, window_start: date | None, window_end: date, studies: int
) -> None:
    """Record that everything in ``[window_start, window_end]`` is committed (never moves backwards)."""
    con.execute(
        "INSERT INTO sync_state VALUES (?, ?, ?, ?, ?) ON CONFLICT (query_key) DO UPDATE SET "
        "watermark = greatest(sync_state.watermark, EXCLUDED.watermark), "
        "last_window_start = EXCLUDED.last_window_start, last_synced_at = EXCLUDED.last_synced_at, "
        "studies_fetched = EXCLUDED.studies_fetched",
        [query_key, window_end, window_start, datetime.now(), studies],
    )
