"""``trials server start|stop|status``: the local Prefect server that makes runs start fast."""

from __future__ import annotations

import argparse
import sys

from flows.config import resolve_db_path, resolve_prefect_home
from flows.server import ServerError, read_state, running_server, start_server, state_path, stop_server

EXIT_FAILED = 1
EXIT_NOT_RUNNING = 3  # as `systemctl status` does for a stopped service


def add_server_command(commands: argparse._SubParsersAction) -> None:
    """Register ``trials server`` on the command line's subcommands."""
    server = commands.add_parser("server", help="start, stop or show the local Prefect server that runs use")
    server.add_argument("action", choices=("start", "stop", "status"))
    server.add_argument("--db", help="warehouse file whose Prefect home holds the server (default: $TRIALS_DB …)")
    server.add_argument("--port", type=int, default=None, help="port to listen on (default: 4200 if free)")
    server.set_defaults(handler=_server)


def _server(args: argparse.Namespace) -> int:
    """Run one server action; ``start`` prints the API URL as its last line."""
    home = resolve_prefect_home(resolve_db_path(args.db))
    if args.action == "start":
        try:
            state = start_server(home, args.port)
        except ServerError as error:
            print(f"trials: error: {error}", file=sys.stderr)
            return EXIT_FAILED
        print(f"Prefect server running: pid {state.pid}, home {home} (log: {home / 'trials-server.log'})")
        print("every `trials` command now uses it; `trials server stop` stops it")
        print(state.api_url)
        return 0
    if args.action == "stop":
        stopped = stop_server(home)
        print(f"stopped the Prefect server (pid {stopped.pid})" if stopped else "no Prefect server was running")
        return 0
    return _status(home)


def _status(home) -> int:
    """Print whether the server runs, its URL and pid; exit 3 when it does not."""
    state = running_server(home)
    if state is None:
        recorded = read_state(home)
        note = f" (the server recorded in {state_path(home)} does not answer)" if recorded else ""
        print(f"not running{note}")
        return EXIT_NOT_RUNNING
    print(f"running\nurl: {state.api_url}\npid: {state.pid}\nsince: {state.started}\nhome: {state.home}")
    return 0
