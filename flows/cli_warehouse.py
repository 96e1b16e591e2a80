"""The ``trials`` commands that read the warehouse: ``sql``, ``status``, ``check``, ``export``, ``report``."""

# ruff: noqa: D301 (help texts hold Click's \b marker, a real backspace: it keeps an Example block as written)

from __future__ import annotations

from pathlib import Path

import click

from flows.cli_options import EXPORT_FORMATS, LISTED_TRIALS, db_option, format_option
from flows.cli_output import format_rows, print_results


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file", "sql_file", metavar="FILE", type=click.Path(path_type=Path), help="Read SQL statements from FILE."
)
@db_option
@format_option
def sql(query: str | None, sql_file: Path | None, db_path: Path, fmt: str) -> None:
    """Run read-only SQL against the warehouse.

    Give a QUERY or --file (one of the two). Several statements print one result each, separated
    by a blank line. A statement that would write is refused.

    \b
    Example:
        trials sql "SELECT source_format, count(*) AS trials FROM trial GROUP BY ALL" --db trials.duckdb
        trials sql --file examples/queries.sql --format csv
    """
    from warehouse.query import run_read_only

    if bool(query) == bool(sql_file):
        raise click.UsageError("give a query or --file (one of the two)")
    print_results(run_read_only(db_path, query or _read_sql(sql_file)), fmt)


def _read_sql(sql_file: Path) -> str:
    """The text of ``--file``, or a one-line usage error."""
    try:
        return sql_file.read_text(encoding="utf-8")
    except OSError as error:
        raise click.UsageError(f"cannot read {sql_file}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise click.UsageError(f"cannot read {sql_file}: not UTF-8 text ({error.reason})") from None


@click.command()
@db_option
def status(db_path: Path) -> None:
    """Show the last runs, sync watermarks, backfill windows and row counts.

    \b
    Example:
        trials status --db trials.duckdb
    """
    from warehouse.connection import WarehouseError
    from warehouse.query import STATUS_QUERIES, run_read_only, table_row_counts
    from warehouse.schema import SCHEMA_VERSION
    from warehouse.snapshot import unpublished_runs

    version = run_read_only(db_path, "SELECT max(version) FROM schema_version")[0][1][0][0]
    click.echo(f"warehouse: {db_path} (schema version {version})")
    if unpublished := unpublished_runs(db_path):
        click.echo(
            f"note: {unpublished[0]} later run(s) changed nothing (the last ended {unpublished[1]}); "
            "they are listed here once a run changes the warehouse"
        )
    if version < SCHEMA_VERSION:
        click.echo(
            f"note: this program uses schema version {SCHEMA_VERSION}; the next write (ingest, sync, "
            "reparse) upgrades the file in place"
        )
    sections = [(title, lambda text=text: run_read_only(db_path, text)[0]) for title, text in STATUS_QUERIES]
    for title, read in [*sections, ("rows", lambda: table_row_counts(db_path))]:
        click.echo(f"\n{title}:")
        try:
            columns, rows = read()
        except WarehouseError as error:
            click.echo(f"(unavailable: {error})")
            continue
        click.echo(format_rows(columns, rows, "table") if rows else "(none)")


@click.command()
@db_option
@click.pass_context
def check(ctx: click.Context, db_path: Path) -> None:
    """Check the warehouse's invariants: exit 0 when all hold, 1 naming each violation.

    \b
    Example:
        trials check --db trials.duckdb
    """
    from warehouse.connection import read_connection
    from warehouse.invariants import violations

    with read_connection(db_path) as con:
        found = violations(con)
    for violation in found:
        click.echo(f"violation: {violation}")
    click.echo(f"{db_path}: " + (f"{len(found)} invariant violations" if found else "all invariants hold"))
    if found:
        ctx.exit(1)


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="parquet", show_default=True, help="File format."
)
def export(folder: Path, db_path: Path, fmt: str) -> None:
    """Export every table and view to one Parquet or CSV file each in DIR.

    A missing warehouse is an error, and then DIR is not created.

    \b
    Example:
        trials export exported --db trials.duckdb --format csv
    """
    from warehouse.export import export_tables

    for table, rows in export_tables(db_path, folder, fmt).items():
        click.echo(f"{folder / f'{table}.{fmt}'}: {rows} rows")


@click.command()
@db_option
@click.option("--out", metavar="FILE.html", help="Report file (default: landscape.html beside the warehouse).")
@click.option(
    "--where",
    metavar="SQL",
    help="Keep the trials matching a predicate over trial_overview/trial columns and `condition`, "
    "e.g. \"condition ILIKE '%myeloma%'\".",
)
@click.option(
    "--listed",
    type=click.IntRange(min=0),
    default=LISTED_TRIALS,
    show_default=True,
    help="List at most this many trials with their sections, the most recently updated (0: every one); "
    "the charts count every trial.",
)
def report(db_path: Path, out: str | None, where: str | None, listed: int) -> None:
    """Write the landscape report: one self-contained HTML file.

    \b
    Example:
        trials report --db trials.duckdb
        trials report --out myeloma.html --where "condition ILIKE '%myeloma%' AND phase LIKE '%PHASE2%'"
    """
    from flows.config import resolve_cache_dir, resolve_report_path
    from tasks.landscape_report import write_report

    written = write_report(db_path, resolve_report_path(out, db_path), where, resolve_cache_dir(), listed or None)
    shown = f"{written.trials} of {written.total_trials} trials"
    if written.listed < written.trials:
        shown += f"; the {written.listed} most recently updated listed, --listed to change"
    click.echo(f"report: {written.path} ({shown}); open it in a browser")


COMMANDS = (sql, status, check, export, report)
