"""What every command that runs a flow does around it: pick the server, quiet the logs, show progress.

Called by the command line only, before Prefect is imported: Prefect reads its settings
(API URL, logging levels) from the environment when it is first imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from flows import progress
from flows.config import prefect_defaults, resolve_prefect_home
from flows.server import running_server

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
    """Prepare Prefect for one run of a flow and show its progress on ``stream`` (stderr)."""
    stream = stream or sys.stderr
    choose_prefect_server(db_path, stderr=stream)
    quiet_prefect(verbose)
    prefect_defaults()
    with progress.using(progress.for_stream(stream)) as reporter:
        yield reporter
