"""The invariants catch what key indexes used to refuse: duplicated rows (schema 6 has no row keys)."""

import re
from datetime import datetime

import duckdb
import pytest
from conftest import SEEDS

from tasks.batches import fingerprint_files
from tasks.documents import discover_files
from tasks.pipeline import load_prepared, prepare_files
from warehouse.invariants import InvariantViolation, assert_invariants, violations


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
