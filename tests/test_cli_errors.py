"""Each mistake a user can make ends in one line on stderr and an exit status (in-process, ``CliRunner``)."""

import csv
import io

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A small DuckDB file with a list column, enough for ``trials sql``."""
    path = tmp_path_factory.mktemp("cli-errors") / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE endpoint AS SELECT 'NCT1' AS trial_id, ['hrqol', 'cytokines'] AS categories")
    return path


def trials(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def one_line(result) -> str:
    """The single line a failed command wrote to stderr (and nothing on stdout)."""
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, (result.stdout, result.stderr)
    return result.stderr.rstrip("\n")


def test_a_missing_sql_file_is_one_line(db, tmp_path):
    result = trials("sql", "--file", tmp_path / "missing.sql", "--db", db)
    assert result.exit_code == 2
    assert one_line(result) == f"trials: error: cannot read {tmp_path / 'missing.sql'}: No such file or directory"


def test_a_query_and_a_file_together_or_neither_are_refused(db, tmp_path):
    queries = tmp_path / "q.sql"
    queries.write_text("SELECT 2 AS n")
    both = trials("sql", "SELECT 1 AS n", "--file", queries, "--db", db)
    assert both.exit_code == 2 and one_line(both) == "trials: error: give a query or --file (one of the two)"
    neither = trials("sql", "--db", db)
    assert neither.exit_code == 2 and one_line(neither) == "trials: error: give a query or --file (one of the two)"


def test_several_statements_in_csv_print_one_csv_block_each(db):
    result = trials(
        "sql", "SELECT 1 AS a, 2 AS b; SELECT 'x' AS c; SELECT 3 AS d WHERE false", "--db", db, "--format", "csv"
    )
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert [list(csv.reader(io.StringIO(block))) for block in blocks] == [
        [["a", "b"], ["1", "2"]],
        [["c"], ["x"]],
        [["d"]],
    ]


def test_several_statements_as_tables_are_separated_by_a_blank_line(db):
    result = trials("sql", "SELECT 1 AS a; SELECT 2 AS b", "--db", db)
    assert result.stdout == "a\n-\n1\n(1 row)\n\nb\n-\n2\n(1 row)\n"


def test_list_columns_are_json_arrays_in_csv(db):
    result = trials("sql", "SELECT categories, {'unit': 'mg'} AS dose FROM endpoint", "--db", db, "--format", "csv")
    assert result.stdout.splitlines() == ["categories,dose", '"[""hrqol"", ""cytokines""]","{""unit"": ""mg""}"']
    assert list(csv.reader(io.StringIO(result.stdout)))[1] == ['["hrqol", "cytokines"]', '{"unit": "mg"}']


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_a_batch_size_below_one_or_not_a_number_is_refused(tmp_path, value):
    result = trials("ingest", tmp_path, "--batch-size", value, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert one_line(result).startswith("trials: error: Invalid value for '--batch-size': ")
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["backfill", "--since", "2024-01-01", "--until", "2024-02-01", "--window-days", "0"],
        ["sync", "--min-interval", "-1"],
        ["sync", "--since", "2024-13-01"],
        ["server", "start", "--port", "70000"],
        ["sql", "SELECT 1", "--format", "xml"],
        ["export", "out", "--format", "json"],
        ["ingest", "inbox", "--task-runner", "threads"],
    ],
)
def test_a_bad_option_value_is_one_usage_line(tmp_path, args):
    result = trials(*args, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert one_line(result).startswith(f"trials: error: Invalid value for '{args[-2]}': ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["sync", "backfill"])
def test_since_after_until_is_a_usage_error_before_anything_starts(tmp_path, command):
    result = trials(command, "--since", "2024-02-01", "--until", "2024-01-01", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 2
    assert one_line(result) == "trials: error: --since 2024-02-01 is after --until 2024-01-01"
    assert not (tmp_path / "s.duckdb").exists()


def test_export_of_a_missing_warehouse_creates_no_folder(tmp_path):
    result = trials("export", tmp_path / "out", "--db", tmp_path / "absent.duckdb")
    assert result.exit_code == 1
    absent = tmp_path / "absent.duckdb"
    assert one_line(result) == f"trials: error: warehouse {absent} does not exist (run `trials ingest` first)"
    assert not (tmp_path / "out").exists()


def test_a_missing_path_and_a_runner_mistake_are_usage_errors(tmp_path):
    missing = trials("ingest", tmp_path / "nope", "--db", tmp_path / "w.duckdb")
    assert missing.exit_code == 2 and one_line(missing) == f"trials: error: no such file or folder: {tmp_path / 'nope'}"
    runner = trials("ingest", tmp_path, "--task-runner", "processes", "--dask-address", "tcp://127.0.0.1:1")
    assert runner.exit_code == 2 and one_line(runner) == "trials: error: --dask-address needs --task-runner dask"


def test_ctrl_c_exits_130_with_one_line(db, monkeypatch):
    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("warehouse.query.run_read_only", interrupt)
    result = trials("sql", "SELECT 1", "--db", db)
    assert result.exit_code == 130 and one_line(result) == "trials: interrupted"


def test_a_cancelled_run_exits_130_with_its_message(db, monkeypatch):
    from prefect.exceptions import CancelledRun

    def cancel(*args):
        raise CancelledRun("the run was cancelled")

    monkeypatch.setattr("warehouse.query.run_read_only", cancel)
    result = trials("sql", "SELECT 1", "--db", db)
    assert result.exit_code == 130 and one_line(result) == "trials: the run was cancelled"


def test_a_bug_is_not_disguised_as_a_user_error(db, monkeypatch):
    def broken(*args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("warehouse.query.run_read_only", broken)
    result = trials("sql", "SELECT 1", "--db", db)
    assert isinstance(result.exception, ZeroDivisionError)  # its traceback reaches the user and the log
    assert "trials: error" not in result.stderr


def test_an_unknown_command_or_option_is_one_line_and_no_command_shows_the_help(tmp_path):
    unknown = trials("frobnicate")
    assert unknown.exit_code == 2 and one_line(unknown) == "trials: error: No such command 'frobnicate'."
    option = trials("status", "--colour", "red")
    assert option.exit_code == 2 and one_line(option) == "trials: error: No such option '--colour'."
    bare = trials()
    assert bare.exit_code == 2 and bare.stderr.startswith("Usage: trials [OPTIONS] COMMAND [ARGS]...")


def test_the_server_commands_without_a_server(tmp_path):
    env = {"PREFECT_HOME": str(tmp_path / "home")}
    status = trials("server", "status", "--db", tmp_path / "w.duckdb", env=env)
    assert status.exit_code == 3 and status.stdout == "not running\n"
    stopped = trials("server", "stop", "--db", tmp_path / "w.duckdb", env=env)
    assert stopped.exit_code == 0 and stopped.stdout == "no Prefect server was running\n"


@pytest.mark.parametrize(
    "error",
    [
        OSError(28, "No space left on device"),
        duckdb.IOException('IO Error: Could not write file "w.duckdb.wal": No space left on device'),
    ],
)
def test_a_full_disk_is_one_line_saying_what_to_do(db, monkeypatch, error):
    def full(*args):
        raise error

    monkeypatch.setattr("warehouse.query.run_read_only", full)
    result = trials("sql", "SELECT 1", "--db", db)
    line = one_line(result)
    assert result.exit_code == 1 and "No space left on device" in line and line.endswith("free space and run again")


@pytest.mark.parametrize("command", [("ingest", "{docs}"), ("reparse",), ("backfill", "--since", "2024-01-01", "--until", "2024-01-31")])
def test_a_warehouse_path_that_cannot_be_written_is_one_line_before_anything_starts(tmp_path, command):
    """A folder, a file that is not DuckDB, a folder that cannot be made: said at once (no server, no traceback)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("my notes")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    args = [a.format(docs=docs) for a in command]
    cases = {
        docs: f"cannot use warehouse {docs}: it is a folder, not a file",
        not_duckdb: f"cannot use warehouse {not_duckdb}: it is not a DuckDB database file",
        blocked / "w.duckdb": f"cannot create the folder of warehouse {blocked / 'w.duckdb'}: a file stands in its place",
        empty: f"cannot use warehouse {empty}: it is empty (remove it to start a new warehouse)",
    }
    for db, message in cases.items():
        result = trials(*args, "--db", db)
        assert result.exit_code == 1
        assert one_line(result) == f"trials: error: {message}"
    assert not_duckdb.read_text() == "my notes"
