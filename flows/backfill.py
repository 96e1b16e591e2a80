"""Backfills (a date range in windows, idempotent) and reparsing from the raw store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from flows import progress
from flows.common import RunSummary, cancelled_when_interrupted, current_flow_run_id, deliver_report, write_landscape
from flows.config import resolve_db_path
from flows.guard import exclusive_writer
from flows.sync import DEFAULT_QUERY, sync_ctgov
from tasks.backfill_tasks import finished_windows, note_window, raw_batches
from tasks.ctgov_api import ClientSettings, StudyQuery
from tasks.ingest_tasks import begin_run, end_run, load_batch, prepare_batch
from tasks.report import RunTally, render_markdown
from tasks.sources import MatchCandidates

DEFAULT_WINDOW_DAYS = 30


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
        summary = reparse(db=db)
        write_landscape(resolve_db_path(db), report)
        return [{"mode": "reparse", **summary.counts}]
    if mode != "sync":
        raise ValueError(f"unknown backfill mode {mode!r} (sync or reparse)")
    logger = get_run_logger()
    db_path = resolve_db_path(db)
    query_key = StudyQuery.parse(query).key()
    windows = split_windows(since, until, window_days)
    done = finished_windows(db_path, query_key)
    windows_done = []
    for window in windows:
        if (window.start, window.end) in done:
            logger.info("window %s to %s already completed: skipped", window.start, window.end)
            windows_done.append({"start": str(window.start), "end": str(window.end), "status": "skipped"})
            continue
        windows_done.append(_run_window(db_path, query, query_key, window, client))
    run_id = current_flow_run_id() or uuid.uuid4().hex
    deliver_report(_window_markdown(query_key, windows_done), "backfill-report", db_path, run_id)
    write_landscape(db_path, report)
    return windows_done


def _run_window(db_path, query: str, query_key: str, window: Window, client: ClientSettings | None) -> dict:
    """Sync one window and record its outcome (a failure is recorded, then raised)."""
    try:
        summary = sync_ctgov(
            query=query, since=window.start, until=window.end, db=str(db_path), move_watermark=False, client=client
        )
    except Exception as error:
        note_window(db_path, query_key, window.start, window.end, "failed", None, None, str(error)[:2000])
        raise
    note_window(
        db_path, query_key, window.start, window.end, "completed", summary.run_id, summary.counts["documents_seen"]
    )
    return {"start": str(window.start), "end": str(window.end), "status": "completed", **summary.counts}


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
    run_id, tally, candidates = uuid.uuid4().hex, RunTally(), MatchCandidates()
    with exclusive_writer(db_path):
        reporter.start("reparse", None, "batches")
        begin_run(db_path, run_id, current_flow_run_id(), "reparse", datetime.now())
        status = "failed"
        try:
            for number, documents in enumerate(raw_batches(db_path, batch_size), start=1):
                tally.add(
                    load_batch(db_path, prepare_batch(quote(documents)), run_id, datetime.now(), quote(candidates))
                )
                reporter.advance(number, tally.counts()["documents_seen"])
            status = "completed"
        except KeyboardInterrupt:
            status = "cancelled"
            raise
        finally:
            table_rows = end_run(db_path, run_id, tally.counts(), status)
    summary = RunSummary(run_id, str(db_path), tally.counts(), table_rows, tally.rejections, tally.warnings)
    markdown = render_markdown("Reparse", summary.counts, table_rows, tally.rejections, "raw_document", tally.warnings)
    summary.report_path = str(deliver_report(markdown, "reparse-report", db_path, run_id))
    return summary
