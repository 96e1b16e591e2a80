"""Backfills (a date range in windows, idempotent) and reparsing from the raw store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from prefect import get_run_logger
from prefect.utilities.annotations import quote

from flows import progress
from flows.common import RunSummary, cancelled_when_interrupted, current_flow_run_id, deliver_report, write_landscape
from flows.config import resolve_db_path
from flows.plain_flow import flow
from flows.recorded_run import recorded_run
from flows.sync import DEFAULT_QUERY, sync_ctgov
from schemas.runs import RunStatus
from tasks.backfill_tasks import finished_windows, note_window, raw_batches, raw_document_ids
from tasks.ctgov_api import ClientSettings, StudyQuery
from tasks.ingest_tasks import prepare_batch

DEFAULT_WINDOW_DAYS = 30
Span = tuple[date, date]  # a window's first and last day


@dataclass(frozen=True)
class Window:
    """An inclusive date range of ``LastUpdatePostDate``."""

    start: date
    end: date


def split_windows(since: date, until: date, window_days: int) -> list[Window]:
    """Cut ``[since, until]`` into consecutive inclusive windows of ``window_days`` days.

    Raises:
        ValueError: for an empty range or a non-positive window.
    """
    if until < since:
        raise ValueError(f"until ({until}) is before since ({since})")
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    windows, start = [], since
    while start <= until:
        end = min(start + timedelta(days=window_days - 1), until)
        windows.append(Window(start, end))
        start = end + timedelta(days=1)
    return windows


@flow(name="backfill")
@cancelled_when_interrupted
def backfill(
    since: date,
    until: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    query: str = DEFAULT_QUERY,
    db: str | None = None,
    client: ClientSettings | None = None,
    mode: str = "sync",
    report: str | None = None,
) -> list[dict]:
    """Sync ``[since, until]`` window by window, skipping windows already completed.

    Each window runs the ``sync_ctgov`` flow (a subflow) without moving the daily
    sync's watermark; its outcome is recorded in ``backfill_window`` so that a rerun
    (after a failure or a kill) does only the windows still missing.

    Args:
        since: First day of the range.
        until: Last day of the range.
        window_days: Days per window.
        query: The study query (see ``sync_ctgov``).
        db: Warehouse file.
        client: API settings (see ``sync_ctgov``).
        mode: ``sync`` (fetch) or ``reparse`` (re-derive every table from the raw store, no fetching).
        report: Write the landscape report to this path (relative: beside the warehouse) at the end.

    Returns:
        One entry per window: its dates, status and counts.
    """
    if mode == "reparse":
        return _reparse_everything(db, report)
    if mode != "sync":
        raise ValueError(f"unknown backfill mode {mode!r} (sync or reparse)")
    db_path = resolve_db_path(db)
    outcomes = _sync_windows(db_path, query, split_windows(since, until, window_days), client)
    write_landscape(db_path, report)
    return outcomes


def _sync_windows(db_path: Path, query: str, windows: list[Window], client: ClientSettings | None) -> list[dict]:
    """Sync the windows not yet completed, in order; report one row per window."""
    query_key = StudyQuery.parse(query).key()
    done = finished_windows(db_path, query_key)
    outcomes = [_run_window(db_path, query, query_key, window, client, done) for window in windows]
    run_id = current_flow_run_id() or uuid.uuid4().hex
    deliver_report(_window_markdown(query_key, outcomes), "backfill-report", db_path, run_id)
    return outcomes


def _reparse_everything(db: str | None, report: str | None) -> list[dict]:
    """Backfill mode ``reparse``: re-derive every table from the raw store (no fetching)."""
    summary = reparse(db=db)
    write_landscape(resolve_db_path(db), report)
    return [{"mode": "reparse", **summary.counts.as_dict()}]


def _run_window(
    db_path: Path, query: str, query_key: str, window: Window, client: ClientSettings | None, done: set[Span]
) -> dict:
    """Sync one window unless it is ``done``, and record its outcome (a failure is recorded, then raised)."""
    if (window.start, window.end) in done:
        get_run_logger().info("window %s to %s already completed: skipped", window.start, window.end)
        return {"start": str(window.start), "end": str(window.end), "status": "skipped"}
    try:
        summary = sync_ctgov(
            query=query, since=window.start, until=window.end, db=str(db_path), move_watermark=False, client=client
        )
    except Exception as error:
        note_window(db_path, query_key, window.start, window.end, RunStatus.FAILED, None, None, str(error)[:2000])
        raise
    note_window(
        db_path, query_key, window.start, window.end, RunStatus.COMPLETED, summary.run_id, summary.counts.documents_seen
    )
    return {
        "start": str(window.start),
        "end": str(window.end),
        "status": RunStatus.COMPLETED,
        **summary.counts.as_dict(),
    }


def _window_markdown(query_key: str, report: list[dict]) -> str:
    """The backfill report: one row per window."""
    lines = [
        f"# Backfill of {query_key!r}",
        "",
        "| window | status | seen | loaded | unchanged | rejected |",
        "|---|---|---|---|---|---|",
    ]
    for row in report:
        lines.append(
            f"| {row['start']} to {row['end']} | {row['status']} | {row.get('documents_seen', '')} | "
            f"{row.get('loaded', '')} | {row.get('unchanged', '')} | {row.get('rejected', '')} |"
        )
    return "\n".join(lines) + "\n"


@flow(name="reparse")
@cancelled_when_interrupted
def reparse(db: str | None = None, batch_size: int = 2000) -> RunSummary:
    """Re-derive every table from the stored raw documents, without reading files or fetching.

    Use after a parser upgrade. Superseded documents are reparsed before loaded
    ones, so the document that describes each trial today still wins.
    """
    reporter = progress.current()
    db_path = resolve_db_path(db)
    with recorded_run(db_path, "reparse") as run:
        ids = raw_document_ids(db_path)  # superseded documents first, then the others, by uri
        run.expect(len(ids))  # a reparse of everything indexes every trial once for matching
        reporter.start("reparse", -(-len(ids) // batch_size), "batches")
        for number, documents in enumerate(raw_batches(db_path, ids, batch_size), start=1):
            run.load(prepare_batch(quote(documents), run.pool))
            reporter.advance(number, run.counts().documents_seen)
    return run.summary("Reparse", "reparse-report", "raw_document")
