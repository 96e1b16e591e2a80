"""Parse large batches on every core: a process pool shared by the batches of a run.

Parsing is pure CPU, so a batch is cut into chunks parsed by worker processes. The pool
uses the ``spawn`` start method (a forked child of a process with Prefect's threads can
inherit held locks), is created on first use and closed at exit. Small batches are parsed
in-process: starting workers costs more than it saves.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from tasks.parsers.records import ParsedDocument, SourceDocument
from tasks.pipeline import parse_documents

PARALLEL_THRESHOLD = 400  # documents to parse before workers pay for themselves
_POOL: ProcessPoolExecutor | None = None


def worker_count() -> int:
    """Workers to use: ``$TRIALS_PARSE_WORKERS`` if set, else one per core."""
    configured = os.environ.get("TRIALS_PARSE_WORKERS")
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)


def parse_in_parallel(documents: list[SourceDocument]) -> list[ParsedDocument]:
    """Parse ``documents`` across worker processes, keeping their order."""
    workers = worker_count()
    if workers == 1 or len(documents) < PARALLEL_THRESHOLD:
        return parse_documents(documents)
    size = -(-len(documents) // (workers * 4))  # a few chunks per worker evens out slow documents
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    return [parsed for chunk in _pool(workers).map(parse_documents, chunks) for parsed in chunk]


def _pool(workers: int) -> ProcessPoolExecutor:
    """The run's worker pool, created on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_POOL.shutdown, wait=True, cancel_futures=True)
    return _POOL
