"""What every command that runs a flow does around it: pick the server, quiet the logs, show progress.

Called by the command line only, before Prefect is imported: Prefect reads its settings
(API URL, logging levels) from the environment when it is first imported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

from flows import progress
from flows.config import prefect_defaults, resolve_prefect_home
from flows.server import running_server, temporary_server

API_URL_ENV = "PREFECT_API_URL"
CONSOLE_LEVEL_ENV = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"  # Prefect's console handler (logging.yml)
FAST_HINT = (
    "trials: no Prefect server is running, so this run starts a temporary one (10-18 s); "
    "`trials server start` starts one that stays on, and every run after it starts in about a second"
)


def choose_prefect_server(
    db_path: Path, environ: MutableMapping[str, str] | None = None, stderr: TextIO | None = None
) -> str | None:
    """Point Prefect at the warehouse's local server when one runs; else say once how to get one.

    A ``PREFECT_API_URL`` the user set wins. Returns the API URL used, or ``None`` for
    Prefect's temporary server.
    """
    environ = os.environ if environ is None else environ
    if environ.get(API_URL_ENV):
        return environ[API_URL_ENV]
    state = running_server(resolve_prefect_home(db_path, environ))
    if state is not None:
        environ[API_URL_ENV] = state.api_url
        return state.api_url
    print(FAST_HINT, file=stderr or sys.stderr, flush=True)
    return None


def quiet_prefect(verbose: bool, environ: MutableMapping[str, str] | None = None) -> None:
    """Keep Prefect's per-run INFO lines off the console (they still reach the server) unless ``verbose``."""
    environ = os.environ if environ is None else environ
    if not verbose:
        environ.setdefault(CONSOLE_LEVEL_ENV, "WARNING")


@contextmanager
def run_session(db_path: Path, verbose: bool = False, stream: TextIO | None = None) -> Iterator[progress.Reporter]:
    """Prepare Prefect for one run of a flow and show its progress on ``stream`` (stderr).

    Without a running server, a temporary one is started for the command (see
    :func:`flows.server.temporary_server`) and stopped at its end. (On Ctrl-C the run
    stops its own parse workers: see :func:`flows.recorded_run.recorded_run`.)
    """
    from warehouse.preflight import check_warehouse_path  # here: `trials --help` needs no DuckDB

    stream = stream or sys.stderr
    check_warehouse_path(db_path)  # before a temporary server is started for nothing
    prefect_defaults()
    with ExitStack() as stack:
        if choose_prefect_server(db_path, stderr=stream) is None:
            stack.enter_context(_api_url(stack.enter_context(temporary_server())))
            stack.callback(_deliver_prefect_messages)  # while the temporary server is still up
        quiet_prefect(verbose)
        stack.enter_context(_without_heartbeats())
        with progress.using(progress.for_stream(stream)) as reporter:
            yield reporter


@contextmanager
def _without_heartbeats() -> Iterator[None]:
    """Run the command's flows without Prefect's heartbeat thread.

    The thread sleeps in whole seconds and the end of every flow run waits for it: 0-1 s
    (one second for a short run) added to every command. Heartbeats let a server notice a
    run that died unattended; a command's run is watched by whoever started it, and the
    deployments' worker, which runs flows without this session, keeps them.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


_CTRL_C = threading.Event()


def note_interrupts() -> None:
    """Remember a Ctrl-C (SIGINT) even where a library turns it into an error of its own.

    DuckDB stops a statement on SIGINT and raises its own error ("Query interrupted", or an error
    wrapping the ``KeyboardInterrupt`` raised in a pandas callback): the run must still end as
    interrupted, not failed. The handler does what Python's does, and notes it.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_ctrl_c)


def _on_ctrl_c(signum: int, frame) -> None:
    _CTRL_C.set()
    signal.default_int_handler(signum, frame)


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` ends a run that was interrupted: Ctrl-C (whatever error it became) or its Cancelled run."""
    if isinstance(error, KeyboardInterrupt) or _CTRL_C.is_set():
        return True
    prefect = sys.modules.get("prefect.exceptions")  # only a run that imported Prefect can be cancelled
    return prefect is not None and isinstance(error, prefect.CancelledRun)


def _deliver_prefect_messages(timeout: float = 5.0) -> None:
    """Send the logs and events Prefect still holds (else they retry a stopped server at exit)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout)


@contextmanager
def _api_url(url: str, environ: MutableMapping[str, str] | None = None) -> Iterator[None]:
    """Point Prefect at ``url`` for the length of the block."""
    environ = os.environ if environ is None else environ
    environ[API_URL_ENV] = url
    try:
        yield
    finally:
        environ.pop(API_URL_ENV, None)
