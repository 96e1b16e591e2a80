"""Resolve settings in one place: command-line flag, then environment variable, then default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "trials.duckdb"
DB_ENV = "TRIALS_DB"
CTGOV_URL_ENV = "TRIALS_CTGOV_URL"
DEFAULT_CTGOV_URL = "https://clinicaltrials.gov/api/v2"


def resolve_setting(flag: str | None, env_var: str, default: str, environ: dict[str, str] | None = None) -> str:
    """Return ``flag`` if given, else ``$env_var`` if set and non-empty, else ``default``."""
    environ = os.environ if environ is None else environ
    if flag:
        return flag
    return environ.get(env_var) or default


def resolve_db_path(flag: str | None = None, environ: dict[str, str] | None = None) -> Path:
    """The warehouse file: ``--db``, else ``$TRIALS_DB``, else ``./trials.duckdb`` (absolute)."""
    return Path(resolve_setting(flag, DB_ENV, DEFAULT_DB, environ)).expanduser().resolve()


def resolve_ctgov_url(flag: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The API base URL: ``--base-url``, else ``$TRIALS_CTGOV_URL``, else the public API."""
    return resolve_setting(flag, CTGOV_URL_ENV, DEFAULT_CTGOV_URL, environ)


def prefect_defaults() -> None:
    """Settings that make a local Prefect run quiet and patient on a small machine."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
