"""The ``sync_ctgov`` flow: keep a ClinicalTrials.gov query current, incrementally."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from flows import progress
from flows.common import RunSummary, cancelled_when_interrupted, current_flow_run_id, deliver_report, write_landscape
from flows.config import resolve_ctgov_url, resolve_db_path
from flows.guard import exclusive_writer
from tasks.ctgov_api import ClientSettings, StudyQuery
from tasks.ingest_tasks import Handoff, begin_run, end_run, load_batch, prepare_batch
from tasks.pipeline import Prepared
from tasks.report import RunTally, render_markdown
from tasks.sources import MatchCandidates
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
    logger = get_run_logger()
    study_query = StudyQuery.parse(query)
    db_path = resolve_db_path(db)
    settings = client or ClientSettings()
    base_url = resolve_ctgov_url(settings.base_url)
    run_id, tally, candidates = uuid.uuid4().hex, RunTally(), MatchCandidates()
    with exclusive_writer(db_path):
        window_start = since or _resume_from(watermark_of(db_path, study_query.key()))
        window_end = until or datetime.now(UTC).date()
        scope = f"query {study_query.key()!r}, LastUpdatePostDate {window_start or 'MIN'} to {window_end}"
        logger.info("syncing %s from %s", scope, base_url)
        begin_run(db_path, run_id, current_flow_run_id(), "sync_ctgov", datetime.now())
        status = "failed"
        try:
            with tempfile.TemporaryDirectory(prefix="trials-sync-") as spool:
                pages = fetch_window(settings, base_url, study_query, window_start, window_end, Path(spool))
                reporter = progress.current()
                reporter.start("sync", len(pages), "pages")
                for number, page in enumerate(pages, start=1):
                    fresh, unchanged = fingerprint_page(db_path, page, False)
                    prepared = prepare_batch(quote(fresh)).take() if fresh else Prepared()
                    prepared.unchanged = unchanged
                    result = load_batch(db_path, Handoff(prepared), run_id, datetime.now(), quote(candidates))
                    tally.add(result)
                    reporter.advance(number, tally.counts()["documents_seen"])
            if move_watermark:
                commit_watermark(db_path, study_query.key(), window_start, window_end, tally.counts()["documents_seen"])
            status = "completed"
        except KeyboardInterrupt:
            status = "cancelled"
            raise
        finally:
            table_rows = end_run(db_path, run_id, tally.counts(), status)
    summary = RunSummary(run_id, str(db_path), tally.counts(), table_rows, tally.rejections, tally.warnings)
    markdown = render_markdown(
        "ClinicalTrials.gov sync", summary.counts, table_rows, tally.rejections, scope, tally.warnings
    )
    summary.report_path = str(deliver_report(markdown, "sync-report", db_path, run_id))
    write_landscape(db_path, report)
    return summary


def _resume_from(watermark: date | None) -> date | None:
    """Resume one day before the last committed window end (AACT's overlap), or from the start."""
    return watermark - OVERLAP if watermark else None
