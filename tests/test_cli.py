"""The ``trials`` command as a user runs it: real subprocesses, real files."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import CTGOV, SEEDS
from ctgov_server import CtgovTestServer

from benchmarks.outcome_split_accuracy import iter_studies


def trials(*args, env_extra=None, home=None):
    env = {
        **os.environ,
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_HOME": str(home) if home else os.environ["PREFECT_HOME"],
        **(env_extra or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "notes.txt").write_text("not a trial\n")
    db = root / "w.duckdb"
    result = trials("ingest", str(inbox), "--db", str(db), home=root / "prefect")
    return result, db


def test_ingest_prints_a_summary_and_exits_0_with_rejections(ingested):
    result, _ = ingested
    assert result.returncode == 0, result.stderr[-2000:]
    assert "documents: seen 6, loaded 5, unchanged 0, rejected 1, superseded 0" in result.stdout
    assert "rows: trial 5," in result.stdout
    assert "notes.txt: unrecognized format" in result.stdout
    assert "ingest: 6/6 files, 6 documents" in result.stderr  # plain progress lines: not a terminal
    assert "Finished in state" not in result.stderr  # Prefect's per-task lines are off by default
    assert result.stderr.count("`trials server start`") == 1  # no server: said once how to get one


def test_the_run_report_is_written_beside_the_warehouse_and_named_in_the_summary(ingested):
    result, db = ingested
    report_line = result.stdout.strip().splitlines()[-1]
    assert report_line.startswith(f"report: {db.parent / 'runs'}/") and report_line.endswith(".md")
    report = (db.parent / "runs" / report_line.split("/")[-1]).read_text(encoding="utf-8")
    assert report.startswith("# Ingest run\n")
    assert "| documents_seen | 6 |" in report and "| loaded | 5 |" in report and "| rejected | 1 |" in report
    assert "notes.txt | unrecognized format" in report


def test_sql_formats(ingested):
    _, db = ingested
    query = "SELECT registry_id, enrollment FROM trial WHERE registry_id IS NOT NULL"
    table = trials("sql", query, "--db", str(db))
    assert table.returncode == 0 and "NCT06223646 | 29" in table.stdout and "(1 row)" in table.stdout
    as_csv = trials("sql", query, "--db", str(db), "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["registry_id", "enrollment"], ["NCT06223646", "29"]]
    as_json = trials("sql", query, "--db", str(db), "--format", "json")
    assert json.loads(as_json.stdout) == {"registry_id": "NCT06223646", "enrollment": 29}


def test_sql_from_a_file_and_trials_db_from_the_environment(ingested, tmp_path):
    _, db = ingested
    queries = tmp_path / "q.sql"
    queries.write_text("SELECT count(*) AS n FROM trial;\nSELECT count(*) AS n FROM endpoint;\n")
    result = trials("sql", "--file", str(queries), "--format", "csv", env_extra={"TRIALS_DB": str(db)})
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
def test_sql_cannot_modify_the_warehouse(ingested, statement):
    _, db = ingested
    before = trials("sql", "SELECT count(*) FROM trial", "--db", str(db), "--format", "csv").stdout
    result = trials("sql", statement, "--db", str(db))
    assert result.returncode == 1
    assert "read-only" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert trials("sql", "SELECT count(*) FROM trial", "--db", str(db), "--format", "csv").stdout == before


def test_one_line_errors_for_a_missing_path_and_an_unusable_warehouse(tmp_path):
    missing = trials("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"trials: error: no such file or folder: {tmp_path / 'nope'}"
    absent = trials("sql", "SELECT 1", "--db", str(tmp_path / "absent.duckdb"))
    assert absent.returncode == 1 and "does not exist" in absent.stderr
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_text("this is not a database")
    broken = trials("sql", "SELECT 1", "--db", str(garbage))
    assert broken.returncode == 1 and broken.stderr.startswith("trials: error: cannot open warehouse")


def test_sync_command_against_the_local_server(tmp_path):
    studies = sorted(
        iter_studies(CTGOV / "website_json_export"), key=lambda s: s["protocolSection"]["identificationModule"]["nctId"]
    )[:12]
    db = tmp_path / "w.duckdb"
    with CtgovTestServer(studies, page_size=5) as server:
        result = trials(
            "sync",
            "--query",
            "term=a",
            "--until",
            "2030-01-01",
            "--db",
            str(db),
            "--min-interval",
            "0",
            env_extra={"TRIALS_CTGOV_URL": server.base_url},
            home=tmp_path / "prefect",
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "documents: seen 12, loaded 12" in result.stdout
    status = trials("sql", "SELECT query_key, watermark FROM sync_state", "--db", str(db), "--format", "csv")
    assert status.stdout.splitlines()[1] == "term=a,2030-01-01"
    bad = trials("sync", "--query", "colour=red", "--db", str(db))
    assert bad.returncode == 1 and "unknown query field 'colour'" in bad.stderr


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trips_every_table(ingested, tmp_path, fmt):
    import duckdb

    _, db = ingested
    out = tmp_path / "export"
    result = trials("export", str(out), "--db", str(db), "--format", fmt)
    assert result.returncode == 0, result.stderr
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                "AND table_name <> 'schema_version'"
            ).fetchall()
        ]
        for table in tables:
            expected = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            assert (
                con.execute(f"SELECT count(*) FROM {reader}('{out / f'{table}.{fmt}'}')").fetchall()[0][0] == expected
            )
        if fmt == "parquet":  # values survive, lists included
            original = con.execute("SELECT * FROM endpoint ORDER BY ALL").fetchall()
            assert (
                con.execute(f"SELECT * FROM read_parquet('{out / 'endpoint.parquet'}') ORDER BY ALL").fetchall()
                == original
            )


def test_a_closed_pipe_a_missing_sql_file_and_bad_numbers_are_one_line_each(ingested, tmp_path):
    _, db = ingested
    piped = subprocess.run(
        f"{sys.executable} -m flows.cli sql 'SELECT * FROM endpoint' --db {db} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.stderr == "" and piped.stdout.startswith("trial_id")
    missing = trials("sql", "--file", str(tmp_path / "missing.sql"), "--db", str(db))
    assert missing.returncode == 2 and missing.stderr.startswith("trials: error: cannot read")
    both = trials("sql", "SELECT 1", "--file", str(tmp_path / "q.sql"), "--db", str(db))
    assert both.returncode == 2 and "one of the two" in both.stderr
    for bad in ("0", "-5", "many"):
        refused = trials("ingest", str(tmp_path), "--batch-size", bad)
        assert refused.returncode == 2 and "--batch-size" in refused.stderr
    backwards = trials("sync", "--since", "2024-02-01", "--until", "2024-01-01", "--db", str(tmp_path / "s.duckdb"))
    assert backwards.returncode == 2 and "is after --until" in backwards.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_version_and_list_columns_as_json_in_csv(ingested):
    _, db = ingested
    version = trials("--version")
    assert version.returncode == 0 and version.stdout.startswith("trials ") and "schema" in version.stdout
    result = trials(
        "sql", "SELECT categories FROM endpoint WHERE len(categories) > 1 LIMIT 1", "--db", str(db), "--format", "csv"
    )
    cell = list(csv.reader(io.StringIO(result.stdout)))[1][0]
    assert len(json.loads(cell)) > 1


def test_export_of_a_missing_warehouse_creates_nothing_and_views_are_exported(ingested, tmp_path):
    _, db = ingested
    absent = trials("export", str(tmp_path / "out"), "--db", str(tmp_path / "absent.duckdb"))
    assert absent.returncode == 1 and not (tmp_path / "out").exists()
    assert trials("export", str(tmp_path / "all"), "--db", str(db), "--format", "csv").returncode == 0
    assert {"trial_source.csv", "trial_version.csv", "trial_overview.csv"} <= {
        p.name for p in (tmp_path / "all").iterdir()
    }


def test_an_empty_folder_ingests_with_a_warning(tmp_path):
    (tmp_path / "empty").mkdir()
    result = trials("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "w.duckdb"), home=tmp_path / "home")
    assert result.returncode == 0 and "warning: no document files under" in result.stderr


def test_status_counts_the_rows_of_every_table_the_warehouse_holds(ingested):
    _, db = ingested
    status = trials("status", "--db", str(db))
    assert status.returncode == 0, status.stderr
    rows = status.stdout.split("\nrows:\n", 1)[1]
    counted = {line.split("|")[0].strip(): line.split("|")[1].strip() for line in rows.splitlines() if "|" in line}
    # Thresholds were left out by a hand-written list; the seeds state some.
    assert int(counted["criterion_threshold"]) > 0 and int(counted["trial"]) == 5
    assert {"endpoint", "criterion", "site", "source_document", "parse_warning"} <= set(counted)
