"""The ``trials`` command line."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.cli_server import add_server_command
from flows.cli_trial import add_trial_commands
from flows.config import resolve_db_path
from flows.runners import RUNNERS, RunnerError, task_runner
from flows.session import interrupted, run_session

EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports `trials sql … | head`
OUTPUT_FORMATS = ("table", "csv", "json")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trials`` command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("trials: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:  # one line for the user; the traceback is in Prefect's log
        if interrupted(error):
            print(f"trials: {error}", file=sys.stderr)
            return EXIT_INTERRUPTED
        from tasks.ctgov_api import CtgovError, QueryError
        from tasks.documents import InputError
        from warehouse.connection import WarehouseError

        if isinstance(error, (InputError, RunnerError, WarehouseError, CtgovError, QueryError)):
            print(f"trials: error: {error}", file=sys.stderr)
            return EXIT_USAGE if isinstance(error, (InputError, RunnerError)) else EXIT_FAILED
        raise


def _parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(prog="trials", description="Clinical-trial warehouse ETL.")
    parser.add_argument("--version", action=_VersionAction, help="show the program's, parsers' and schema's versions")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="ingest files or folders of trial documents")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    ingest.add_argument("--full-refresh", action="store_true", help="reparse every document")
    ingest.add_argument(
        "--verify", action="store_true", help="read and hash every file (by default one whose stat is unchanged is not)"
    )
    ingest.add_argument("--batch-size", type=_positive, default=None, help="files per batch (one transaction each)")
    ingest.add_argument(
        "--task-runner",
        choices=RUNNERS,
        default=None,
        help="where batches are parsed: this machine's cores (processes, the default) or a Dask cluster",
    )
    ingest.add_argument(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        help="scheduler of an existing Dask cluster (implies --task-runner dask; default: a local cluster)",
    )
    ingest.set_defaults(handler=_ingest)
    sync = commands.add_parser("sync", help="sync studies of a query from the ClinicalTrials.gov API")
    sync.add_argument("--query", default=None, help="cond=…; intr=…; term=…; advanced=… (default: BCMA CAR-T in MM)")
    sync.add_argument("--since", type=_date, help="window start YYYY-MM-DD (default: watermark minus one day)")
    sync.add_argument("--until", type=_date, help="window end YYYY-MM-DD (default: today)")
    sync.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    sync.add_argument("--base-url", help="API base URL (default: $TRIALS_CTGOV_URL or the public API)")
    sync.add_argument("--min-interval", type=float, default=1.0, help="seconds between requests (default 1)")
    sync.set_defaults(handler=_sync)
    backfill = commands.add_parser("backfill", help="sync a past date range window by window (idempotent)")
    backfill.add_argument("--since", type=_date, required=True, help="first day YYYY-MM-DD")
    backfill.add_argument("--until", type=_date, required=True, help="last day YYYY-MM-DD")
    backfill.add_argument("--window-days", type=_positive, default=30, help="days per window (default 30)")
    backfill.add_argument("--query", default=None, help="as for sync (default: BCMA CAR-T in MM)")
    backfill.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    backfill.add_argument("--base-url", help="API base URL (default: $TRIALS_CTGOV_URL or the public API)")
    backfill.add_argument("--min-interval", type=float, default=1.0, help="seconds between requests (default 1)")
    backfill.set_defaults(handler=_backfill)
    reparse = commands.add_parser("reparse", help="re-derive every table from the stored raw documents")
    reparse.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    reparse.set_defaults(handler=_reparse)
    status = commands.add_parser("status", help="last runs, sync watermarks, backfill windows, row counts")
    status.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    status.set_defaults(handler=_status)
    export = commands.add_parser("export", help="export every table to Parquet or CSV files")
    export.add_argument("folder", metavar="DIR")
    export.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    export.set_defaults(handler=_export)
    check = commands.add_parser("check", help="check the warehouse's invariants")
    check.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    check.set_defaults(handler=_check)
    sql = commands.add_parser("sql", help="run read-only SQL against the warehouse")
    sql.add_argument("query", nargs="?", help="SQL text")
    sql.add_argument("--file", help="read SQL statements from a file")
    sql.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    sql.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    sql.set_defaults(handler=_sql)
    report = commands.add_parser("report", help="write the landscape report: one self-contained HTML file")
    report.add_argument("--db", help="warehouse file (default: $TRIALS_DB or ./trials.duckdb)")
    report.add_argument("--out", metavar="FILE.html", help="report file (default: landscape.html beside the warehouse)")
    report.add_argument("--where", metavar="SQL", help="keep the trials matching a predicate over trial_overview/trial "
                        "columns and `condition`, e.g. \"condition ILIKE '%%myeloma%%'\"")  # fmt: skip
    report.set_defaults(handler=_report)
    for command in (ingest, sync, backfill, reparse):
        command.add_argument("--verbose", action="store_true", help="show Prefect's log lines for every task run")
    add_server_command(commands)
    add_trial_commands(commands, OUTPUT_FORMATS)
    return parser


def _ingest(args: argparse.Namespace) -> int:
    """``trials ingest``: run the flow and print a summary."""
    from tasks.documents import check_paths

    check_paths(args.paths)  # fail fast, with one line, on a missing path
    db_path = resolve_db_path(args.db)
    runner_name = args.task_runner or ("dask" if args.dask_address else "processes")
    runner = task_runner(runner_name, args.dask_address)
    with run_session(db_path, args.verbose):
        from flows.ingest import DEFAULT_BATCH_SIZE, ingest_documents

        flow = ingest_documents.with_options(task_runner=runner) if runner else ingest_documents
        summary = flow(
            paths=[str(p) for p in args.paths],
            db=str(db_path),
            full_refresh=args.full_refresh,
            batch_size=args.batch_size or DEFAULT_BATCH_SIZE,
            verify=args.verify,
        )
    _print_summary(summary)
    if not summary.counts["documents_seen"]:
        print(f"trials: warning: no document files under {' '.join(args.paths)}", file=sys.stderr)
    return 0


def _print_summary(summary) -> None:
    """Print a run summary: counts, rows, rejections, parse warnings, and the report file."""
    counts = summary.counts
    print(f"warehouse: {summary.db_path}")
    print(
        "documents: "
        + ", ".join(
            f"{k.replace('documents_', '')} {counts[k]}"
            for k in ("documents_seen", "loaded", "unchanged", "rejected", "superseded")
        )
    )
    print("rows: " + ", ".join(f"{t} {n}" for t, n in summary.table_rows.items()))
    for uri, reason, details in summary.rejections:
        print(f"rejected: {uri}: {reason}" + (f" ({details[:200]})" if details else ""))
    if summary.warnings:
        print(f"parse warnings: {len(summary.warnings)}")
    for uri, section, message in summary.warnings:
        print(f"warning: {uri}: {section}: {message}")
    print(f"report: {summary.report_path}")


def _sync(args: argparse.Namespace) -> int:
    """``trials sync``: run the sync flow and print a summary."""
    if args.since and args.until and args.since > args.until:
        print(f"trials: error: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return EXIT_USAGE
    db_path = resolve_db_path(args.db)
    with run_session(db_path, args.verbose):
        from flows.sync import DEFAULT_QUERY, sync_ctgov
        from tasks.ctgov_api import ClientSettings, StudyQuery

        query = args.query or DEFAULT_QUERY
        StudyQuery.parse(query)  # a malformed query fails here, in one line
        summary = sync_ctgov(
            query=query,
            since=args.since,
            until=args.until,
            db=str(db_path),
            client=ClientSettings(base_url=args.base_url, min_interval=args.min_interval),
        )
    _print_summary(summary)
    return 0


def _backfill(args: argparse.Namespace) -> int:
    """``trials backfill``: sync a range window by window and print each window's outcome."""
    db_path = resolve_db_path(args.db)
    with run_session(db_path, args.verbose) as reporter:
        from flows.backfill import backfill, split_windows
        from flows.sync import DEFAULT_QUERY
        from tasks.ctgov_api import ClientSettings, StudyQuery

        query = args.query or DEFAULT_QUERY
        StudyQuery.parse(query)
        try:
            split_windows(args.since, args.until, args.window_days)
        except ValueError as error:
            print(f"trials: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        report = backfill(
            since=args.since,
            until=args.until,
            window_days=args.window_days,
            query=query,
            db=str(db_path),
            client=ClientSettings(base_url=args.base_url, min_interval=args.min_interval),
        )
    for row in report:
        counts = ", ".join(f"{k} {row[k]}" for k in ("documents_seen", "loaded", "unchanged", "rejected") if k in row)
        print(f"window {row['start']} to {row['end']}: {row['status']}" + (f" ({counts})" if counts else ""))
    print(f"report: {reporter.reports[-1]}")
    return 0


