"""What the flows share: the run summary, the progress line, the Prefect run id and the report."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from prefect.exceptions import CancelledRun
from prefect.runtime import flow_run
from prefect.states import Cancelled, State

from flows import progress
from flows.config import report_path, resolve_cache_dir, resolve_flow_report
from flows.session import interrupted
from schemas.runs import RunCounts
from tasks.ingest_tasks import publish_report
from tasks.report import RunTally

P = ParamSpec("P")
R = TypeVar("R")
INTERRUPTED = "interrupted (Ctrl-C): the batch being written was rolled back, readers still see the last run"


def cancelled_when_interrupted(fn: Callable[P, R]) -> Callable[P, R | State]:
    """Make Ctrl-C (or a cancelled subflow) end the flow run as Cancelled, not Crashed.

    Put it under ``@flow``. The interrupted run's open transaction is rolled back by the
    warehouse's connection, and the run is recorded as ``cancelled`` by the flow itself.
    """

    @functools.wraps(fn)
    def cancellable(*args: P.args, **kwargs: P.kwargs) -> R | State:
        try:
            return fn(*args, **kwargs)
        except (KeyboardInterrupt, CancelledRun):
            return Cancelled(message=INTERRUPTED)
        except Exception as error:
            if interrupted(error):  # Ctrl-C that a library reported as an error of its own
                return Cancelled(message=INTERRUPTED)
            raise

    # Prefect builds the flow's parameter model from the signature; the annotations are
    # strings (``from __future__ import annotations``) to resolve in ``fn``'s module, not here.
    cancellable.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    cancellable.__annotations__ = typing.get_type_hints(fn)
    return cancellable


@dataclass
class RunSummary:
    """What a run did: counts per status, rows per table, rejections, parse warnings, skipped folders."""

    run_id: str
    db_path: str
    counts: RunCounts
    table_rows: dict[str, int]
    rejections: list[tuple[str, str, str | None]] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # uri, section, message
    skipped: list[tuple[str, str]] = field(default_factory=list)  # folder that could not be listed, reason
    report_path: str | None = None


def progress_line(tally: RunTally) -> str:
    """One line of counts for the log."""
    return ", ".join(f"{name} {count}" for name, count in tally.counts().as_dict().items())


def current_flow_run_id() -> str | None:
    """The Prefect flow run id, when running inside one."""
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


def write_landscape(db_path: Path, report: str | None) -> None:
    """Write the landscape report at the end of a run when the flow's ``report`` parameter names a file."""
    if report:
        from tasks.landscape_tasks import publish_landscape  # Altair loads only when a report is asked for

        publish_landscape(db_path, resolve_flow_report(report, db_path), resolve_cache_dir())


def deliver_report(markdown: str, key: str, db_path: Path, run_id: str) -> Path:
    """Write the run report to ``runs/<run_id>.md`` beside the warehouse, publish it, tell the user where."""
    path = report_path(db_path, run_id)
    publish_report(markdown, key=key, path=path)
    progress.current().report(path)
    return path
