"""Prefect tasks of backfills and reparses: window bookkeeping and reading the raw store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from prefect import task

from tasks.ingest_tasks import BATCH_TASK
from tasks.parsers.records import SourceDocument
from warehouse import sources as stored
from warehouse.backfill_state import completed_windows, record_window
from warehouse.connection import read_connection, write_connection


@task(name="completed-windows", **BATCH_TASK)
def finished_windows(db_path: Path, query_key: str) -> set[tuple[date, date]]:
    """The windows of ``query_key`` already completed; none for a warehouse not made yet.

    Read without the writer's lock or a schema upgrade: it is asked before the backfill's
    runs begin, and readers of the warehouse must not hold it up.
    """
    if not db_path.exists():
        return set()
    with read_connection(db_path) as con:
        return completed_windows(con, query_key)


@task(name="record-window", **BATCH_TASK)
def note_window(
    db_path: Path,
    query_key: str,
    start: date,
    end: date,
    status: str,
    run_id: str | None,
    studies: int | None,
    error: str | None = None,
) -> None:
    """Record one window's outcome."""
    with write_connection(db_path) as con:
        record_window(con, query_key, start, end, status, run_id, studies, error)


def raw_batches(db_path: Path, ids: list[str], batch_size: int) -> Iterator[list[SourceDocument]]:
    """Yield the raw documents ``ids`` (see :func:`raw_document_ids`) in batches of ``batch_size``.

    The order is fixed up front, so statuses changing during the reparse do not move documents.
    """
    for start in range(0, len(ids), batch_size):
        yield raw_documents(db_path, ids[start : start + batch_size])


@task(name="list-raw-documents", **BATCH_TASK)
def raw_document_ids(db_path: Path) -> list[str]:
    """Ids of every stored raw document, in reparse order."""
    with write_connection(db_path) as con:
        return stored.reparse_order(con)


@task(name="read-raw-documents", **BATCH_TASK)
def raw_documents(db_path: Path, document_ids: list[str]) -> list[SourceDocument]:
    """Stored documents, ready to parse again (their text is detected like any other)."""
    with write_connection(db_path) as con:
        rows = stored.raw_documents(con, document_ids)
    order = {document_id: index for index, document_id in enumerate(document_ids)}
    documents = [SourceDocument(*row) for row in rows]
    return sorted(documents, key=lambda d: order[d.document_id])
