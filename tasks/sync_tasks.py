"""Prefect tasks of the ClinicalTrials.gov sync: fetch a window to disk, read pages, move the watermark."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from prefect import task

from tasks.change_detection import select_changed
from tasks.ctgov_api import ClientSettings, StudyQuery
from tasks.documents import documents_from_studies
from tasks.ingest_tasks import BATCH_TASK
from tasks.parsers.records import SourceDocument
from warehouse.connection import write_connection
from warehouse.sync_state import advance_watermark, read_watermark


@task(name="read-watermark", **BATCH_TASK)
def watermark_of(db_path: Path, query_key: str) -> date | None:
    """The query's last committed window end."""
    with write_connection(db_path) as con:
        return read_watermark(con, query_key)


@task(name="fetch-window", **BATCH_TASK)
def fetch_window(
    settings: ClientSettings, base_url: str, query: StudyQuery, since: date | None, until: date | None, spool: Path
) -> list[Path]:
    """Fetch every page of the window into ``spool`` before anything is loaded.

    Fetching first means a page that fails leaves the warehouse untouched.
    """
    client = settings.client(base_url)
    pages = []
    for number, page in enumerate(client.iter_pages(query, since, until), start=1):
        path = spool / f"page-{number:05d}.json"
        path.write_text(json.dumps(page["studies"], ensure_ascii=False), encoding="utf-8")
        pages.append(path)
    return pages


@task(name="fingerprint-page", **BATCH_TASK)
def fingerprint_page(db_path: Path, page: Path, full_refresh: bool) -> tuple[list[SourceDocument], list[str]]:
    """Read a spooled page; return its changed studies and the ids of unchanged ones."""
    studies = json.loads(page.read_text(encoding="utf-8"))
    return select_changed(db_path, documents_from_studies(studies), full_refresh)


@task(name="advance-watermark", **BATCH_TASK)
def commit_watermark(db_path: Path, query_key: str, window_start: date | None, window_end: date, studies: int) -> None:
    """Advance the query's watermark once the whole window is committed."""
    with write_connection(db_path) as con:
        advance_watermark(con, query_key, window_start, window_end, studies)
