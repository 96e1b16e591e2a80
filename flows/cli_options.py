"""Options that several ``trials`` commands take, each declared once (as sqlite-utils' ``cli.py`` does).

The defaults are not repeated here: ``--db`` is resolved by :func:`flows.config.resolve_db_path`,
and an option left out is passed on as ``None`` so that the flow applies its own default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from flows.config import CTGOV_URL_ENV, DB_ENV, DEFAULT_DB, resolve_db_path

OUTPUT_FORMATS = ("table", "csv", "json")
EXPORT_FORMATS = ("parquet", "csv")  # warehouse.export.FORMATS (a test keeps them equal; importing it costs 2 s)
LISTED_TRIALS = 10_000  # warehouse.landscape.LISTED_TRIALS (a test keeps them equal), for `report --listed`

Command = TypeVar("Command", bound=Callable[..., Any])


class IsoDate(click.ParamType):
    """A day written ``YYYY-MM-DD``."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Parse the text, or fail with one line naming the option."""
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"not a date (YYYY-MM-DD): {value!r}", param, ctx)


def _resolve_db(ctx: click.Context, param: click.Parameter, value: str | None) -> Path:
    """``--db`` as the warehouse's path: the flag, else ``$TRIALS_DB``, else the default."""
    return resolve_db_path(value)


def db_option(command: Command) -> Command:
    """``--db FILE``: the warehouse, passed to the command as the resolved ``db_path``."""
    return click.option(
        "--db",
        "db_path",
        metavar="FILE",
        callback=_resolve_db,
        help=f"Warehouse file (default: ${DB_ENV}, else ./{DEFAULT_DB}).",
    )(command)


def format_option(command: Command) -> Command:
    """``--format table|csv|json``: how query results are printed."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="Output format: an aligned table, CSV (lists as JSON arrays) or JSON lines.",
    )(command)


def verbose_option(command: Command) -> Command:
    """``--verbose``: Prefect's own log lines on the console."""
    return click.option("--verbose", is_flag=True, help="Show Prefect's log lines for every task run.")(command)


def ctgov_options(command: Command) -> Command:
    """``--query``, ``--base-url`` and ``--min-interval``: what to ask ClinicalTrials.gov, where and how fast."""
    for decorator in reversed(
        (
            click.option(
                "--query",
                metavar="QUERY",
                help="cond=…; intr=…; term=…; advanced=… (default: cond=multiple myeloma; intr=BCMA CAR-T).",
            ),
            click.option(
                "--base-url", metavar="URL", help=f"API base URL (default: ${CTGOV_URL_ENV}, else the public API)."
            ),
            click.option(
                "--min-interval",
                type=click.FloatRange(min=0),
                metavar="SECONDS",
                help="Seconds between requests (default: 1).",
            ),
        )
    ):
        command = decorator(command)
    return command


def window_options(since_help: str, until_help: str, required: bool = False) -> Callable[[Command], Command]:
    """``--since`` and ``--until``: the days a sync or a backfill covers."""

    def decorate(command: Command) -> Command:
        command = click.option("--until", type=IsoDate(), required=required, help=until_help)(command)
        return click.option("--since", type=IsoDate(), required=required, help=since_help)(command)

    return decorate


def check_window(since: date | None, until: date | None) -> None:
    """Refuse a window that ends before it starts, before any server is started."""
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}")
