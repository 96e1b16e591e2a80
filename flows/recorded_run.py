"""One recorded run: the writer's slot, the ``load_run`` row, the tally, the invariants, the report.

Every flow that writes the warehouse (ingest, sync, reparse) runs inside
:func:`recorded_run`, so a run is recorded, checked and reported the same way whatever
brought the documents.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prefect.utilities.annotations import quote

from flows.common import RunSummary, current_flow_run_id, deliver_report
from flows.config import resolve_parse_workers
from flows.guard import exclusive_writer
from flows.session import interrupted
from schemas.runs import RunCounts, RunStatus
from tasks.batches import collector_paused
from tasks.ingest_tasks import Handoff, begin_run, end_run, load_batch
from tasks.parallel import WorkerPool
from tasks.report import RunTally, render_markdown

if TYPE_CHECKING:  # imported by a run's first batch (see RecordedRun.match_candidates)
    from tasks.pipeline import Prepared
    from tasks.sources import MatchCandidates


@dataclass
class RecordedRun:
    """A run in progress: what it has loaded so far, and how it ended once it has."""

    db_path: Path
    flow_name: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    tally: RunTally = field(default_factory=RunTally)
    candidates: MatchCandidates | None = None  # the run's match indexes, from its first batch on
    expected_documents: int = 0
    status: RunStatus = RunStatus.RUNNING
    table_rows: dict[str, int] = field(default_factory=dict)
    pool: WorkerPool = field(default_factory=lambda: WorkerPool(resolve_parse_workers()))  # the run's parse workers

    def load(self, prepared: Handoff[Prepared]) -> None:
        """Write one prepared batch (one transaction) and fold its outcome into the tally."""
        candidates = self.match_candidates()
        self.tally.add(load_batch(self.db_path, prepared, self.run_id, datetime.now(), quote(candidates)))

    def expect(self, documents: int) -> None:
        """Say how many documents the run will bring (matching reads blocks only for few)."""
        self.expected_documents = documents
        if self.candidates is not None:
            self.candidates.expect(documents)

    def match_candidates(self) -> MatchCandidates:
        """The run's match indexes, made for its first batch.

        Matching (and the pandas it reads blocks with) is imported then: a run that loads no
        batch, such as a rerun over unchanged files, never needs it.
        """
        if self.candidates is None:
            from tasks.sources import MatchCandidates

            self.candidates = MatchCandidates()
            self.candidates.expect(self.expected_documents)
        return self.candidates

    def counts(self) -> RunCounts:
        """The run's counts so far."""
        return self.tally.counts()

    def summary(self, title: str, report_key: str, scope: str) -> RunSummary:
        """The ended run's summary; its report is written beside the warehouse and published."""
        tally = self.tally
        summary = RunSummary(
            self.run_id, str(self.db_path), tally.counts(), self.table_rows, tally.rejections, tally.warnings,
            tally.skipped,
        )  # fmt: skip
        markdown = render_markdown(
            title, summary.counts, self.table_rows, tally.rejections, scope, tally.warnings, tally.skipped
        )
        summary.report_path = str(deliver_report(markdown, report_key, self.db_path, self.run_id))
        return summary


@contextmanager
def recorded_run(db_path: Path, flow_name: str) -> Iterator[RecordedRun]:
    """Hold the warehouse's writer slot and record a run in ``load_run`` from start to end.

    The run ends ``completed`` when the block finishes, ``cancelled`` on Ctrl-C and ``failed``
    on any other error; its counts are recorded and the invariants checked either way. Its
    parse workers are stopped when it ends, however it ends. Python's
    cyclic collector is paused meanwhile (see :func:`~tasks.batches.collector_paused`).

    Raises:
        WarehouseBusy: when another writer keeps the warehouse too long.
        InvariantViolation: when the warehouse breaks an invariant at the end of the run.
    """
    run = RecordedRun(db_path, flow_name)
    with exclusive_writer(db_path) as slot, collector_paused():
        begin_run(db_path, run.run_id, current_flow_run_id(), flow_name, datetime.now())
        try:
            slot.wait()  # taken while the run was recorded
            yield run
            run.status = RunStatus.COMPLETED
        except BaseException as error:
            run.status = RunStatus.CANCELLED if interrupted(error) else RunStatus.FAILED
            raise
        finally:
            # Stopped, not left to exit: a run that ended early does not wait for the batch being parsed.
            run.pool.stop()
            slot.give_back()  # given back while the run's end is recorded
            run.table_rows = end_run(db_path, run.run_id, run.counts(), run.status, quote(run.tally.trials))
