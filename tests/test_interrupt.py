"""Ctrl-C during an ingest under the temporary server: exit 130, the run cancelled, nothing half-written.

The failpoint sends SIGINT to the whole process group of ``trials`` in the middle of the
second batch's transaction, as a terminal does: the command, its workers and, before the
temporary server had a session of its own, that server too (the run then hung for minutes).
"""

import sqlite3
import subprocess
import sys

import duckdb
from conftest import SEEDS

from warehouse.invariants import violations
from warehouse.snapshot import writer_path


def ingest(folder, db, home, failpoint=""):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PREFECT_HOME": str(home / "prefect"),
        "TRIALS_FAILPOINT": failpoint,
    }
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db), "--batch-size", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )


def rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        assert violations(con) == []
        return con.execute(sql).fetchall()


def test_ctrl_c_cancels_the_run_rolls_back_its_batch_and_readers_keep_the_last_run(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    (first / seeds[0].name).write_bytes(seeds[0].read_bytes())
    for seed in seeds[1:]:
        (second / seed.name).write_bytes(seed.read_bytes())
    db = tmp_path / "w.duckdb"
    assert ingest(first, db, tmp_path).returncode == 0

    interrupted = ingest(second, db, tmp_path, failpoint="load-after-insert:2:SIGINT")

    assert interrupted.returncode == 130, interrupted.stderr[-3000:]
    assert "trials: interrupted" in interrupted.stderr
    assert "Traceback" not in interrupted.stderr, interrupted.stderr[-3000:]
    # Readers see the last finished run; the writer's file holds the first batch and not the second.
    assert rows(db, "SELECT status, documents_seen FROM load_run") == [("completed", 1)]
    assert rows(db, "SELECT count(*) FROM source_document") == [(1,)]
    writer = writer_path(db)
    assert rows(writer, "SELECT status, documents_seen FROM load_run ORDER BY started_at") == [
        ("completed", 1),
        ("cancelled", 1),
    ]
    assert rows(writer, "SELECT count(*) FROM source_document") == [(2,)]
    with sqlite3.connect(tmp_path / "prefect" / "prefect.db") as prefect_db:
        states = prefect_db.execute("SELECT state_type FROM flow_run ORDER BY created").fetchall()
    assert states == [("COMPLETED",), ("CANCELLED",)]

    again = ingest(second, db, tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert rows(db, "SELECT count(*) FROM source_document") == [(len(seeds),)]


def test_a_batch_whose_statement_duckdb_aborts_rolls_back_and_raises_that_error(tmp_path):
    # A failed or interrupted statement aborts DuckDB's transaction; unregistering the batch's
    # frames in it used to fail too, and that error hid the first (Ctrl-C then ended a run as failed).
    from datetime import datetime

    import pandas as pd
    import pytest

    from tasks.sources import Resolution
    from warehouse.connection import write_connection
    from warehouse.loader import BatchWrite, write_batch
    from warehouse.loader import is_duckdb_interrupt as interrupted

    db = tmp_path / "w.duckdb"
    bad = pd.DataFrame({"trial_id": ["T1"], "ordinal": [0], "name": [None]})  # condition.name is NOT NULL
    batch = BatchWrite("run", "1", datetime.now(), [], Resolution(affected=["T1"], frames={"condition": bad}))
    with write_connection(db) as con:
        with pytest.raises(duckdb.ConstraintException):
            write_batch(con, batch)
        assert con.execute("SELECT count(*) FROM condition").fetchall() == [(0,)]
        con.execute("BEGIN TRANSACTION")  # no transaction was left open
        con.execute("ROLLBACK")
    assert interrupted(RuntimeError("Query interrupted"))  # DuckDB's report of a SIGINT mid-statement
    assert interrupted(duckdb.InterruptException("INTERRUPT Error: Interrupted!"))
    assert not interrupted(RuntimeError("another error"))
