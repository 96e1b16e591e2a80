"""``trials sources ID`` and ``trials history ID``: where a trial comes from, and how it changed."""

# ruff: noqa: D301 (help texts hold Click's \b marker, a real backspace: it keeps an Example block as written)

from __future__ import annotations

from pathlib import Path

import click

from flows.cli_options import db_option, format_option
from flows.cli_output import print_results

trial_id_argument = click.argument("trial_id")


@click.command()
@trial_id_argument
@db_option
@format_option
def sources(trial_id: str, db_path: Path, fmt: str) -> None:
    """Every document of a trial (by registry id NCT… or DOC-… id): format, match rule, status.

    The trial's current best source comes first.

    \b
    Example:
        trials sources NCT04309981 --db trials.duckdb
    """
    from warehouse.connection import read_connection
    from warehouse.sources import sources_of

    with read_connection(db_path) as con:
        columns, rows = sources_of(con, trial_id)
    if not rows:
        raise click.ClickException(f"no trial {trial_id} in the warehouse")
    print_results([(columns, rows)], fmt)


@click.command()
@trial_id_argument
@db_option
@format_option
def history(trial_id: str, db_path: Path, fmt: str) -> None:
    """A trial's versions, then every change from one version to the next.

    The two results (versions, changes) are printed one after the other, separated by a blank line.

    \b
    Example:
        trials history NCT04714372 --db trials.duckdb --format csv
    """
    from tasks.history import Version, changes
    from tasks.parsers.records import SourceDocument
    from tasks.pipeline import parse_document
    from warehouse.connection import read_connection
    from warehouse.sources import versions_of

    with read_connection(db_path) as con:
        rows = versions_of(con, trial_id)
    if not rows:
        raise click.ClickException(f"no trial {trial_id} in the warehouse")
    versions = [
        Version(
            number,
            document_id,
            source_format,
            valid_from,
            parse_document(SourceDocument(document_id, uri, sha, text)).record,
        )
        for number, document_id, source_format, valid_from, uri, sha, text in rows
    ]
    listing = ["version", "document_id", "source_format", "valid_from", "uri"], [row[:5] for row in rows]
    found = [(c.version, c.item, c.change, c.before, c.after) for c in changes(versions)]
    print_results([listing, (["version", "item", "change", "before", "after"], found)], fmt)


COMMANDS = (sources, history)
