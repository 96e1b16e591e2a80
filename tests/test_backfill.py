"""Backfills in windows, their idempotence and recovery, and reparsing from the raw store."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import CTGOV, SEEDS, dump_tables
from ctgov_server import CtgovTestServer, last_update, nct

from benchmarks.outcome_split_accuracy import iter_studies
from flows.backfill import Window, split_windows
from schemas.tables import TRIAL_TABLES
from tasks.ctgov_api import ClientSettings, CtgovError

pytestmark = pytest.mark.usefixtures("prefect_harness")
QUERY = "term=a"
SINCE, UNTIL = date(2023, 1, 1), date(2023, 12, 31)
DATA_TABLES = tuple(TRIAL_TABLES)


@pytest.fixture(scope="module")
def studies():
    """Real studies whose last updates spread over 2023 (so that windows split them)."""
    chosen = [s for s in iter_studies(CTGOV / "website_json_export") if last_update(s).startswith("2023")]
    return sorted(chosen, key=nct)[:40]


def dump(db, tables=DATA_TABLES):
    return dump_tables(db, tables)


def run_backfill(server, db, **kwargs):
    from flows.backfill import backfill

    kwargs.setdefault("since", SINCE)
    kwargs.setdefault("until", UNTIL)
    backoff = kwargs.pop("retry_backoff", 1.0)
    client = ClientSettings(base_url=server.base_url, min_interval=0, retry_backoff=backoff)
    return backfill(query=QUERY, db=str(db), client=client, **kwargs)


def test_split_windows_covers_the_range_without_overlap():
    windows = split_windows(date(2024, 1, 1), date(2024, 3, 5), 30)
    assert windows == [
        Window(date(2024, 1, 1), date(2024, 1, 30)),
        Window(date(2024, 1, 31), date(2024, 2, 29)),
        Window(date(2024, 3, 1), date(2024, 3, 5)),
    ]
    assert split_windows(date(2024, 1, 1), date(2024, 1, 1), 30) == [Window(date(2024, 1, 1), date(2024, 1, 1))]
    with pytest.raises(ValueError, match="before since"):
        split_windows(date(2024, 2, 1), date(2024, 1, 1), 30)


def test_backfill_in_windows_equals_one_sync_and_a_rerun_does_nothing(studies, tmp_path):
    from flows.sync import sync_ctgov

    windowed, whole = tmp_path / "windowed.duckdb", tmp_path / "whole.duckdb"
    with CtgovTestServer(studies) as server:
        report = run_backfill(server, windowed, window_days=60)
        assert len(report) == 7 and {r["status"] for r in report} == {"completed"}
        assert sum(r["loaded"] for r in report) == len(studies)
        sync_ctgov(
            query=QUERY,
            since=SINCE,
            until=UNTIL,
            db=str(whole),
            client=ClientSettings(base_url=server.base_url, min_interval=0),
        )
        assert dump(windowed) == dump(whole)
        assert dump(windowed, ["sync_state"]) == {"sync_state": []}  # the daily watermark did not move

        requests_before = len(server.requests)
        again = run_backfill(server, windowed, window_days=60)
        assert {r["status"] for r in again} == {"skipped"}
        assert len(server.requests) == requests_before  # nothing fetched
        assert dump(windowed) == dump(whole)


def test_a_failed_window_is_recorded_and_a_rerun_does_only_the_remaining_windows(studies, tmp_path):
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(studies) as server:
        server.faults = [{}] + [{"status": 503}] * 30  # window 1 fine; window 2 never answers
        with pytest.raises(CtgovError):
            run_backfill(server, db, window_days=120, retry_backoff=0.01)
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute("SELECT window_start, status FROM backfill_window ORDER BY 1").fetchall()
        assert rows == [(date(2023, 1, 1), "completed"), (date(2023, 5, 1), "failed")]
        server.faults = []
        report = run_backfill(server, db, window_days=120)
        assert [r["status"] for r in report] == ["skipped", "completed", "completed", "completed"]


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid`` or by one of its children, still running (read from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command, which may hold spaces
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def test_killing_a_backfill_midway_then_rerunning_completes_the_remaining_windows(studies, tmp_path):
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(studies) as server:
        env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "TRIALS_CTGOV_URL": server.base_url}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "backfill",
                "--since",
                str(SINCE),
                "--until",
                str(UNTIL),
                "--window-days",
                "30",
                "--query",
                QUERY,
                "--db",
                str(db),
                "--min-interval",
                "0.5",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 240
        while sum("pageSize" in r for r in server.requests) < 4 and time.monotonic() < deadline:
            assert process.poll() is None, "the backfill ended before it could be killed"
            time.sleep(0.1)
        # the CLI and its temporary Prefect server, which runs in a session of its own and would
        # otherwise outlive the test (a killed CLI cannot stop it)
        spawned = descendants(process.pid)
        os.killpg(process.pid, signal.SIGKILL)
        for pid in spawned:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL
        with duckdb.connect(str(db)) as con:  # opening for write also proves the lock was released
            done = con.execute("SELECT count(*) FROM backfill_window WHERE status = 'completed'").fetchall()[0][0]
        windows = len(split_windows(SINCE, UNTIL, 30))
        assert 1 <= done < windows
        report = run_backfill(server, db, window_days=30)
        assert [r["status"] for r in report] == ["skipped"] * done + ["completed"] * (windows - done)
        assert dump(db, ["trial"])["trial"].__len__() == len(studies)


def test_reparse_rebuilds_every_table_from_the_raw_store_without_the_files(tmp_path):
    import shutil

    from flows.backfill import reparse
    from flows.ingest import ingest_documents

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    shutil.copytree(SEEDS, inbox)
    ingest_documents(paths=[str(inbox)], db=str(db))
    before = dump(db)
    shutil.rmtree(inbox)  # reparse must not need the files
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM endpoint")  # as if an older parser had produced nothing here
    summary = reparse(db=str(db))
    assert summary.counts.loaded == 5 and summary.counts.rejected == 0
    assert dump(db) == before


def test_completed_windows_are_read_without_making_or_upgrading_a_warehouse(tmp_path):
    from tasks.backfill_tasks import finished_windows

    missing = tmp_path / "none.duckdb"
    assert finished_windows.fn(missing, "term=a") == set() and not missing.exists()
    import duckdb

    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).close()  # a file without the backfill_window table
    assert finished_windows.fn(old, "term=a") == set()
    with duckdb.connect(str(old)) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0] == 0  # not migrated
