"""``trials server start|stop|status``: the local Prefect server that makes runs start fast."""

# ruff: noqa: D301 (help texts hold Click's \b marker, a real backspace: it keeps an Example block as written)

from __future__ import annotations

from pathlib import Path

import click

from flows.cli_options import db_option
from flows.config import resolve_prefect_home
from flows.server import ServerError, read_state, running_server, start_server, state_path, stop_server

EXIT_NOT_RUNNING = 3  # as `systemctl status` does for a stopped service


@click.group()
def server() -> None:
    """Start, stop or show the local Prefect server that runs use.

    The server belongs to the warehouse's Prefect home ($PREFECT_HOME, else .prefect beside the
    warehouse file); every `trials` command that runs a flow uses it while it runs.

    \b
    Example:
        trials server start --db trials.duckdb
        trials server status --db trials.duckdb
        trials server stop --db trials.duckdb
    """


@server.command()
@db_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port to listen on (default or 0: 4200 if free, else any).",
)
def start(db_path: Path, port: int | None) -> None:
    """Start the server (or find it running); print its API URL as the last line.

    \b
    Example:
        trials server start --db trials.duckdb --port 4200
    """
    home = resolve_prefect_home(db_path)
    try:
        state = start_server(home, port)
    except ServerError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Prefect server running: pid {state.pid}, home {home} (log: {home / 'trials-server.log'})")
    click.echo("every `trials` command now uses it; `trials server stop` stops it")
    click.echo(state.api_url)


@server.command()
@db_option
def stop(db_path: Path) -> None:
    """Stop the server of the warehouse's Prefect home, if one runs.

    \b
    Example:
        trials server stop --db trials.duckdb
    """
    stopped = stop_server(resolve_prefect_home(db_path))
    click.echo(f"stopped the Prefect server (pid {stopped.pid})" if stopped else "no Prefect server was running")


@server.command()
@db_option
@click.pass_context
def status(ctx: click.Context, db_path: Path) -> None:
    """Show whether the server runs, its URL and pid; exit 3 when it does not.

    \b
    Example:
        trials server status --db trials.duckdb
    """
    home = resolve_prefect_home(db_path)
    state = running_server(home)
    if state is None:
        recorded = read_state(home)
        note = f" (the server recorded in {state_path(home)} does not answer)" if recorded else ""
        click.echo(f"not running{note}")
        ctx.exit(EXIT_NOT_RUNNING)
    click.echo(f"running\nurl: {state.api_url}\npid: {state.pid}\nsince: {state.started}\nhome: {state.home}")
