"""The ``sync_ctgov`` flow: keep a ClinicalTrials.gov query current, incrementally."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from prefect import get_run_logger
from prefect.utilities.annotations import quote

from flows import progress
from flows.common import RunSummary, cancelled_when_interrupted, write_landscape
from flows.config import resolve_ctgov_url, resolve_db_path
from flows.plain_flow import flow
from flows.recorded_run import RecordedRun, recorded_run
from tasks.ctgov_api import ClientSettings, StudyQuery
from tasks.ingest_tasks import Handoff, prepare_batch
from tasks.pipeline import Prepared
from tasks.sync_tasks import commit_watermark, fetch_window, fingerprint_page, watermark_of

DEFAULT_QUERY = "cond=multiple myeloma; intr=BCMA CAR-T"
OVERLAP = timedelta(days=1)


@flow(name="sync_ctgov")
@cancelled_when_interrupted
def sync_ctgov(
    query: str = DEFAULT_QUERY,
    since: date | None = None,
    until: date | None = None,
    db: str | None = None,
    client: ClientSettings | None = None,
    move_watermark: bool = True,
    report: str | None = None,
) -> RunSummary:
    """Fetch studies of ``query`` updated in a window and load the changed ones.

    Args:
        query: ``cond=…; intr=…; term=…; advanced=…`` (plain text is a term query).
        since: Window start; default: the query's watermark minus one day (everything if never synced).
        until: Window end; default: today (UTC).
        db: Warehouse file (default ``$TRIALS_DB`` or ``trials.duckdb``).
        client: API settings (base URL, rate limit, page size, timeout, retries); the base URL
            defaults to ``$TRIALS_CTGOV_URL`` or the public API.
        move_watermark: Advance the query's watermark when the window is committed
            (backfills pass ``False`` so that the daily sync's watermark stays put).
        report: Write the landscape report to this path (relative: beside the warehouse) at the end.

    Returns:
        The run summary; the watermark moves only if every page was fetched and committed.
    """
    study_query = StudyQuery.parse(query)
    db_path = resolve_db_path(db)
    settings = client or ClientSettings()
    with recorded_run(db_path, "sync_ctgov") as run:
        window = (since or _resume_from(watermark_of(db_path, study_query.key())), until or datetime.now(UTC).date())
        scope = f"query {study_query.key()!r}, LastUpdatePostDate {window[0] or 'MIN'} to {window[1]}"
        base_url = resolve_ctgov_url(settings.base_url)
        get_run_logger().info("syncing %s from %s", scope, base_url)
        with tempfile.TemporaryDirectory(prefix="trials-sync-") as spool:
            _load_pages(run, fetch_window(settings, base_url, study_query, *window, Path(spool)))
        if move_watermark:
            commit_watermark(db_path, study_query.key(), *window, run.counts().documents_seen)
    summary = run.summary("ClinicalTrials.gov sync", "sync-report", scope)
    write_landscape(db_path, report)
    return summary


def _load_pages(run: RecordedRun, pages: list[Path]) -> None:
    """Load the fetched pages one by one (a page is one batch), skipping studies already stored unchanged."""
    reporter = progress.current()
    reporter.start("sync", len(pages), "pages")
    for number, page in enumerate(pages, start=1):
        fresh, unchanged = fingerprint_page(run.db_path, page, False)
        prepared = prepare_batch(quote(fresh), run.pool).take() if fresh else Prepared()
        prepared.unchanged = unchanged
        run.load(Handoff(prepared))
        reporter.advance(number, run.counts().documents_seen)


def _resume_from(watermark: date | None) -> date | None:
    """Resume one day before the last committed window end (AACT's overlap), or from the start."""
    return watermark - OVERLAP if watermark else None
