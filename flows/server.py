"""A local Prefect server that stays on, so that runs start in a second instead of ten.

``trials server start`` launches ``prefect server start`` on 127.0.0.1 with its database in
the warehouse's Prefect home, waits until ``/api/health`` answers and records its pid and
URL in a state file there; every later ``trials`` command reads that file and points
Prefect at the server (unless ``PREFECT_API_URL`` is set already). Nothing here imports
Prefect: the server is a separate process, and the command line must choose the server
before Prefect reads its settings.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
STATE_FILE = "trials-server.json"
LOG_FILE = "trials-server.log"
START_TIMEOUT_SECONDS = 180.0  # a new database on a busy 2-core machine takes 12-25 s
STOP_GRACE_SECONDS = 10.0
TEMPORARY_STOP_GRACE_SECONDS = 1.0  # a temporary server's database holds nothing worth a wait
# What Prefect sets for its own temporary server: no UI, ephemeral mode.
TEMPORARY_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


class ServerError(RuntimeError):
    """The local server could not be started or stopped; the message says why."""


@dataclass(frozen=True)
class ServerState:
    """A running local server: its process, API URL, home folder and start time."""

    pid: int
    api_url: str
    home: str
    started: str


def state_path(home: Path) -> Path:
    """The state file of the local server whose Prefect home is ``home``."""
    return home / STATE_FILE


def read_state(home: Path) -> ServerState | None:
    """The recorded server, if the state file exists and is readable."""
    try:
        return ServerState(**json.loads(state_path(home).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def running_server(home: Path) -> ServerState | None:
    """The recorded server if its process is alive and it answers its health check."""
    state = read_state(home)
    if state is None or not _alive(state.pid) or not healthy(state.api_url):
        return None
    return state


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    """Whether ``GET <api_url>/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def start_server(home: Path, port: int | None = None, timeout: float = START_TIMEOUT_SECONDS) -> ServerState:
    """Start a server with its database in ``home`` (or return the one running there).

    Args:
        home: The Prefect home: database, log and state file.
        port: Port to listen on; default 4200 if free, else any free port.
        timeout: Seconds to wait for the health check.

    Raises:
        ServerError: when the server exits or stays unhealthy, with the end of its log.
    """
    existing = running_server(home)
    if existing:
        return existing
    home.mkdir(parents=True, exist_ok=True)
    port = port or (DEFAULT_PORT if _port_free(DEFAULT_PORT) else _free_port())
    api_url = f"http://{HOST}:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)]
    with open(home / LOG_FILE, "ab") as log:  # the server keeps its own handle on the log
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    _wait_healthy(process, api_url, home, timeout)
    state = ServerState(process.pid, api_url, str(home), datetime.now(UTC).isoformat(timespec="seconds"))
    state_path(home).write_text(json.dumps(asdict(state)) + "\n", encoding="utf-8")
    return state


@contextmanager
def temporary_server(timeout: float = START_TIMEOUT_SECONDS) -> Iterator[str]:
    """A Prefect API server for one command, in a session of its own; yields its API URL.

    It serves the database of ``$PREFECT_HOME`` (Prefect's default home when unset), as
    Prefect's own temporary server does. That one shares the command's process group, so a
    Ctrl-C at the terminal stopped it too, and the interrupted run then retried its API calls
    for minutes; this one does not receive the terminal's signals and is stopped on exit, or
    stops itself within seconds when the command is killed (:mod:`flows.server_child`).

    Raises:
        ServerError: when the server exits or stays unhealthy.
    """
    port = _free_port()
    api_url = f"http://{HOST}:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(TEMPORARY_SERVER_ENV)
    command = [sys.executable, "-m", "flows.server_child", str(os.getpid())]  # uvicorn, ended if we are killed
    command += ["--factory", "prefect.server.api.server:create_app"]
    command += ["--host", HOST, "--port", str(port), "--log-level", "error", "--lifespan", "on"]
    with tempfile.TemporaryDirectory(prefix="trials-server-") as folder:
        with open(Path(folder) / LOG_FILE, "ab") as log:
            process = subprocess.Popen(
                command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            _wait_healthy(process, api_url, Path(folder), timeout)
            yield api_url
        finally:
            _terminate(process.pid, TEMPORARY_STOP_GRACE_SECONDS)
            process.wait()


def _wait_healthy(process: subprocess.Popen, api_url: str, home: Path, timeout: float) -> None:
    """Poll the health check until it answers; stop the process if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the Prefect server exited with status {process.returncode}: {_log_tail(home)}")
        if healthy(api_url, timeout=1.0):
            return
        time.sleep(0.5)
    _terminate(process.pid)
    raise ServerError(f"the Prefect server was not healthy after {timeout:.0f} s: {_log_tail(home)}")


def stop_server(home: Path) -> ServerState | None:
    """Stop the recorded server (SIGTERM, a second one if needed, then SIGKILL); remove the state file.

    Returns:
        The server that was stopped, or ``None`` when none was recorded or it had died already.
    """
    state = read_state(home)
    state_path(home).unlink(missing_ok=True)
    if state is None or not _alive(state.pid):
        return None
    _terminate(state.pid)
    return state


def _terminate(pid: int, grace: float = STOP_GRACE_SECONDS) -> None:
    """Signal the server's process group until it is gone, waiting ``grace`` seconds after each signal."""
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)  # started in a session of its own: its group is its pid
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.2)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): the signal check is all there is
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _port_free(port: int) -> bool:
    """Whether ``port`` on 127.0.0.1 can be bound now."""
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    """A port the system reports free."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _log_tail(home: Path, lines: int = 5) -> str:
    """The last lines of the server's log, on one line."""
    try:
        text = (home / LOG_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])
