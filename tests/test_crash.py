"""SIGKILL an ingest at many points; a rerun must give exactly the warehouse of a clean run.

Named failpoints (``warehouse/failpoints.py``) kill the ``trials ingest`` process at batch
boundaries and inside the load transaction. The runs share one real Prefect server so
that each costs seconds, not a temporary server start.
"""

import os
import shutil
import signal
import subprocess
import sys

import duckdb
import pytest
from conftest import CTGOV, SEEDS, dump_tables, query_rows
from prefect_server import running_prefect_server

from schemas.tables import TRIAL_TABLES
from warehouse.invariants import violations

POINTS = [
    "batch-start",
    "after-fingerprint",
    "after-parse",
    "load-after-delete",
    "load-after-insert",
    "load-before-commit",
    "load-after-commit",
]
HITS = [1, 3, 6]  # first, middle and last of the six batches (one file a batch)
# Fingerprinting reads every file once per run, before the batches.
CASES = [(point, hit) for point in POINTS for hit in ([1] if point == "after-fingerprint" else HITS)]
# When a run saw a document (its content is valid from then, when it states no date of its own).
VOLATILE = {
    "source_document": {"first_seen_at", "last_seen_at", "loaded_at", "valid_from"},
    "raw_document": {"stored_at"},
}
DUMPED = [*TRIAL_TABLES, "source_document", "raw_document"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_prefect_server(tmp_path_factory.mktemp("crash-prefect")) as running:
        yield running


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash-inbox")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder)
    shutil.copy(CTGOV / "website_json_export" / "ctg-studies_export_2023-06-28_10studies.json", folder)
    return folder


def ingest(server, inbox, db, failpoint=None):
    env = {**server[0], "TRIALS_FAILPOINT": failpoint or ""}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", str(inbox), "--db", str(db), "--batch-size", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def dump(db):
    tables = dump_tables(db, DUMPED, VOLATILE)
    with duckdb.connect(str(db), read_only=True) as con:
        assert violations(con) == []
    return tables


@pytest.fixture(scope="module")
def clean(server, inbox, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "w.duckdb"
    result = ingest(server, inbox, db)
    assert result.returncode == 0, result.stderr[-2000:]
    return dump(db)


@pytest.mark.parametrize(("point", "hit"), CASES)
def test_killed_ingest_then_rerun_equals_a_clean_run(server, inbox, clean, tmp_path, point, hit):
    db = tmp_path / "w.duckdb"
    crashed = ingest(server, inbox, db, failpoint=f"{point}:{hit}")
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    rerun = ingest(server, inbox, db)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert dump(db) == clean
    assert not os.path.exists(f"{db}.wal") or os.path.getsize(f"{db}.wal") == 0


def test_a_run_that_fails_while_its_worker_prepares_batches_ends_at_once_and_publishes_nothing(server, tmp_path):
    # Batches of 2.1 MB, so that a worker prepares them; the run fails once the first is prepared,
    # while its worker prepares the second: the worker is stopped mid-batch.
    folder = tmp_path / "studies"
    shutil.copytree(CTGOV / "more_studies", folder)
    db = tmp_path / "w.duckdb"
    env = {**server[0], "TRIALS_FAILPOINT": "after-parse:1:ERROR", "TRIALS_PARSE_WORKERS": "1"}
    command = [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db), "--batch-size", "124"]
    failed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1, failed.stderr[-2000:]
    assert "failpoint after-parse reached" in failed.stderr
    assert not db.exists()  # a failed run publishes nothing
    again = subprocess.run(command, env={**env, "TRIALS_FAILPOINT": ""}, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert query_rows(db, "SELECT count(*) FROM trial") == [(373,)]
