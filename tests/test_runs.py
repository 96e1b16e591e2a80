"""Runs that say where they are: progress lines, announced waits, the server choice, per-warehouse writer slots."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from flows import progress
from flows.config import report_path, resolve_prefect_home
from flows.guard import writer_limit_name
from flows.session import FAST_HINT, choose_prefect_server
from warehouse.connection import WarehouseBusy, read_connection, write_connection, writer_lock


def test_progress_text_gives_counts_rate_and_eta():
    assert progress.progress_text("ingest", 40, 100, "files", 812, 8.0) == (
        "ingest: 40/100 files, 812 documents, 101.5 documents/s, ETA 12 s"
    )
    assert progress.progress_text("reparse", 3, None, "batches", 6000, 2.0) == (
        "reparse: 3 batches, 6000 documents, 3000.0 documents/s"
    )


def test_plain_reporter_prints_the_first_and_last_lines_and_at_most_one_in_between():
    lines = []
    reporter = progress.Reporter(write=lines.append, every=3600)
    reporter.start("ingest", 3, "files")
    reporter.advance(1, 10)
    reporter.advance(2, 20)  # within the interval: not printed
    reporter.advance(3, 30)  # the last: always printed
    reporter.say("waiting for the writer lock")
    assert [line.split(",")[0] for line in lines] == [
        "ingest: 1/3 files",
        "ingest: 3/3 files",
        "waiting for the writer lock",
    ]


def test_a_reporter_is_current_only_inside_its_block():
    stream = io.StringIO()  # not a terminal: plain lines
    with progress.using(progress.for_stream(stream)) as reporter:
        assert progress.current() is reporter
        progress.current().say("hello")
    assert progress.current() is not reporter and stream.getvalue() == "hello\n"


def test_writer_slots_name_the_warehouse_file(tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert writer_limit_name(first) != writer_limit_name(second)
    assert writer_limit_name(first) == writer_limit_name(tmp_path / "x" / ".." / "a.duckdb")
    assert writer_limit_name(first).startswith("trials-writer-") and len(writer_limit_name(first)) == 26


def test_the_prefect_home_and_the_report_live_beside_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    assert resolve_prefect_home(db, environ={}) == tmp_path / ".prefect"
    assert resolve_prefect_home(db, environ={"PREFECT_HOME": str(tmp_path / "h")}) == tmp_path / "h"
    assert report_path(db, "abc") == tmp_path / "runs" / "abc.md"


def test_without_a_server_the_run_falls_back_and_says_how_to_be_fast(tmp_path):
    environ, stderr = {"PREFECT_HOME": str(tmp_path)}, io.StringIO()
    assert choose_prefect_server(tmp_path / "w.duckdb", environ, stderr) is None
    assert stderr.getvalue() == FAST_HINT + "\n" and "PREFECT_API_URL" not in environ
    (tmp_path / "trials-server.json").write_text(  # a stale state file: its process is gone
        '{"pid": 999999999, "api_url": "http://127.0.0.1:9/api", "home": "x", "started": "y"}'
    )
    assert choose_prefect_server(tmp_path / "w.duckdb", environ, io.StringIO()) is None
    chosen = {"PREFECT_API_URL": "http://elsewhere:4200/api"}  # the user's own setting wins, silently
    assert choose_prefect_server(tmp_path / "w.duckdb", chosen, stderr) == "http://elsewhere:4200/api"


def test_a_waiting_writer_names_the_holder_again_and_again(tmp_path):
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
    heard = []
    try:
        assert holder.stdout.readline().strip() == "held"
        try:
            with writer_lock(Path(db), wait_seconds=3.0, on_wait=heard.append, announce_every=1.0):
                raise AssertionError("the lock was held by another process")
        except WarehouseBusy:
            pass
    finally:
        holder.kill()
        holder.wait()
    assert len(heard) >= 2
    assert all(f"waiting for the writer lock of {db}: held by pid {holder.pid} on " in line for line in heard)
    assert heard[0].endswith("waited 0 s of 3 s")


def test_the_writer_buffer_pool_is_capped_and_readers_keep_the_default(tmp_path):
    db = tmp_path / "w.duckdb"
    with write_connection(db) as con:
        writer_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with read_connection(db) as con:
        reader_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert writer_limit == "122.0 MiB"  # DuckDB shows 128 MB (WRITER_MEMORY_LIMIT) in MiB
    assert reader_limit != writer_limit


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_over_many_files_says_it_is_fingerprinting_them_before_it_starts(tmp_path, monkeypatch):
    import shutil

    from conftest import SEEDS

    import flows.ingest as ingest

    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    monkeypatch.setattr(ingest, "ANNOUNCED_FINGERPRINT", 5)  # a large run, in miniature
    lines = []
    db = str(tmp_path / "w.duckdb")
    with progress.using(progress.Reporter(write=lines.append, every=3600)):
        ingest.ingest_documents(paths=[str(tmp_path)], db=db)
        ingest.ingest_documents(paths=[str(tmp_path)], db=db, full_refresh=True)
    said = [line for line in lines if line.startswith("fingerprinting")]
    assert said == [
        "fingerprinting 5 files (reading those changed since they were last read)",
        "fingerprinting 5 files (reading every one)",
    ]
    assert lines.index(said[0]) < next(i for i, line in enumerate(lines) if line.startswith("ingest: 5/5"))


def test_an_error_raised_after_ctrl_c_counts_as_the_interruption():
    # DuckDB turns a SIGINT during a statement into an error of its own ("Query interrupted"):
    # the run must still end as interrupted (exit 130, cancelled), not failed.
    import signal

    from flows import session

    assert not session.interrupted(RuntimeError("Query interrupted"))
    try:
        with pytest.raises(KeyboardInterrupt):
            session._on_ctrl_c(signal.SIGINT, None)  # what the handler `trials` installs does on Ctrl-C
        assert session.interrupted(RuntimeError("Query interrupted"))
    finally:
        session._CTRL_C.clear()
    assert not session.interrupted(RuntimeError("another error"))
