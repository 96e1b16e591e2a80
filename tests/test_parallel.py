"""Preparing a batch across worker processes gives exactly the serial result, in order."""

from datetime import datetime
from multiprocessing.connection import wait
from pathlib import Path

import pandas as pd
from conftest import CTGOV, SEEDS

from tasks.batches import FileWork
from tasks.parallel import PARALLEL_MIN_BYTES, WorkerPool, split_by_weight, weight
from tasks.pipeline import plan_write, prepare_files


def file_work(paths: list[Path]) -> list[FileWork]:
    return [FileWork(str(p), p.stat().st_size) for p in paths]


def test_parallel_preparation_equals_serial_preparation():
    files = sorted(SEEDS.glob("*.txt")) + sorted((CTGOV / "website_json_export").glob("*.json"))
    # The exports share studies: the newer version must win across chunk boundaries too.
    batch = file_work(files)
    assert sum(map(weight, batch)) >= PARALLEL_MIN_BYTES and len(split_by_weight(batch, 8)) > 1
    seen_at = datetime(2026, 1, 1)
    serial, _ = plan_write(prepare_files(batch), "run", seen_at)
    pool = WorkerPool(2)
    try:
        parallel, result = plan_write(pool.prepare_files(batch), "run", seen_at)
        assert pool._executor is not None  # the batch did go to the workers
        workers = list(pool._executor._processes.values())
    finally:
        pool.stop()
    for worker in workers:  # terminated: a worker still starting may take a moment to go
        worker.join(timeout=30)
    # Ended (an idle worker would wait on): each one's sentinel, a pipe the worker holds open, is
    # closed. Not is_alive(): late in a long pytest process the children were reaped elsewhere (two
    # CI runs), and is_alive() then answers True for good, even after SIGKILL.
    assert workers and all(wait([worker.sentinel], timeout=0) for worker in workers)
    assert parallel.outcomes == serial.outcomes
    assert set(parallel.changes.frames) == set(serial.changes.frames)
    for table, frame in serial.changes.frames.items():
        pd.testing.assert_frame_equal(parallel.changes.frames[table], frame)
    assert len(result.loaded) > 150 and len(result.superseded) >= 10 and not result.rejected
    assert len(result.loaded) + len(result.superseded) == len(serial.outcomes)


def test_split_by_weight_keeps_order_and_balances_bytes():
    items = [FileWork(f"/f{i}", size) for i, size in enumerate([5, 1, 1, 1, 1, 1, 5, 1])]
    chunks = split_by_weight(items, 4)
    assert [w for chunk in chunks for w in chunk] == items
    assert [sum(w.size for w in chunk) for chunk in chunks] == [5, 4, 6, 1]
