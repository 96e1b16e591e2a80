"""The ``trials`` command line (Click, in the manner of sqlite-utils' ``cli.py``): the root command and ``main``.

The commands that run a flow (``ingest``, ``sync``, ``backfill``, ``reparse``) are in ``cli_runs``;
those that read the warehouse in ``cli_warehouse``, the local server's in ``cli_server``, a trial's
sources and history in ``cli_trial``; options shared by several commands in ``cli_options``.
"""

# ruff: noqa: D301 (help texts hold Click's \b marker, a real backspace: it keeps an Example block as written)

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from flows import cli_runs, cli_server, cli_trial, cli_warehouse
from flows.session import interrupted, note_interrupts

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports `trials sql … | head`


class Interrupted(click.ClickException):
    """Ctrl-C, or the run it cancelled: exit 130 with one line."""

    exit_code = EXIT_INTERRUPTED


class TrialsGroup(click.Group):
    """The root command: a user's mistake or a Ctrl-C ends in one line on stderr and an exit status.

    Only a bug (an exception no one expected) keeps its traceback.

    Its ``main`` is the one entry point for the console script, ``python -m flows.cli``, ``main(argv)``
    and ``CliRunner`` alike, so that the tests see the errors a user sees.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn Ctrl-C, a closed pipe and the domain's errors into Click's."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`| head`): stop quietly, and keep Python from
            # complaining again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except (Exception, KeyboardInterrupt) as error:
            translated = _click_error(error)
            if translated is None:
                raise  # a bug: its traceback is the report
            raise translated from error

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        """Parse ``args``, run the command and return (or, standalone, exit with) its status."""
        try:
            status = super().main(args, prog_name or "trials", complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()
            status = error.exit_code
        except click.ClickException as error:
            message = error.format_message() if isinstance(error, Interrupted) else f"error: {error.format_message()}"
            click.echo(f"trials: {message}", err=True)
            status = error.exit_code
        except click.Abort:  # Ctrl-C while Click itself was reading the command line
            click.echo("trials: interrupted", err=True)
            status = EXIT_INTERRUPTED
        status = status if isinstance(status, int) else 0
        if standalone_mode:
            sys.exit(status)
        return status


def _click_error(error: BaseException) -> click.ClickException | None:
    """The one-line Click error for an interruption or a user's mistake; ``None`` for a bug."""
    if interrupted(error):
        return Interrupted("interrupted" if isinstance(error, KeyboardInterrupt) else str(error))
    from flows.runners import RunnerError
    from tasks.ctgov_api import CtgovError, QueryError
    from tasks.documents import InputError
    from warehouse.connection import WarehouseError

    if isinstance(error, InputError | RunnerError):
        return click.UsageError(str(error))
    if isinstance(error, WarehouseError | CtgovError | QueryError):
        return click.ClickException(str(error))
    if _disk_full(error):
        first_line = str(error).strip().splitlines()[0]
        return click.ClickException(f"{first_line}: the batch being written was rolled back; free space and run again")
    return None


def _disk_full(error: BaseException) -> bool:
    """Whether ``error`` says the disk (or the user's quota) is full, from the OS or from DuckDB."""
    import duckdb

    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, duckdb.IOException) and "no space left on device" in str(error).lower()


def _version(ctx: click.Context) -> str:
    """``trials VERSION (parsers PARSER_VERSION, schema N)``, the version from the installed package."""
    from importlib.metadata import PackageNotFoundError, version

    from tasks.parsers import PARSER_VERSION
    from warehouse.schema import SCHEMA_VERSION

    try:
        package = version("trials-warehouse")
    except PackageNotFoundError:
        package = "unknown"
    return f"trials {package} (parsers {PARSER_VERSION}, schema {SCHEMA_VERSION})"


@click.group(cls=TrialsGroup, name="trials")
@click.custom_version_option(_version, help="Show the program's, parsers' and schema's versions and exit.")
def cli() -> None:
    """Clinical-trial warehouse ETL: Prefect flows load trial texts into one DuckDB file.

    Every command takes --db FILE (default: $TRIALS_DB, else ./trials.duckdb).

    \b
    Example:
        trials ingest examples/documents --db trials.duckdb
        trials sql "SELECT source_format, count(*) AS trials FROM trial GROUP BY ALL" --db trials.duckdb
    """


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trials`` command line on ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    note_interrupts()
    return cli.main(argv, standalone_mode=False)


for _command in (*cli_runs.COMMANDS, *cli_warehouse.COMMANDS, *cli_trial.COMMANDS, cli_server.server):
    cli.add_command(_command)


if __name__ == "__main__":
    sys.exit(main())
