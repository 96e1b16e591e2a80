"""The ``ingest_documents`` flow: files and folders in, warehouse tables out."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows.common import RunSummary, current_flow_run_id, progress_line
from flows.config import resolve_db_path, resolve_inbox
from flows.guard import exclusive_writer
from tasks.ingest_tasks import (
    begin_run,
    end_run,
    fingerprint_batch,
    list_documents,
    load_batch,
    parse_batch,
    publish_report,
)
from tasks.report import RunTally, render_markdown
from warehouse.failpoints import failpoint

DEFAULT_BATCH_SIZE = 2000


@flow(name="ingest_documents", log_prints=False)
def ingest_documents(
    paths: list[str],
    db: str | None = None,
    full_refresh: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RunSummary:
    """Ingest trial documents from files and folders into the warehouse.

    Args:
        paths: Files or folders (searched recursively).
        db: Warehouse file; defaults to ``$TRIALS_DB`` or ``trials.duckdb``.
        full_refresh: Reparse every document even if unchanged.
        batch_size: Documents per task run.

    Returns:
        The run's summary (also published as a markdown artifact).
    """
    logger = get_run_logger()
    db_path = resolve_db_path(db)
    files = list_documents(paths)
    run_id = uuid.uuid4().hex
    tally = RunTally()
    batches = [files[i : i + batch_size] for i in range(0, len(files), batch_size)]
    logger.info("ingesting %d files in %d batches into %s", len(files), len(batches), db_path)
    with exclusive_writer(db_path):
        begin_run(db_path, run_id, current_flow_run_id(), "ingest_documents", datetime.now())
        status = "failed"
        try:
            for number, batch in enumerate(batches, start=1):
                failpoint("batch-start")
                tally.add(_ingest_batch(db_path, batch, run_id, full_refresh))
                logger.info("batch %d/%d done: %s", number, len(batches), progress_line(tally))
            status = "completed"
        finally:
            table_rows = end_run(db_path, run_id, tally.counts(), status)
    summary = RunSummary(run_id, str(db_path), tally.counts(), table_rows, tally.rejections)
    publish_report(
        render_markdown("Ingest run", summary.counts, table_rows, tally.rejections, ", ".join(paths)),
        key="ingest-report",
    )
    logger.info("run %s: %s", run_id, progress_line(tally))
    return summary


def _ingest_batch(db_path: Path, batch: list[Path], run_id: str, full_refresh: bool):
    """Fingerprint, parse and load one batch (three task runs)."""
    fresh, unchanged = fingerprint_batch(db_path, batch, full_refresh)
    failpoint("after-fingerprint")
    parsed = parse_batch(fresh) if fresh else []
    failpoint("after-parse")
    result = load_batch(db_path, parsed, run_id, datetime.now())
    result.unchanged = unchanged
    return result


@flow(name="ingest_inbox")
def ingest_inbox(inbox: str | None = None, db: str | None = None, full_refresh: bool = False) -> RunSummary:
    """Ingest the inbox folder (scheduled hourly); a missing folder is created empty, not an error.

    Args:
        inbox: Folder; defaults to ``$TRIALS_INBOX``, Prefect variable ``trials_inbox`` or ``./inbox``.
        db: Warehouse file; defaults to ``$TRIALS_DB``, Prefect variable ``trials_db`` or ``./trials.duckdb``.
        full_refresh: Reparse every document even if unchanged.
    """
    folder = resolve_inbox(inbox)
    folder.mkdir(parents=True, exist_ok=True)
    return ingest_documents(paths=[str(folder)], db=str(resolve_db_path(db)), full_refresh=full_refresh)
