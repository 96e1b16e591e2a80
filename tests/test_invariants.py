"""The invariants catch what key indexes used to refuse: duplicated rows (schema 6 has no row keys)."""

import re
from datetime import datetime

import duckdb
import pytest
from conftest import SEEDS

from tasks.batches import fingerprint_files
from tasks.documents import discover_files
from tasks.pipeline import load_prepared, prepare_files
from warehouse.invariants import InvariantViolation, assert_invariants, check_scope, violations


@pytest.fixture
def warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    work, _ = fingerprint_files(db, discover_files([SEEDS]), False)
    load_prepared(db, prepare_files(work), "run", datetime(2026, 1, 1))
    return db


def test_a_clean_warehouse_holds_every_invariant(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        assert violations(con) == []


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("trial", "trial: 1 duplicate trial_id values"),
        ("endpoint", "endpoint: 1 duplicate (trial_id, ordinal) keys"),
        ("criterion_threshold", "criterion_threshold: 1 duplicate (trial_id, ordinal) keys"),
        ("raw_document", "raw_document: 1 duplicate document_id values"),
    ],
)
def test_a_duplicated_row_is_named(warehouse, table, expected):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1")  # no index refuses it any more
        assert expected in violations(con)
        with pytest.raises(InvariantViolation, match=re.escape(expected)):
            assert_invariants(con)


def test_key_columns_still_refuse_nulls(warehouse):
    with duckdb.connect(str(warehouse)) as con, pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO endpoint (trial_id, ordinal, kind, measure) VALUES (NULL, 1, 'primary', 'x')")


def test_a_parse_warning_without_its_trial_is_named(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("INSERT INTO parse_warning VALUES ('NCT00000000', 1, 'doc', 'outcomes', 'no outcome field found')")
        assert violations(con) == [
            "parse_warning: 1 orphan rows (trial_id not in trial)",
            "parse_warning: 1 rows from a document that is not a current source of their trial",
        ]


def _trial_ids(con) -> list[str]:
    return [row[0] for row in con.execute("SELECT trial_id FROM trial ORDER BY trial_id").fetchall()]


@pytest.mark.parametrize("table", ["endpoint", "criterion", "trial"])
def test_a_check_scoped_to_some_trials_sees_their_rows_only(warehouse, table):
    with duckdb.connect(str(warehouse)) as con:
        first = con.execute(f"SELECT min(trial_id) FROM {table}").fetchone()[0]  # a trial with rows there
        others = [t for t in _trial_ids(con) if t != first]
        con.execute(f"INSERT INTO {table} SELECT * FROM {table} WHERE trial_id = ? LIMIT 1", [first])
        named = [v for v in violations(con) if v.startswith(f"{table}: 1 duplicate")]
        assert len(named) == 1
        assert violations(con, [first]) == named
        assert violations(con, others) == []
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'invariant_scope'").fetchone() == (0,)


def test_a_scoped_check_names_the_orphans_of_a_trial_it_wrote(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        first = _trial_ids(con)[0]
        con.execute("DELETE FROM trial WHERE trial_id = ?", [first])  # as a batch that dropped the trial but not its rows
        found = violations(con, [first])
        assert "endpoint: " + str(_rows_of(con, "endpoint", first)) + " orphan rows (trial_id not in trial)" in found
        assert "source_document: 1 loaded documents whose trial is missing" in found


def _rows_of(con, table: str, trial_id: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE trial_id = ?", [trial_id]).fetchone()[0]


def test_a_run_that_wrote_many_of_the_trials_checks_them_all(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        trials = _trial_ids(con)
        assert len(trials) == 5
        assert check_scope(con, trials[:1]) == trials[:1]  # 1 of 5: exactly the share allowed
        assert check_scope(con, trials[:2]) is None
        assert check_scope(con, []) == []
