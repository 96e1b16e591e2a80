"""No hidden global state: importing the code changes nothing, and a run owns its parse workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CTGOV

from flows.config import resolve_parse_workers
from tasks.batches import FileWork
from tasks.parallel import PARALLEL_MIN_BYTES, WorkerPool
from warehouse import failpoints

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_pipeline_leaves_the_csv_limit_and_environment_alone():
    script = (
        "import csv, os; limit, env = csv.field_size_limit(), dict(os.environ)\n"
        "import flows.ingest, flows.sync, flows.backfill, flows.cli, tasks.parsers.ctgov_csv\n"
        "assert csv.field_size_limit() == limit, csv.field_size_limit()\n"
        "assert dict(os.environ) == env, set(os.environ) ^ set(env)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_csv_with_a_cell_over_the_default_limit_still_parses():
    from tasks.parsers import ctgov_csv

    summary = "x" * 200_000  # over Python's default 128 KB limit
    rows = ctgov_csv.rows(f'NCT Number,Study Title,Brief Summary\nNCT01234567,A trial,"{summary}"\n')
    assert rows[0]["Brief Summary"] == summary


def test_a_failpoint_reads_its_setting_when_reached_not_at_import(monkeypatch):
    monkeypatch.setattr(failpoints, "_HITS", {})
    failpoints.failpoint("batch-start")
    assert failpoints._HITS == {}  # unset: nothing counted
    monkeypatch.setenv(failpoints.FAILPOINT_ENV, "batch-start:3")  # set after import
    failpoints.failpoint("batch-start")
    failpoints.failpoint("after-parse")
    assert failpoints._HITS == {"batch-start": 1}


def test_parse_workers_come_from_the_flag_then_the_environment_then_the_runs_work(monkeypatch):
    assert resolve_parse_workers(3, {"TRIALS_PARSE_WORKERS": "5"}) == 3
    assert resolve_parse_workers(None, {"TRIALS_PARSE_WORKERS": "5"}) == 5
    assert resolve_parse_workers(None, {"TRIALS_PARSE_WORKERS": "0"}) == 0  # in the run's own process
    assert resolve_parse_workers(None, {"TRIALS_PARSE_WORKERS": "-2"}) == 0
    assert resolve_parse_workers(None, {}) is None  # the pool chooses
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    pool = WorkerPool(None)
    assert pool.size() == 7  # several batches: one core is the writer's
    pool.expect_batches(1)
    assert pool.size() == 8  # one batch: nothing to write while it is parsed
    assert WorkerPool(3).size() == 3
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert WorkerPool(None).size() == 1
    with pytest.raises(ValueError, match="TRIALS_PARSE_WORKERS must be a whole number"):
        resolve_parse_workers(None, {"TRIALS_PARSE_WORKERS": "many"})


def test_a_pool_starts_workers_only_for_a_large_batch_and_ends_them_when_stopped():
    small = [FileWork(str(p), p.stat().st_size) for p in sorted((CTGOV / "website_json_export").glob("*.json"))[:2]]
    pool = WorkerPool(2)
    assert pool.prepare_files(small).outcomes and pool._executor is None  # prepared in-process
    files = sorted((CTGOV / "website_json_export").glob("*.json"))
    large = [FileWork(str(p), p.stat().st_size) for p in files]
    assert sum(item.size for item in large) >= PARALLEL_MIN_BYTES
    try:
        assert pool.prepare_files(large).outcomes
        processes = list(pool._executor._processes.values())
        assert processes and all(process.is_alive() for process in processes)
    finally:
        pool.stop()
    assert pool._executor is None
    assert all_ended(processes)


def test_one_worker_is_a_process_of_its_own_and_none_is_the_runs_own():
    files = sorted((CTGOV / "website_json_export").glob("*.json"))
    large = [FileWork(str(p), p.stat().st_size) for p in files]
    in_process = WorkerPool(0)
    assert in_process.prepare_files(large).outcomes and in_process._executor is None
    one = WorkerPool(1)
    try:
        assert one.prepare_files(large).outcomes
        processes = list(one._executor._processes.values())
        assert len(processes) == 1 and processes[0].pid != os.getpid()
    finally:
        one.stop()


def all_ended(processes: list, patience: float = 30.0) -> bool:
    """Whether every process has ended, waiting up to ``patience`` seconds.

    The executor's manager thread also reaps its workers: while it holds a pid it has
    waited for, ``is_alive`` in this thread can briefly answer True for an ended process.
    """
    deadline = time.monotonic() + patience
    while any(process.is_alive() for process in processes):
        if time.monotonic() > deadline:
            return False
        for process in processes:
            process.join(timeout=0.2)
    return True
