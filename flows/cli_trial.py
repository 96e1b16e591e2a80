"""``trials sources ID`` and ``trials history ID``: where a trial comes from, and how it changed."""

from __future__ import annotations

import argparse
import sys

from flows.config import resolve_db_path

EXIT_NOT_FOUND = 1


def add_trial_commands(commands: argparse._SubParsersAction, formats: tuple[str, ...]) -> None:
    """Register ``trials sources`` and ``trials history`` on the command line's subcommands."""
    sources = commands.add_parser("sources", help="every document of a trial: format, match rule, status")
    history = commands.add_parser("history", help="a trial's versions and what changed between them")
    for command, handler in ((sources, _sources), (history, _history)):
        command.add_argument("trial_id", help="the trial's registry id (NCT…) or its DOC-… id")
        command.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./warehouse.duckdb)")
        command.add_argument("--format", choices=formats, default="table", help="output format")
        command.set_defaults(handler=handler)


def _sources(args: argparse.Namespace) -> int:
    """Print every document of the trial, its current best source first."""
    from flows.cli import format_rows
    from warehouse.connection import read_connection
    from warehouse.sources import sources_of

    with read_connection(resolve_db_path(args.db)) as con:
        columns, rows = sources_of(con, args.trial_id)
    if not rows:
        print(f"trials: no trial {args.trial_id} in the warehouse", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(format_rows(columns, rows, args.format))
    return 0


def _history(args: argparse.Namespace) -> int:
    """Print the trial's versions, then every change from one version to the next."""
    from flows.cli import format_rows
    from tasks.history import Version, changes
    from tasks.parsers.records import SourceDocument
    from tasks.pipeline import parse_document
    from warehouse.connection import read_connection
    from warehouse.sources import versions_of

    with read_connection(resolve_db_path(args.db)) as con:
        rows = versions_of(con, args.trial_id)
    if not rows:
        print(f"trials: no trial {args.trial_id} in the warehouse", file=sys.stderr)
        return EXIT_NOT_FOUND
    versions = [
        Version(
            number, document_id, fmt, valid_from, parse_document(SourceDocument(document_id, uri, sha, text)).record
        )
        for number, document_id, fmt, valid_from, uri, sha, text in rows
    ]
    listing = [row[:5] for row in rows]
    print(format_rows(["version", "document_id", "source_format", "valid_from", "uri"], listing, args.format))
    found = [(c.version, c.item, c.change, c.before, c.after) for c in changes(versions)]
    print(format_rows(["version", "item", "change", "before", "after"], found, args.format))
    return 0
