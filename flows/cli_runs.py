"""The ``trials`` commands that run a flow: ``ingest``, ``sync``, ``backfill``, ``reparse``.

Prefect reads its settings when it is first imported, so the flows are imported inside
:func:`flows.session.run_session`, never at the top of this module.
"""

# ruff: noqa: D301 (help texts hold Click's \b marker, a real backspace: it keeps an Example block as written)

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from flows.cli_options import check_window, ctgov_options, db_option, verbose_option, window_options
from flows.runners import RUNNERS, task_runner
from flows.session import run_session

if TYPE_CHECKING:  # pydantic and requests: imported only by the commands that call the API
    from tasks.ctgov_api import ClientSettings


@click.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@db_option
@click.option("--full-refresh", is_flag=True, help="Reparse every document.")
@click.option(
    "--verify", is_flag=True, help="Read and hash every file (by default one whose stat is unchanged is not)."
)
@click.option("--batch-size", type=click.IntRange(min=1), help="Files per batch, one transaction each (default: 2000).")
@click.option(
    "--task-runner",
    "runner_name",
    type=click.Choice(RUNNERS),
    help="Where batches are parsed: this machine's cores (processes, the default) or a Dask cluster.",
)
@click.option(
    "--dask-address",
    metavar="tcp://HOST:PORT",
    help="Scheduler of an existing Dask cluster (implies --task-runner dask; default: a local cluster).",
)
@verbose_option
def ingest(
    paths: tuple[str, ...],
    db_path: Path,
    full_refresh: bool,
    verify: bool,
    batch_size: int | None,
    runner_name: str | None,
    dask_address: str | None,
    verbose: bool,
) -> None:
    """Ingest files or folders of trial documents, then print a summary.

    PATH is any mix of files and folders (searched recursively; hidden files skipped). Exits 0
    when the run completes, even if documents were rejected (they are listed with their reasons).

    \b
    Example:
        trials ingest examples/documents --db trials.duckdb
        trials ingest inbox/ new.json --batch-size 500 --task-runner dask --verbose
    """
    from tasks.documents import check_paths

    check_paths(paths)  # fail fast, with one line, on a missing path
    runner = task_runner(runner_name or ("dask" if dask_address else "processes"), dask_address)
    with run_session(db_path, verbose):
        from flows.ingest import DEFAULT_BATCH_SIZE, ingest_documents

        flow = ingest_documents.with_options(task_runner=runner) if runner else ingest_documents
        summary = flow(
            paths=list(paths),
            db=str(db_path),
            full_refresh=full_refresh,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            verify=verify,
        )
    _print_summary(summary)
    for folder, reason in summary.skipped:
        click.echo(f"trials: warning: skipped {folder}: {reason}", err=True)
    if not summary.counts.documents_seen:
        click.echo(f"trials: warning: no document files under {' '.join(paths)}", err=True)


def _print_summary(summary) -> None:
    """Print a run summary: counts, rows, rejections, parse warnings, and the report file."""
    counts = summary.counts.as_dict()
    print(f"warehouse: {summary.db_path}")
    print("documents: " + ", ".join(f"{name.replace('documents_', '')} {n}" for name, n in counts.items()))
    print("rows: " + ", ".join(f"{t} {n}" for t, n in summary.table_rows.items()))
    for uri, reason, details in summary.rejections:
        print(f"rejected: {uri}: {reason}" + (f" ({details[:200]})" if details else ""))
    if summary.warnings:
        print(f"parse warnings: {len(summary.warnings)}")
    for uri, section, message in summary.warnings:
        print(f"warning: {uri}: {section}: {message}")
    print(f"report: {summary.report_path}")


@click.command()
@ctgov_options
@window_options(
    since_help="Window start (default: the query's watermark minus one day).",
    until_help="Window end (default: today).",
)
@db_option
@verbose_option
def sync(
    query: str | None,
    base_url: str | None,
    min_interval: float | None,
    since: date | None,
    until: date | None,
    db_path: Path,
    verbose: bool,
) -> None:
    """Sync the studies of a query from the ClinicalTrials.gov API, then print a summary.

    \b
    Example:
        trials sync --db trials.duckdb
        trials sync --query "cond=multiple myeloma; intr=BCMA CAR-T" --since 2024-01-01 --until 2024-06-30
    """
    check_window(since, until)
    with run_session(db_path, verbose):
        from flows.sync import sync_ctgov

        summary = sync_ctgov(
            query=_checked_query(query),
            since=since,
            until=until,
            db=str(db_path),
            client=_client_settings(base_url, min_interval),
        )
    _print_summary(summary)


def _checked_query(query: str | None) -> str:
    """The query given, else the flow's default, parsed once here so that a malformed one fails in one line."""
    from flows.sync import DEFAULT_QUERY
    from tasks.ctgov_api import StudyQuery

    query = query or DEFAULT_QUERY
    StudyQuery.parse(query)
    return query


def _client_settings(base_url: str | None, min_interval: float | None) -> ClientSettings:
    """The API client's settings: the options given, the settings' own defaults for the rest."""
    from tasks.ctgov_api import ClientSettings

    given = {"base_url": base_url, "min_interval": min_interval}
    return ClientSettings(**{name: value for name, value in given.items() if value is not None})


@click.command()
@window_options(since_help="First day of the range.", until_help="Last day of the range.", required=True)
@click.option("--window-days", type=click.IntRange(min=1), help="Days per window (default: 30).")
@ctgov_options
@db_option
@verbose_option
def backfill(
    since: date,
    until: date,
    window_days: int | None,
    query: str | None,
    base_url: str | None,
    min_interval: float | None,
    db_path: Path,
    verbose: bool,
) -> None:
    """Sync a past date range window by window (idempotent: a rerun skips completed windows).

    \b
    Example:
        trials backfill --since 2023-01-01 --until 2023-12-31 --db trials.duckdb
        trials backfill --since 2023-01-01 --until 2023-03-31 --window-days 7 --query "term=myeloma"
    """
    check_window(since, until)  # with --window-days of at least 1, the flow can always cut the range
    with run_session(db_path, verbose) as reporter:
        from flows.backfill import DEFAULT_WINDOW_DAYS
        from flows.backfill import backfill as backfill_flow

        report = backfill_flow(
            since=since,
            until=until,
            window_days=window_days or DEFAULT_WINDOW_DAYS,
            query=_checked_query(query),
            db=str(db_path),
            client=_client_settings(base_url, min_interval),
        )
    _print_windows(report)
    click.echo(f"report: {reporter.reports[-1]}")


def _print_windows(report) -> None:
    """Print each backfill window's outcome and counts."""
    for row in report:
        counts = ", ".join(f"{k} {row[k]}" for k in ("documents_seen", "loaded", "unchanged", "rejected") if k in row)
        print(f"window {row['start']} to {row['end']}: {row['status']}" + (f" ({counts})" if counts else ""))


@click.command()
@db_option
@verbose_option
def reparse(db_path: Path, verbose: bool) -> None:
    """Re-derive every table from the stored raw documents (after a parser upgrade), then print a summary.

    \b
    Example:
        trials reparse --db trials.duckdb
    """
    with run_session(db_path, verbose):
        from flows.backfill import reparse as reparse_flow

        summary = reparse_flow(db=str(db_path))
    _print_summary(summary)


COMMANDS = (ingest, sync, backfill, reparse)
