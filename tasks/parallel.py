"""Prepare large batches on every core: a process pool shared by the batches of a run.

Parsing, normalising and validating are pure CPU, so a batch is cut into chunks of about
equal bytes, prepared by worker processes, and joined in order. The pool uses the
``spawn`` start method (a forked child of a process with Prefect's threads can inherit
held locks), is created on first use and closed at exit. Small batches are prepared
in-process: starting workers costs more than it saves.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from tasks.parsers.records import SourceDocument
from tasks.pipeline import FileWork, Prepared, combine, prepare_documents, prepare_files

PARALLEL_MIN_BYTES = 2_000_000  # about 200 documents: below this, workers cost more than they save
CHUNKS_PER_WORKER = 2  # more than one per worker evens out slow documents
MIN_CHUNK_BYTES = 6_000_000  # about 600 documents: each chunk pays ~70 ms to build and validate its frames
Item = TypeVar("Item", FileWork, SourceDocument)
EXIT_INTERRUPTED = 130  # 128 + SIGINT
_POOL: ProcessPoolExecutor | None = None


def worker_count() -> int:
    """Workers to use: ``$TRIALS_PARSE_WORKERS`` if set, else one per core."""
    configured = os.environ.get("TRIALS_PARSE_WORKERS")
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)


def prepare_files_in_parallel(files: list[FileWork]) -> Prepared:
    """:func:`~tasks.pipeline.prepare_files` across worker processes, keeping file order."""
    return _in_parallel(files, prepare_files)


def prepare_documents_in_parallel(documents: list[SourceDocument]) -> Prepared:
    """:func:`~tasks.pipeline.prepare_documents` across worker processes, keeping order."""
    return _in_parallel(documents, prepare_documents)


def _in_parallel(items: list[Item], prepare: Callable[[list[Item]], Prepared]) -> Prepared:
    """Run ``prepare`` on byte-balanced chunks of ``items`` in the pool and join the results."""
    workers = worker_count()
    if workers == 1 or sum(map(weight, items)) < PARALLEL_MIN_BYTES:
        return prepare(items)
    return combine(list(_pool(workers).map(prepare, chunks_for(items, workers))))


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


def _pool(workers: int) -> ProcessPoolExecutor:
    """The run's worker pool, created on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_quit_on_interrupt
        )
        atexit.register(_POOL.shutdown, wait=True, cancel_futures=True)
    return _POOL


def _quit_on_interrupt() -> None:
    """In a worker: end at once and quietly on SIGINT (a terminal's Ctrl-C reaches the whole group).

    The run itself decides what an interrupt means; a worker's traceback would only bury that.
    """
    signal.signal(signal.SIGINT, lambda *_: os._exit(EXIT_INTERRUPTED))


def stop_workers() -> None:
    """Stop the pool's workers now, mid-batch: an interrupted run does not wait for its parse."""
    global _POOL
    pool, _POOL = _POOL, None
    if pool is None:
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public way before 3.14
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
