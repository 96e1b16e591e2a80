"""Prepare large batches on every core: a process pool shared by the batches of a run.

Parsing, normalising and validating are pure CPU, so a batch is cut into chunks of about
equal bytes, prepared by worker processes, and joined in order. The pool belongs to the
run that makes it (:class:`WorkerPool`): it starts its workers on the first large batch,
uses the ``spawn`` start method (a forked child of a process with Prefect's threads can
inherit held locks), and is stopped when the run ends, however it ends. Small
batches are prepared in-process: starting workers costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeVar

from tasks.batches import FileWork
from tasks.parsers.records import SourceDocument

if TYPE_CHECKING:
    from tasks.pipeline import Prepared

PARALLEL_MIN_BYTES = 2_000_000  # about 200 documents: below this, workers cost more than they save
CHUNKS_PER_WORKER = 2  # more than one per worker evens out slow documents
MIN_CHUNK_BYTES = 6_000_000  # about 600 documents: each chunk pays ~70 ms to build and validate its frames
Item = TypeVar("Item", FileWork, SourceDocument)
Stage = Literal["prepare_files", "prepare_documents"]  # the functions of tasks.pipeline a worker runs
EXIT_INTERRUPTED = 130  # 128 + SIGINT
STOP_WAIT_SECONDS = 2.0  # a terminated worker is gone in milliseconds


class WorkerPool:
    """One run's worker processes: none until a batch is large enough, then reused by its batches.

    A plain class rather than a dataclass: Prefect rebuilds dataclass task parameters, and a
    copy would start a pool of its own.
    """

    def __init__(self, workers: int | None = None) -> None:
        """A pool of ``workers`` processes (0: every batch is prepared in-process; ``None``: see :meth:`size`)."""
        self.workers = None if workers is None else max(0, workers)
        self._batches = 2  # a run says how many batches it has (:meth:`expect_batches`); several unless it does
        self._executor: ProcessPoolExecutor | None = None

    def expect_batches(self, batches: int) -> None:
        """Say how many batches the run will prepare (before the first), which sizes an automatic pool."""
        self._batches = batches

    def size(self) -> int:
        """How many worker processes the pool starts: as set, else by the run's batches.

        A run of one batch has nothing to do while it is parsed: one worker per core. A run of
        several writes one batch in its own process while the workers parse the next, and that is
        the slower stage (about 1 ms a document against a warm worker's 0.55 ms): one worker per
        core but one, so that the writer keeps a core (100,000 documents on 2 cores: 4 % faster
        and 0.26 GB less with one worker than with two; 567 in one batch: 11 % slower).
        """
        if self.workers is not None:
            return self.workers
        cores = os.cpu_count() or 1
        return cores if self._batches <= 1 else max(1, cores - 1)

    def prepare_files(self, files: list[FileWork]) -> Prepared:
        """:func:`~tasks.pipeline.prepare_files` across the workers, keeping file order."""
        return self._prepare(files, "prepare_files")

    def prepare_documents(self, documents: list[SourceDocument]) -> Prepared:
        """:func:`~tasks.pipeline.prepare_documents` across the workers, keeping order."""
        return self._prepare(documents, "prepare_documents")

    def stop(self) -> None:
        """End the workers now: the run is over, or ended early and does not wait for its parse.

        They are terminated, even idle after a completed run: a worker left to exit on its own
        first frees everything its caches hold (two workers after 1,000 documents: 0.8-3.3 s here,
        against 0.1-0.2 s), and the run waited for that.
        """
        executor, self._executor = self._executor, None
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())  # no public way before 3.14
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(STOP_WAIT_SECONDS)
        # A worker ended while it sent a result leaves the executor's reader waiting for the rest of
        # it, and the run's threads (and the exit) waiting on the executor: only an end of file ends
        # that wait, and this process holds the last open copy of the pipe's write end.
        writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
        if writer is not None:
            writer.close()
        executor.shutdown(wait=False, cancel_futures=True)

    def _prepare(self, items: list[Item], stage: Stage) -> Prepared:
        """Run the pipeline's ``stage`` on byte-balanced chunks of ``items`` in the pool and join the results.

        The pipeline (parsers, normalisers, Pandera, pandas) is imported by the first batch to
        prepare, not with this module: a run whose files are all unchanged never needs it. The
        chunks go to the workers first and this process imports it while they start and parse
        (about 0.9 s, which the first batch of a run used to wait for before any worker started).
        """
        # One worker too is worth its start: it parses while the run's own process writes the batch before.
        if self.size() == 0 or sum(map(weight, items)) < PARALLEL_MIN_BYTES:
            return run_stage(stage, items)
        results = self._started().map(partial(run_stage, stage), chunks_for(items, self.size()))
        from tasks.pipeline import combine

        return combine(list(results))

    def _started(self) -> ProcessPoolExecutor:
        """The executor, started on first use."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.size(),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_quit_on_interrupt,
            )
        return self._executor


def run_stage(stage: Stage, items: list[Item]) -> Prepared:
    """Run :mod:`tasks.pipeline`'s function ``stage`` on ``items`` (named, so that a worker imports the pipeline)."""
    import tasks.pipeline

    return getattr(tasks.pipeline, stage)(items)


def chunks_for(items: list[Item], workers: int) -> list[list[Item]]:
    """Cut a batch for ``workers``: a few chunks each, none much smaller than 6 MB."""
    by_size = sum(map(weight, items)) // MIN_CHUNK_BYTES
    return split_by_weight(items, max(workers, min(workers * CHUNKS_PER_WORKER, by_size)))


def weight(item: FileWork | SourceDocument) -> int:
    """Bytes of work an item stands for (a file's size, a document's text length)."""
    if isinstance(item, FileWork):
        return item.size
    return len(item.text or "")


def split_by_weight(items: Sequence[Item], parts: int) -> list[list[Item]]:
    """Cut ``items`` into at most ``parts`` consecutive chunks of about equal weight."""
    total = sum(map(weight, items))
    target = max(1, -(-total // max(1, parts)))
    chunks: list[list[Item]] = [[]]
    load = 0
    for item in items:
        if chunks[-1] and load >= target:
            chunks.append([])
            load = 0
        chunks[-1].append(item)
        load += weight(item)
    return chunks


def _quit_on_interrupt() -> None:
    """In a worker: end at once and quietly on SIGINT (a terminal's Ctrl-C reaches the whole group).

    The run itself decides what an interrupt means; a worker's traceback would only bury that.
    """
    signal.signal(signal.SIGINT, lambda *_: os._exit(EXIT_INTERRUPTED))
