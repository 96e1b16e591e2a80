"""Concurrent writers and readers: bounded waits, no errors, the same result as running in sequence."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CTGOV, SEEDS, dump_tables, query_rows

from schemas.tables import TRIAL_TABLES
from warehouse.connection import WarehouseBusy, write_connection, writer_lock
from warehouse.snapshot import writer_path

DATA_TABLES = tuple(TRIAL_TABLES)


def trials_process(args, home, **popen):
    env = {**os.environ, "PREFECT_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def dump(db):
    return dump_tables(db, DATA_TABLES)


@pytest.fixture
def inboxes(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(SEEDS, first)
    shutil.copytree(CTGOV / "website_json_export", second)  # no trial in common with the seeds
    return first, second


def test_two_concurrent_ingests_and_a_sql_loop_equal_the_sequential_result(inboxes, tmp_path):
    first, second = inboxes
    db = tmp_path / "shared.duckdb"
    writers = [
        trials_process(["ingest", str(inbox), "--db", str(db)], tmp_path / f"home{n}")
        for n, inbox in enumerate(inboxes)
    ]
    reads, failures = 0, []
    time.sleep(3)  # let the writers create the file
    while any(w.poll() is None for w in writers):
        if db.exists():
            result = subprocess.run(
                [sys.executable, "-m", "flows.cli", "sql", "SELECT count(*) FROM trial", "--db", str(db)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            reads += 1
            if result.returncode != 0:
                failures.append(result.stderr)
    outputs = [w.communicate() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [o[1][-1500:] for o in outputs]
    assert failures == [] and reads >= 1

    sequential = tmp_path / "sequential.duckdb"
    for n, inbox in enumerate((first, second)):
        process = trials_process(["ingest", str(inbox), "--db", str(sequential)], tmp_path / f"seq{n}")
        assert process.wait(timeout=600) == 0
    assert dump(db) == dump(sequential)


def test_a_reader_holding_the_warehouse_through_an_ingest_never_blocks_it(tmp_path):
    import duckdb

    db = tmp_path / "w.duckdb"
    assert trials_process(["ingest", str(SEEDS), "--db", str(db)], tmp_path / "home").wait(timeout=600) == 0
    reader = duckdb.connect(str(db), read_only=True)  # an analyst's notebook, open through the next run
    try:
        inbox = CTGOV / "website_json_export"
        writer = trials_process(["ingest", str(inbox), "--db", str(db)], tmp_path / "home")
        _, stderr = writer.communicate(timeout=600)
        assert writer.returncode == 0, stderr[-2000:]
        assert reader.execute("SELECT count(*) FROM trial").fetchall() == [(5,)]  # its snapshot, whole
    finally:
        reader.close()
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM trial").fetchall()[0][0] > 100


def test_a_writer_waits_a_bounded_time_then_names_the_holder(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from warehouse.connection import writer_lock\n"
            f"with writer_lock(Path({str(db)!r})):\n    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy, match=rf"being written by pid {holder.pid} .* gave up after waiting 1 s"):
            with writer_lock(db, wait_seconds=1):
                pass
    finally:
        holder.kill()
        holder.wait()
    with writer_lock(db, wait_seconds=5):  # released when its holder died
        pass


def test_the_writes_of_a_held_lock_share_one_connection_published_when_the_lock_is_let_go(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer_lock(db):
        with write_connection(db) as first:
            first.execute("CREATE TABLE t (a INTEGER)")
            first.execute("INSERT INTO t VALUES (1)")
        with write_connection(db) as second:
            assert second is first  # not closed (checkpointed) after each write
            second.execute("INSERT INTO t VALUES (2)")
        assert not db.exists()  # readers see nothing before the work ends
    assert query_rows(db, "SELECT a FROM t ORDER BY a") == [(1,), (2,)]
    assert not Path(f"{writer_path(db)}.wal").exists()  # checkpointed before it was published


def test_an_interrupted_lock_leaves_its_committed_log_to_the_next_writer_and_publishes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    with write_connection(db) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
        con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(KeyboardInterrupt), writer_lock(db):
        with write_connection(db) as con:
            con.execute("INSERT INTO t VALUES (2)")
        raise KeyboardInterrupt
    assert Path(f"{writer_path(db)}.wal").stat().st_size > 0  # not checkpointed: an interrupt does not wait for it
    assert query_rows(db, "SELECT a FROM t") == [(1,)]  # readers keep the last finished work
    with write_connection(db) as con:
        assert con.execute("SELECT a FROM t ORDER BY a").fetchall() == [(1,), (2,)]  # the log is replayed
    assert query_rows(db, "SELECT a FROM t ORDER BY a") == [(1,), (2,)]
