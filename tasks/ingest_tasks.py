"""Prefect tasks of the ingest flow: each works on a whole batch of documents.

A task run costs about 30 ms here, so no task ever handles a single document.
Results are kept in memory only (no caching, no persistence): batches are large
and the warehouse itself is the durable record.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from schemas.runs import RunCounts, RunStatus
from tasks.batches import BatchResult, FileWork, fingerprint_files
from tasks.documents import Discovery, discover
from tasks.parallel import WorkerPool
from tasks.parsers.records import SourceDocument
from warehouse.connection import write_connection
from warehouse.invariants import assert_invariants, check_scope
from warehouse.run_log import finish_run, start_run, table_counts

if TYPE_CHECKING:  # the pipeline is imported by the tasks that prepare or load a batch, when one runs
    from tasks.pipeline import Prepared
    from tasks.sources import MatchCandidates

BATCH_TASK = {"cache_policy": NONE, "persist_result": False, "retries": 0}
T = TypeVar("T")


class Handoff(Generic[T]):
    """A batch passed between tasks once: taking it leaves an empty box behind.

    Prefect keeps references to task inputs and results for the length of a flow run
    (the warehouse's memory grew by the size of every batch: 2.3 GB at 100k documents).
    Batches travel in a box that the receiving side empties, so a run holds at most the
    batches it works on. The box is opaque to Prefect's parameter introspection too.
    """

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value: T | None = value

    def take(self) -> T:
        """The value, once.

        Raises:
            RuntimeError: when it was taken already.
        """
        value, self._value = self._value, None
        if value is None:
            raise RuntimeError("this batch was handed off already")
        return value


@task(name="list-documents", **BATCH_TASK)
def list_documents(paths: list[str], passed_over: Collection[str] = frozenset()) -> Discovery:
    """Expand the input paths into document files (and the subfolders that could not be listed).

    A folder's walk leaves out ``passed_over`` (the warehouse's own files).
    """
    return discover(paths, passed_over)


@task(name="fingerprint-files", **BATCH_TASK)
def fingerprint(
    db_path: Path, paths: Sequence[str | Path], full_refresh: bool, verify: bool = False
) -> tuple[list[FileWork], list[str]]:
    """Hash the files whose stat changed (every file with ``verify``); return the work and unchanged ids."""
    return fingerprint_files(db_path, paths, full_refresh, verify)


@task(name="prepare-files", **BATCH_TASK)
def prepare_file_batch(files: list[FileWork], pool: WorkerPool) -> Handoff[Prepared]:
    """Split, parse, normalise and validate a batch of files (across the run's workers when large)."""
    return Handoff(pool.prepare_files(files))


@task(name="prepare-documents", **BATCH_TASK)
def prepare_batch(documents: list[SourceDocument], pool: WorkerPool) -> Handoff[Prepared]:
    """Parse, normalise and validate a batch of documents (across the run's workers when large)."""
    return Handoff(pool.prepare_documents(documents))


@task(name="prepare-chunk", **BATCH_TASK)
def prepare_chunk(files: list[FileWork]) -> Handoff[Prepared]:
    """Prepare one chunk of files where the task runner puts it (a Dask worker, say)."""
    from tasks.pipeline import prepare_files

    return Handoff(prepare_files(files))


@task(name="load-batch", **BATCH_TASK)
def load_batch(
    db_path: Path,
    prepared: Handoff[Prepared],
    run_id: str,
    seen_at: datetime,
    candidates: MatchCandidates | None = None,
) -> BatchResult:
    """Resolve the batch's trials and write it in one transaction (``candidates``: the run's match indexes)."""
    from tasks.pipeline import load_prepared

    return load_prepared(db_path, prepared.take(), run_id, seen_at, candidates)


@task(name="begin-run", **BATCH_TASK)
def begin_run(db_path: Path, run_id: str, flow_run_id: str | None, flow_name: str, started_at: datetime) -> None:
    """Record the run in ``load_run``."""
    with write_connection(db_path, bookkeeping=True) as con:
        start_run(con, run_id, flow_run_id, flow_name, started_at)


@task(name="end-run", **BATCH_TASK)
def end_run(
    db_path: Path, run_id: str, counts: RunCounts, status: RunStatus, written: Collection[str] = ()
) -> dict[str, int]:
    """Record the run's counts, check the invariants; return the warehouse's row counts.

    A run whose every document was unchanged wrote no trial rows, so the invariants hold as
    the previous run left them: the check (a scan of every table, 0.6 s at 100,000
    documents) is skipped. Otherwise the run checks the rows of the trials it wrote
    (``written``) or every row, as :func:`~warehouse.invariants.check_scope` decides.

    Raises:
        InvariantViolation: naming every violated invariant (the run then fails loudly).
    """
    with write_connection(db_path, bookkeeping=True) as con:
        finish_run(con, run_id, counts, datetime.now(), status)
        if counts.documents_seen > counts.unchanged:
            assert_invariants(con, check_scope(con, written, completed=status == RunStatus.COMPLETED))
        return table_counts(con)


@task(name="publish-report", **BATCH_TASK)
def publish_report(markdown: str, key: str, path: Path | None = None) -> None:
    """Write the run report to ``path`` (beside the warehouse, outliving any server), then publish it as an artifact."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    create_markdown_artifact(markdown=markdown, key=key, description="Trial warehouse run report")
