"""Resolve settings in one place: command-line flag, then environment variable, then default."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DEFAULT_DB = "trials.duckdb"
DB_ENV = "TRIALS_DB"
CTGOV_URL_ENV = "TRIALS_CTGOV_URL"
DEFAULT_CTGOV_URL = "https://clinicaltrials.gov/api/v2"


DB_VARIABLE = "trials_db"
INBOX_ENV = "TRIALS_INBOX"
INBOX_VARIABLE = "trials_inbox"
DEFAULT_INBOX = "inbox"
CACHE_ENV = "TRIALS_CACHE_DIR"
PARSE_WORKERS_ENV = "TRIALS_PARSE_WORKERS"
DEFAULT_REPORT = "landscape.html"

PREFECT_HOME_ENV = "PREFECT_HOME"
DEFAULT_PREFECT_HOME = ".prefect"
RUNS_FOLDER = "runs"


def resolve_setting(
    flag: str | None,
    env_var: str,
    default: str,
    environ: dict[str, str] | None = None,
    variable: str | None = None,
    lookup: Callable[[str], str | None] | None = None,
) -> str:
    """Return the first of: ``flag``; ``$env_var``; Prefect variable ``variable``; ``default``.

    The Prefect variable is consulted only inside a flow run (where a Prefect API is
    at hand); ``lookup`` replaces the Prefect lookup in tests.
    """
    environ = os.environ if environ is None else environ
    if flag:
        return flag
    if environ.get(env_var):
        return environ[env_var]
    if variable:
        value = (lookup or _prefect_variable)(variable)
        if value:
            return value
    return default


def _prefect_variable(name: str) -> str | None:
    """A Prefect variable's value inside a flow run, else ``None``."""
    from prefect.context import FlowRunContext

    if FlowRunContext.get() is None:
        return None
    from prefect.variables import Variable

    value = Variable.get(name, default=None)
    return str(value) if value else None


def resolve_db_path(
    flag: str | None = None, environ: dict[str, str] | None = None, lookup: Callable[[str], str | None] | None = None
) -> Path:
    """The warehouse file: ``--db``, ``$TRIALS_DB``, Prefect variable ``trials_db``, ``./trials.duckdb``."""
    value = resolve_setting(flag, DB_ENV, DEFAULT_DB, environ, DB_VARIABLE, lookup)
    return Path(value).expanduser().resolve()


def resolve_inbox(
    flag: str | None = None, environ: dict[str, str] | None = None, lookup: Callable[[str], str | None] | None = None
) -> Path:
    """The inbox folder: parameter, ``$TRIALS_INBOX``, Prefect variable ``trials_inbox``, ``./inbox``."""
    value = resolve_setting(flag, INBOX_ENV, DEFAULT_INBOX, environ, INBOX_VARIABLE, lookup)
    return Path(value).expanduser().resolve()


def resolve_ctgov_url(flag: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The API base URL: ``--base-url``, else ``$TRIALS_CTGOV_URL``, else the public API."""
    return resolve_setting(flag, CTGOV_URL_ENV, DEFAULT_CTGOV_URL, environ)


def resolve_parse_workers(flag: int | None = None, environ: dict[str, str] | None = None) -> int | None:
    """Worker processes a run parses with: ``flag``, else ``$TRIALS_PARSE_WORKERS``, else ``None``.

    ``None`` lets the run's pool choose by its work (:class:`~tasks.parallel.WorkerPool`); 0
    parses in the run's own process.

    Raises:
        ValueError: when the setting is not a whole number.
    """
    configured = resolve_setting(str(flag) if flag is not None else None, PARSE_WORKERS_ENV, "", environ)
    if not configured:
        return None
    try:
        return max(0, int(configured))
    except ValueError:
        raise ValueError(f"{PARSE_WORKERS_ENV} must be a whole number of workers, not {configured!r}") from None


def resolve_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where built assets are kept between runs: ``$TRIALS_CACHE_DIR``, else ``$XDG_CACHE_HOME/trials-warehouse``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(resolve_setting(None, CACHE_ENV, str(Path(base) / "trials-warehouse"), environ)).expanduser()


def resolve_report_path(flag: str | None, db_path: Path) -> Path:
    """The report file: ``--out``, else ``landscape.html`` beside the warehouse."""
    return Path(flag).expanduser().resolve() if flag else db_path.with_name(DEFAULT_REPORT)


def resolve_flow_report(report: str, db_path: Path) -> Path:
    """A flow's ``report`` parameter as a path: a relative one lies beside the warehouse."""
    path = Path(report).expanduser()
    return path if path.is_absolute() else db_path.parent / path


def resolve_prefect_home(db_path: Path, environ: dict[str, str] | None = None) -> Path:
    """The warehouse's Prefect home (local server database, state file).

    ``$PREFECT_HOME`` when set, else ``.prefect`` in the warehouse's folder.
    """
    environ = os.environ if environ is None else environ
    if environ.get(PREFECT_HOME_ENV):
        return Path(environ[PREFECT_HOME_ENV]).expanduser().resolve()
    return db_path.parent / DEFAULT_PREFECT_HOME


def warehouse_own_paths(db_path: Path, report: str | None = None) -> frozenset[str]:
    """The files and folders a warehouse keeps beside it, which the walk of a folder being ingested leaves out.

    The published file, its write-ahead log and lock, the run reports (``runs/``) and the
    landscape report (``landscape.html`` beside it, and the run's own ``report`` when it names
    one). The writer's files and the Prefect home are hidden, and a walk leaves hidden entries out anyway.
    """
    from warehouse.connection import lock_path  # here: the commands that only read settings need no DuckDB

    db_path = db_path.expanduser().resolve()
    owned = [db_path, Path(f"{db_path}.wal"), lock_path(db_path), db_path.parent / RUNS_FOLDER]
    owned += [resolve_report_path(None, db_path)] + ([resolve_flow_report(report, db_path)] if report else [])
    return frozenset(str(path.resolve()) for path in owned)


def report_path(db_path: Path, run_id: str) -> Path:
    """Where a run's markdown report is written: ``runs/<run_id>.md`` beside the warehouse file."""
    return db_path.parent / RUNS_FOLDER / f"{run_id}.md"


def prefect_defaults() -> None:
    """Settings that make a local Prefect run quiet and patient on a small machine."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