def _reparse(args: argparse.Namespace) -> int:
    """``trials reparse``: rebuild every table from the raw store."""
    db_path = resolve_db_path(args.db)
    with run_session(db_path, args.verbose):
        from flows.backfill import reparse

        summary = reparse(db=str(db_path))
    _print_summary(summary)
    return 0


def _status(args: argparse.Namespace) -> int:
    """``trials status``: print the warehouse's recent history and size."""
    from warehouse.connection import WarehouseError
    from warehouse.query import STATUS_QUERIES, run_read_only, table_row_counts
    from warehouse.schema import SCHEMA_VERSION

    db_path = resolve_db_path(args.db)
    version = run_read_only(db_path, "SELECT max(version) FROM schema_version")[0][1][0][0]
    print(f"warehouse: {db_path} (schema version {version})")
    if version < SCHEMA_VERSION:
        print(
            f"note: this program uses schema version {SCHEMA_VERSION}; the next write (ingest, sync, "
            "reparse) upgrades the file in place"
        )
    sections = [(title, lambda sql=sql: run_read_only(db_path, sql)[0]) for title, sql in STATUS_QUERIES]
    for title, read in [*sections, ("rows", lambda: table_row_counts(db_path))]:
        print(f"\n{title}:")
        try:
            columns, rows = read()
        except WarehouseError as error:
            print(f"(unavailable: {error})")
            continue
        print(format_rows(columns, rows, "table") if rows else "(none)")
    return 0


