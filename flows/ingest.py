"""The ``ingest_documents`` flow: files and folders in, warehouse tables out."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from prefect import get_run_logger
from prefect.context import FlowRunContext
from prefect.utilities.annotations import quote

from flows import progress
from flows.common import RunSummary, cancelled_when_interrupted, progress_line, write_landscape
from flows.config import resolve_db_path, resolve_inbox, warehouse_own_paths
from flows.plain_flow import flow
from flows.recorded_run import RecordedRun, recorded_run
from tasks.batches import BatchResult, FileWork
from tasks.ingest_tasks import Handoff, fingerprint, list_documents, prepare_chunk, prepare_file_batch
from tasks.parallel import WorkerPool, split_by_weight
from warehouse.failpoints import failpoint

if TYPE_CHECKING:  # the pipeline is imported by the first batch to prepare: a no-op run never needs it
    from tasks.pipeline import Prepared

DEFAULT_BATCH_SIZE = 2000
MAX_BATCH_BYTES = 64_000_000  # bounds memory when files are large (API pages of 1,000 studies)
# While one batch is written, the next two are prepared: a batch whose write ends in a checkpoint
# takes a few seconds longer, and with one batch ahead the worker waited through it (100,000
# documents, cold: 94 s with one ahead, 88-89 s with two; peak 1.41-1.45 GB either way).
PREPARED_AHEAD = 2
CHUNKS_PER_BATCH = 8  # chunks a batch is cut into when the task runner spreads them (Dask)
# From this many files, fingerprinting takes seconds before the first file is processed (a stat of
# every file, a read of the changed ones: 600,000 files, 17 s with none changed, about 40 s cold),
# so the run says what it is doing.
ANNOUNCED_FINGERPRINT = 10_000


@flow(name="ingest_documents", log_prints=False)
@cancelled_when_interrupted
def ingest_documents(
    paths: list[str],
    db: str | None = None,
    full_refresh: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    report: str | None = None,
    verify: bool = False,
) -> RunSummary:
    """Ingest trial documents from files and folders into the warehouse.

    Every file whose stat changed since it was last hashed (every file with ``verify``) is
    read and hashed first; only changed files are then processed, in
    batches of at most ``batch_size`` files and 64 MB, each written in one transaction.
    A batch is prepared across local cores, or on the flow's Dask cluster when the flow
    runs with a ``DaskTaskRunner``; the warehouse is always written by this process.

    Args:
        paths: Files or folders (searched recursively).
        db: Warehouse file; defaults to ``$TRIALS_DB`` or ``trials.duckdb``.
        full_refresh: Reparse every document even if unchanged.
        batch_size: Files per batch (one transaction each).
        report: Write the landscape report (HTML) to this path at the end, and link it as an artifact.
        verify: Read and hash every file, whatever its stat says.

    Returns:
        The run's summary (also published as a markdown artifact).
    """
    reporter = progress.current()
    db_path = resolve_db_path(db)
    found = list_documents(paths, warehouse_own_paths(db_path, report))
    files = found.files
    reporter.start("ingest", len(files), "files")  # the rate counts fingerprinting time too
    with recorded_run(db_path, "ingest_documents") as run:
        _skip_folders(run, found.skipped)
        _fingerprint_and_load(run, files, full_refresh, verify, batch_size)
    summary = run.summary("Ingest run", "ingest-report", ", ".join(paths))
    get_run_logger().info("run %s: %s", run.run_id, progress_line(run.tally))
    write_landscape(db_path, report)
    return summary


def _skip_folders(run: RecordedRun, skipped: list[tuple[str, str]]) -> None:
    """Name each folder that could not be listed: the run goes on without it."""
    for folder, reason in skipped:
        get_run_logger().warning("skipped %s: %s", folder, reason)
    run.tally.skipped += skipped


def _fingerprint_and_load(
    run: RecordedRun, files: list[str], full_refresh: bool, verify: bool, batch_size: int
) -> None:
    """Find the files to process, then prepare and write them in batches.

    The first ``batch_size`` files are fingerprinted on their own. When every one of them is to
    be processed (a cold run, a new folder), the first batch is already being prepared while
    the other files are fingerprinted: on a cold run the worker would otherwise wait for the
    whole fingerprint (4-10 s at 100,000 files) and the writer for the first batch. The batches
    are the same either way, and nothing is written before every file is fingerprinted.
    """
    if len(files) >= ANNOUNCED_FINGERPRINT:
        read = "reading every one" if full_refresh or verify else "reading those changed since they were last read"
        progress.current().say(f"fingerprinting {len(files)} files ({read})")
    head = _changed_files(run, files[:batch_size], full_refresh, verify)
    pending = None
    if len(files) > batch_size and len(head) == batch_size:
        run.pool.expect_batches(2)  # sizes the pool for a run of several batches
        pending = _submit_preparation(batches_of(head, batch_size, MAX_BATCH_BYTES)[0], run.pool)
    work = head + _changed_files(run, files[batch_size:], full_refresh, verify)
    failpoint("after-fingerprint")
    counts = run.counts()
    get_run_logger().info(
        "%d files in %s: %d unchanged documents; %d files to process",
        len(files), run.db_path, counts.unchanged, len(work),
    )  # fmt: skip
    progress.current().advance(len(files) - len(work), counts.documents_seen)
    run.expect(len(work))  # matching reads stored blocks only for a run that brings few documents
    _load_batches(run, batches_of(work, batch_size, MAX_BATCH_BYTES), len(files) - len(work), pending)


def _changed_files(run: RecordedRun, files: list[str], full_refresh: bool, verify: bool) -> list[FileWork]:
    """The files to process; the documents of the others are counted unchanged."""
    if not files:
        return []
    work, unchanged = fingerprint(run.db_path, quote(files), full_refresh, verify)
    run.tally.add(BatchResult(unchanged=unchanged))
    return work


def _load_batches(
    run: RecordedRun, batches: list[list[FileWork]], done: int, pending: Callable[[], Handoff[Prepared]] | None
) -> None:
    """Prepare and write the batches in order; ``done``: files already accounted for.

    ``pending``: the first batch's preparation, when it was started already.
    """
    reporter = progress.current()
    if pending is None:
        run.pool.expect_batches(len(batches))
    preparing = [pending] if pending else []
    preparing += [_submit_preparation(batch, run.pool) for batch in batches[len(preparing) : PREPARED_AHEAD]]
    for number in range(1, len(batches) + 1):
        failpoint("batch-start")
        prepared = preparing.pop(0)()
        failpoint("after-parse")
        if number + PREPARED_AHEAD - 1 < len(batches):
            preparing.append(_submit_preparation(batches[number + PREPARED_AHEAD - 1], run.pool))
        run.load(prepared)
        done += len(batches[number - 1])
        reporter.advance(done, run.counts().documents_seen)


def batches_of(work: list[FileWork], max_files: int, max_bytes: int) -> list[list[FileWork]]:
    """Cut the files to process into batches of at most ``max_files`` files and ``max_bytes``."""
    batches: list[list[FileWork]] = []
    size = 0
    for item in work:
        if not batches or len(batches[-1]) >= max_files or (batches[-1] and size + item.size > max_bytes):
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += item.size
    return batches


def _submit_preparation(batch: list[FileWork], pool: WorkerPool) -> Callable[[], Handoff[Prepared]]:
    """Start preparing ``batch`` in the background; return what waits for the result.

    On local cores the batch is one task that fans out to the run's ``pool``; with a Dask
    task runner it is one task per chunk, run on the cluster's workers.
    """
    if uses_distributed_runner():
        from tasks.pipeline import combine

        # Not quoted: an annotation does not survive the trip to a Dask worker.
        futures = prepare_chunk.map(split_by_weight(batch, CHUNKS_PER_BATCH))
        return lambda: Handoff(combine([future.result().take() for future in futures]))
    future = prepare_file_batch.submit(quote(batch), pool)
    return future.result


def uses_distributed_runner() -> bool:
    """Whether this flow run's task runner is a ``DaskTaskRunner`` (prefect-dask installed).

    Without ``prefect_dask`` imported, no Dask runner can have been made: importing it only to
    check would cost a run almost a second.
    """
    context, prefect_dask = FlowRunContext.get(), sys.modules.get("prefect_dask")
    if context is None or prefect_dask is None:
        return False
    return isinstance(context.task_runner, prefect_dask.DaskTaskRunner)


@flow(name="ingest_inbox")
@cancelled_when_interrupted
def ingest_inbox(
    inbox: str | None = None, db: str | None = None, full_refresh: bool = False, report: str | None = None
) -> RunSummary:
    """Ingest the inbox folder (scheduled hourly); a missing folder is created empty, not an error.

    Args:
        inbox: Folder; defaults to ``$TRIALS_INBOX``, Prefect variable ``trials_inbox`` or ``./inbox``.
        db: Warehouse file; defaults to ``$TRIALS_DB``, Prefect variable ``trials_db`` or ``./trials.duckdb``.
        full_refresh: Reparse every document even if unchanged.
        report: Write the landscape report to this path (relative: beside the warehouse) at the end.
    """
    folder = resolve_inbox(inbox)
    folder.mkdir(parents=True, exist_ok=True)
    return ingest_documents(paths=[str(folder)], db=str(resolve_db_path(db)), full_refresh=full_refresh, report=report)
