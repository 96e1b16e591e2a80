"""Deployments against a real Prefect server: deploy from prefect.yaml, run a worker, trigger a backfill.

Everything started here (server, worker) runs in its own process group and is
stopped by process id at the end, whatever happens.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
import requests
from conftest import CTGOV
from ctgov_server import CtgovTestServer, last_update, nct

from benchmarks.outcome_split_accuracy import iter_studies

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefect(args, env, timeout=300):
    result = subprocess.run(
        [sys.executable, "-m", "prefect", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"prefect {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def start(args, env, log):
    return subprocess.Popen(
        [sys.executable, "-m", "prefect", *args],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    """Stop a process group: SIGTERM twice (a worker ignores the first), then SIGKILL."""
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_healthy(api_url, server, deadline=180):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert server.poll() is None, "prefect server exited"
        try:
            if requests.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise AssertionError("prefect server did not become healthy")


@pytest.fixture
def prefect_server(tmp_path):
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "2",
        "COLUMNS": "250",
    }
    log = open(tmp_path / "server.log", "w")
    server = start(["server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
    try:
        wait_healthy(api_url, server)
        yield env, api_url
    finally:
        stop(server)
        log.close()


def test_deploy_all_then_a_worker_runs_the_backfill_deployment(prefect_server, tmp_path):
    env, api_url = prefect_server
    prefect(["work-pool", "create", "trials-process", "--type", "process"], env)
    prefect(["gcl", "create", "trials-warehouse-writer", "--limit", "1"], env)
    prefect(["--no-prompt", "deploy", "--all"], env)

    listed = prefect(["deployment", "ls"], env)
    for name in ("sync_ctgov/daily-ctgov-sync", "ingest_inbox/hourly-inbox-ingest", "backfill/manual-backfill"):
        assert name in listed
    daily = prefect(["deployment", "inspect", "sync_ctgov/daily-ctgov-sync"], env)
    hourly = prefect(["deployment", "inspect", "ingest_inbox/hourly-inbox-ingest"], env)
    assert "30 5 * * *" in daily and "0 * * * *" in hourly

    studies = sorted(
        (s for s in iter_studies(CTGOV / "website_json_export") if last_update(s).startswith("2023")), key=nct
    )[:15]
    db = tmp_path / "warehouse.duckdb"
    worker_log = open(tmp_path / "worker.log", "w")
    worker = start(["worker", "start", "--pool", "trials-process", "--limit", "1"], env, worker_log)
    try:
        with CtgovTestServer(studies) as ctgov:
            params = {
                "since": "2023-01-01",
                "until": "2023-12-31",
                "window_days": 120,
                "query": "term=a",
                "db": str(db),
                "client": {"base_url": ctgov.base_url, "min_interval": 0},
            }
            prefect(
                [
                    "deployment",
                    "run",
                    "backfill/manual-backfill",
                    "--params",
                    json.dumps(params),
                    "--watch",
                    "--watch-timeout",
                    "400",
                ],
                env,
                timeout=460,
            )
    finally:
        stop(worker)
        worker_log.close()

    runs = requests.post(f"{api_url}/flow_runs/filter", json={"sort": "START_TIME_DESC"}, timeout=10).json()
    backfill_runs = [r for r in runs if r["parameters"].get("window_days") == 120]
    assert backfill_runs and backfill_runs[0]["state_type"] == "COMPLETED", (tmp_path / "worker.log").read_text()[
        -3000:
    ]
    assert sum(r["state_type"] == "COMPLETED" for r in runs) >= 4  # the backfill and its window syncs

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM trial").fetchall() == [(15,)]
        assert con.execute("SELECT count(*), min(status) FROM backfill_window").fetchall() == [(4, "completed")]
        assert con.execute("SELECT count(*) FROM sync_state").fetchall() == [(0,)]

    artifacts = requests.post(
        f"{api_url}/artifacts/filter", json={"artifacts": {"key": {"any_": ["backfill-report"]}}}, timeout=10
    ).json()
    assert artifacts, "no backfill-report artifact"
    report = artifacts[0]["data"]
    assert "| 2023-01-01 to 2023-04-30 | completed |" in report and "term=a" in report
    assert date(2023, 12, 31).isoformat() in report