def _export(args: argparse.Namespace) -> int:
    """``trials export DIR``: one file per table."""
    from warehouse.export import export_tables

    written = export_tables(resolve_db_path(args.db), Path(args.folder), args.format)
    for table, rows in written.items():
        print(f"{Path(args.folder) / f'{table}.{args.format}'}: {rows} rows")
    return 0


def _check(args: argparse.Namespace) -> int:
    """``trials check``: exit 0 when every invariant holds, 1 naming each violation."""
    from warehouse.connection import read_connection
    from warehouse.invariants import violations

    db_path = resolve_db_path(args.db)
    with read_connection(db_path) as con:
        found = violations(con)
    for violation in found:
        print(f"violation: {violation}")
    print(f"{db_path}: " + (f"{len(found)} invariant violations" if found else "all invariants hold"))
    return 1 if found else 0


def _date(text: str):
    """Parse ``YYYY-MM-DD`` for argparse."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _sql(args: argparse.Namespace) -> int:
    """``trials sql``: run queries read-only and print their results."""
    from warehouse.query import run_read_only

    if bool(args.query) == bool(args.file):
        print("trials: error: give a query or --file (one of the two)", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = args.query or Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(f"trials: error: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    for columns, rows in run_read_only(resolve_db_path(args.db), text):
        print(format_rows(columns, rows, args.format))
    return 0


def _report(args: argparse.Namespace) -> int:
    """``trials report``: write the landscape report and say where it is."""
    from flows.config import resolve_cache_dir, resolve_report_path
    from tasks.landscape_report import write_report

    db_path = resolve_db_path(args.db)
    written = write_report(db_path, resolve_report_path(args.out, db_path), args.where, resolve_cache_dir())
    print(f"report: {written.path} ({written.trials} of {written.total_trials} trials); open it in a browser")
    return 0


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Render a result as an aligned table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(columns, r, strict=False)), default=str, ensure_ascii=False) for r in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=False)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class _VersionAction(argparse.Action):
    """``--version``, computed only when asked for (it imports the parsers)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(_version())
        parser.exit()


def _version() -> str:
    """``trials VERSION (parsers PARSER_VERSION, schema N)``."""
    from importlib.metadata import PackageNotFoundError, version

    from tasks.parsers import PARSER_VERSION
    from warehouse.schema import SCHEMA_VERSION

    try:
        package = version("trials-warehouse")
    except PackageNotFoundError:
        package = "unknown"
    return f"trials {package} (parsers {PARSER_VERSION}, schema {SCHEMA_VERSION})"


def _cell(value: object) -> object:
    """A value for one CSV cell: lists as JSON arrays (``["hrqol", "cytokines"]``), the rest as it is."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | tuple) else value


def _text(value: object, limit: int = 80) -> str:
    """Show one value on one line, shortened."""
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
