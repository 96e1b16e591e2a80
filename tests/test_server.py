"""``trials server``: a real local Prefect server that every run uses until it is stopped."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import requests
from conftest import SEEDS, query_rows
from prefect_server import free_port

from flows.guard import writer_limit_name
from flows.server import _alive, state_path, stop_server
from flows.session import FAST_HINT


def trials(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *map(str, args)], capture_output=True, text=True, env=env, timeout=600
    )


def test_a_started_server_serves_the_next_ingest_and_stops_by_pid(tmp_path):
    db, home, port = tmp_path / "w.duckdb", tmp_path / "prefect-home", free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update({"PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "INFO"})
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        started = trials("server", "start", "--db", db, "--port", port, env=env)
        assert started.returncode == 0, started.stderr[-2000:]
        assert started.stdout.splitlines()[-1] == api_url
        assert requests.get(f"{api_url}/health", timeout=5).status_code == 200
        assert trials("server", "start", "--db", db, env=env).stdout.splitlines()[-1] == api_url  # already running

        status = trials("server", "status", "--db", db, env=env)
        pid = int(status.stdout.split("pid: ")[1].split()[0])
        assert status.returncode == 0 and status.stdout.startswith(f"running\nurl: {api_url}\npid: {pid}\n")

        ingest = trials("ingest", SEEDS, "--db", db, env=env)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        assert FAST_HINT not in ingest.stderr and "documents: seen 5, loaded 5" in ingest.stdout
        flow_runs = requests.post(f"{api_url}/flow_runs/filter", json={}, timeout=10).json()
        assert [(r["id"], r["state_type"]) for r in flow_runs] == [
            (query_rows(db, "SELECT flow_run_id FROM load_run")[0][0], "COMPLETED")
        ]
        limit = requests.get(f"{api_url}/v2/concurrency_limits/{writer_limit_name(db)}", timeout=10).json()
        assert limit["limit"] == 1 and limit["active_slots"] == 0  # this warehouse's slot, released

        stopped = trials("server", "stop", "--db", db, env=env)
        assert stopped.returncode == 0 and stopped.stdout.strip() == f"stopped the Prefect server (pid {pid})"
        assert not _alive(pid) and not state_path(home).exists()
        assert trials("server", "status", "--db", db, env=env).returncode == 3
    finally:
        stop_server(home)  # a no-op when the test stopped it


def _temporary_servers_of(pid: int) -> list[int]:
    """The temporary servers (``flows.server_child``) whose command line names ``pid`` as their parent."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            args = cmdline.read_bytes().split(b"\0")
            if b"flows.server_child" in args and args[args.index(b"flows.server_child") + 1] == str(pid).encode():
                found.append(int(cmdline.parent.name))
    return found


def test_a_killed_command_leaves_no_temporary_server_behind(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    command = [sys.executable, "-m", "flows.cli", "ingest", str(SEEDS), "--db", str(tmp_path / "w.duckdb")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (servers := _temporary_servers_of(process.pid)) and time.monotonic() < deadline:
        assert process.poll() is None, "the command ended before its temporary server was seen"
        time.sleep(0.05)
    assert len(servers) == 1
    process.kill()  # SIGKILL: the command cannot stop its server
    process.wait()
    deadline = time.monotonic() + 15
    while _alive(servers[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(servers[0]), "the temporary server outlived its killed command"
