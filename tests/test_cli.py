"""The ``trials`` command as a user runs it: real subprocesses, real files.

These run the flows end to end (Prefect, a temporary server) and the closed pipe; the other
commands and every error are tested in-process in ``test_cli_commands.py`` and ``test_cli_errors.py``.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory):
    from warehouse.connection import write_connection

    db = tmp_path_factory.mktemp("empty") / "w.duckdb"
    with write_connection(db):
        pass  # the schema, no rows
    return db


def test_a_reader_that_goes_away_ends_sql_quietly_with_141(empty_warehouse):
    # A million lines overflow the pipe, so `head` really closes it under the writer.
    piped = subprocess.run(
        f"{sys.executable} -m flows.cli sql 'SELECT range AS n FROM range(1000000)' --db {empty_warehouse} --format csv"
        " | head -2; echo ${PIPESTATUS[0]} >&2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.stdout == "n\n0\n"
    assert piped.stderr == "141\n"  # no message, no traceback: only the status the shell recorded


@pytest.mark.parametrize("command", [["status"], ["sql", "SELECT 1 AS n"], ["check"]])
def test_a_pipe_closed_before_the_first_line_ends_the_command_quietly_with_141(empty_warehouse, command):
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *command, "--db", str(empty_warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()  # before the interpreter has even started: its first write fails
    assert process.wait(timeout=120) == 141
    assert process.stderr.read() == ""


def test_the_installed_console_script_runs_main(empty_warehouse):
    script = Path(sys.executable).parent / "trials"
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("trials ") and "schema" in version.stdout
    refused = subprocess.run(
        [str(script), "sql", "DROP TABLE trial", "--db", str(empty_warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "trials: error: the warehouse is read-only here: DROP statements are not allowed"
    ]


def test_an_empty_folder_ingests_with_a_warning(tmp_path):
    (tmp_path / "empty").mkdir()
    result = trials("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "w.duckdb"), home=tmp_path / "home")
    assert result.returncode == 0 and "warning: no document files under" in result.stderr


# Imported only when a batch is prepared or loaded: the parsers' registry, Pandera and the row
# builders, the pipeline itself and matching.
PREPARATION_MODULES = ("pandera", "tasks.pipeline", "tasks.parsers.formats", "tasks.rows", "tasks.sources")


def imported_modules(stderr: str) -> set[str]:
    """The modules a process imported, from its ``-X importtime`` lines."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def ingest_with_import_times(inbox: Path, db: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    """``trials ingest`` of ``inbox`` with ``-X importtime``; the result and the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flows.cli", "ingest", str(inbox), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PREFECT_HOME": str(db.parent / "prefect")},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result, imported_modules(result.stderr)


def preparing(modules: set[str]) -> list[str]:
    """The modules of :data:`PREPARATION_MODULES` (and their submodules) among ``modules``."""
    return sorted(
        m for m in modules if m in PREPARATION_MODULES or m.startswith(tuple(f"{p}." for p in PREPARATION_MODULES))
    )


def test_a_rerun_over_unchanged_files_imports_nothing_that_prepares_documents(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    cold, imported = ingest_with_import_times(inbox, tmp_path / "w.duckdb")
    assert "loaded 5" in cold.stdout and set(preparing(imported)) >= set(PREPARATION_MODULES)
    rerun, imported = ingest_with_import_times(inbox, tmp_path / "w.duckdb")
    assert "loaded 0, unchanged 5" in rerun.stdout
    assert "flows.ingest" in imported and "duckdb" in imported  # the same kind of run, its import lines read
    assert preparing(imported) == []
