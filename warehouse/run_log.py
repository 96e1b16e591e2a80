"""The run log: a row in ``load_run`` when a run starts, its counts and status when it ends."""

from __future__ import annotations

from datetime import datetime

import duckdb

from schemas.runs import RunCounts, RunStatus
from schemas.table_names import TRIAL_TABLE_NAMES


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, flow_name: str, started_at: datetime
) -> None:
    """Record the start of a run."""
    con.execute(
        "INSERT INTO load_run VALUES (?, ?, ?, ?, NULL, 0, 0, 0, 0, 0, ?)",
        [run_id, flow_run_id, flow_name, started_at, RunStatus.RUNNING.value],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, counts: RunCounts, finished_at: datetime, status: RunStatus
) -> None:
    """Record a run's counts and how it ended."""
    con.execute(
        "UPDATE load_run SET finished_at = ?, documents_seen = ?, loaded = ?, unchanged = ?, "
        "rejected = ?, superseded = ?, status = ? WHERE run_id = ?",
        [
            finished_at,
            counts.documents_seen,
            counts.loaded,
            counts.unchanged,
            counts.rejected,
            counts.superseded,
            RunStatus(status).value,
            run_id,
        ],
    )


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the trial tables."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TRIAL_TABLE_NAMES}
