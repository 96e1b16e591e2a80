"""The read-only ``trials`` commands, in-process through Click's ``CliRunner``, on a real warehouse of the seeds."""

import csv
import io
import json
from datetime import datetime

import duckdb
import pytest
from click.testing import CliRunner
from conftest import SEEDS

from flows.cli import cli, main
from tasks.batches import fingerprint_files
from tasks.documents import discover_files
from tasks.pipeline import load_prepared, prepare_files


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The five seeds, loaded by the pipeline's own steps (no Prefect run needed for reading)."""
    path = tmp_path_factory.mktemp("cli-commands") / "w.duckdb"
    work, _ = fingerprint_files(path, discover_files([SEEDS]), False)
    load_prepared(path, prepare_files(work), "run", datetime(2026, 1, 1))
    return path


def trials(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_sql_prints_a_table_csv_or_json_lines(db):
    query = "SELECT registry_id, enrollment FROM trial WHERE registry_id IS NOT NULL"
    table = trials("sql", query, "--db", db)
    assert table.exit_code == 0 and "NCT06223646 | 29" in table.stdout and "(1 row)" in table.stdout
    as_csv = trials("sql", query, "--db", db, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["registry_id", "enrollment"], ["NCT06223646", "29"]]
    as_json = trials("sql", query, "--db", db, "--format", "json")
    assert json.loads(as_json.stdout) == {"registry_id": "NCT06223646", "enrollment": 29}


def test_sql_reads_a_file_and_finds_the_warehouse_in_trials_db(db, tmp_path):
    queries = tmp_path / "q.sql"
    queries.write_text("SELECT count(*) AS n FROM trial;\nSELECT count(*) AS n FROM endpoint;\n")
    result = trials("sql", "--file", queries, "--format", "csv", env={"TRIALS_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["n", "5", "n", "83"]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO trial (trial_id, source_format, document_id) VALUES ('x', 'medpath', 'y')",
        "DROP TABLE trial",
        "CREATE TABLE t (a INT)",
        "UPDATE trial SET title = 'x'",
        "ATTACH ':memory:' AS elsewhere",
        "COPY (SELECT * FROM trial) TO '/tmp/trials-leak.csv'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SELECT 1; DELETE FROM trial",
    ],
)
def test_sql_cannot_modify_the_warehouse(db, statement):
    before = trials("sql", "SELECT count(*) FROM trial", "--db", db, "--format", "csv").stdout
    result = trials("sql", statement, "--db", db)
    assert result.exit_code == 1
    assert "read-only" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("trials: error: ")
    assert trials("sql", "SELECT count(*) FROM trial", "--db", db, "--format", "csv").stdout == before


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trips_every_table_and_view(db, tmp_path, fmt):
    out = tmp_path / "export"
    result = trials("export", out, "--db", db, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        for table in tables:
            expected = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            exported = con.execute(f"SELECT count(*) FROM {reader}('{out / f'{table}.{fmt}'}')").fetchall()[0][0]
            assert exported == expected, table
            assert f"{out / f'{table}.{fmt}'}: {expected} rows" in result.stdout.splitlines()
        if fmt == "parquet":  # values survive, lists included
            original = con.execute("SELECT * FROM endpoint ORDER BY ALL").fetchall()
            copy = con.execute(f"SELECT * FROM read_parquet('{out / 'endpoint.parquet'}') ORDER BY ALL").fetchall()
            assert copy == original
    views = {f"{view}.{fmt}" for view in ("trial_source", "trial_version", "trial_overview")}
    assert views <= {p.name for p in out.iterdir()}


def test_status_counts_the_rows_of_every_table_the_warehouse_holds(db):
    status = trials("status", "--db", db)
    assert status.exit_code == 0, status.stderr
    assert status.stdout.startswith(f"warehouse: {db} (schema version ")
    rows = status.stdout.split("\nrows:\n", 1)[1]
    counted = {line.split("|")[0].strip(): line.split("|")[1].strip() for line in rows.splitlines() if "|" in line}
    # Thresholds were left out by a hand-written list; the seeds state some.
    assert int(counted["criterion_threshold"]) > 0 and int(counted["trial"]) == 5
    assert {"endpoint", "criterion", "site", "source_document", "parse_warning"} <= set(counted)


def test_check_says_every_invariant_holds(db):
    result = trials("check", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{db}: all invariants hold"]


def test_sources_lists_the_documents_of_a_trial(db):
    result = trials("sources", "NCT06223646", "--db", db, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and rows[0]["primary_source"] == "True" and rows[0]["uri"].endswith(".txt")


def test_history_prints_its_two_results_as_two_csv_blocks(db):
    result = trials("history", "NCT06223646", "--db", db, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    versions, changed = result.stdout.rstrip("\n").split("\n\n")
    assert versions.splitlines()[0] == "version,document_id,source_format,valid_from,uri"
    assert len(versions.splitlines()) == 2  # one document: one version
    assert changed.splitlines() == ["version,item,change,before,after"]  # and nothing changed


def test_main_returns_the_exit_status_for_callers_in_python(db, capsys):
    assert main(["sql", "SELECT 42 AS answer", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "answer\n42\n"
    assert main(["history", "NCT99999999", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "trials: error: no trial NCT99999999 in the warehouse\n"
    assert main(["sql", "SELECT 1", "--nope"]) == 2
    assert main(["--help"]) == 0
