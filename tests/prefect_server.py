"""A real Prefect server for tests, started on a free port and stopped by process id."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

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


@contextmanager
def running_prefect_server(folder: Path):
    """Start ``prefect server`` with its home in ``folder``; yield ``(env, api_url)``; stop it."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(folder / "prefect-home"),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "2",
        "COLUMNS": "250",
    }
    with open(folder / "server.log", "w") as log:
        server = start(["server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
        try:
            wait_healthy(api_url, server)
            yield env, api_url
        finally:
            stop(server)


@pytest.fixture
def prefect_server(tmp_path):
    """A Prefect server for one test."""
    with running_prefect_server(tmp_path) as server:
        yield server
