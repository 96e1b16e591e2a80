"""Progress a person can read: a Rich bar on a terminal, plain periodic lines elsewhere.

Flows report through the current reporter (``current()``): the command line installs
one for the length of a run (``using``); a flow called from Python or by a deployment's
worker gets plain lines in its run log. Pure code never sees a reporter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

PLAIN_EVERY_SECONDS = 10.0  # a line at most this often (and always the first and the last)


def _run_log(message: str) -> None:
    """Log to the Prefect run logger when inside a run, else to the ``trials`` logger."""
    import logging

    try:
        from prefect import get_run_logger

        get_run_logger().info(message)
    except Exception:  # outside a flow run Prefect raises MissingContextError
        logging.getLogger("trials").info(message)


class Reporter:
    """Plain progress lines: what a run has done, its rate and ETA, and every wait it makes."""

    def __init__(
        self, write: Callable[[str], None] = _run_log, every: float = PLAIN_EVERY_SECONDS, echo_reports: bool = True
    ) -> None:
        self._write = write
        self._every = every
        self._echo_reports = echo_reports  # the command line names the report in its summary instead
        self._label, self._unit, self._total = "", "files", None
        self._started = self._last = time.monotonic()
        self._printed = False
        self.reports: list[Path] = []

    def start(self, label: str, total: int | None, unit: str = "files") -> None:
        """Begin a stage of ``total`` units (``None`` when not known in advance)."""
        self._label, self._total, self._unit = label, total, unit
        self._started = time.monotonic()
        self._printed = False

    def advance(self, done: int, documents: int) -> None:
        """Record that ``done`` units and ``documents`` documents are finished so far."""
        now = time.monotonic()
        final = self._total is not None and done >= self._total
        if self._printed and not final and now - self._last < self._every:
            return
        self._printed, self._last = True, now
        self._write(progress_text(self._label, done, self._total, self._unit, documents, now - self._started))

    def say(self, message: str) -> None:
        """Announce something the user waits for (a lock, a retry)."""
        self._write(message)

    def report(self, path: Path) -> None:
        """Note where the run's markdown report was written."""
        self.reports.append(path)
        if self._echo_reports:
            self._write(f"report: {path}")

    def close(self) -> None:
        """Finish the display."""


def progress_text(label: str, done: int, total: int | None, unit: str, documents: int, elapsed: float) -> str:
    """One progress line: ``label: 40/100 files, 812 documents, 95.2 documents/s, ETA 6 s``."""
    rate = documents / elapsed if elapsed > 0 else 0.0
    parts = [f"{done}/{total} {unit}" if total is not None else f"{done} {unit}", f"{documents} documents"]
    parts.append(f"{rate:.1f} documents/s")
    if total is not None and 0 < done < total:
        parts.append(f"ETA {elapsed * (total - done) / done:.0f} s")
    return f"{label}: " + ", ".join(parts)


class RichReporter(Reporter):
    """A Rich progress bar on a terminal: units done, documents, documents/s, ETA."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._console = Console(file=stream or sys.stderr)
        super().__init__(write=self._print, echo_reports=False)
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}, {task.fields[documents]} documents, {task.fields[rate]} documents/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self._console,
            transient=False,
        )
        self._task = None

    def _print(self, message: str) -> None:
        """Print above the bar, as plain text (a path may hold ``[``, which Rich would read as markup)."""
        self._console.print(message, markup=False, highlight=False)

    def start(self, label: str, total: int | None, unit: str = "files") -> None:
        """Show a new bar for the stage."""
        super().start(label, total, unit)
        self._bar.start()
        self._task = self._bar.add_task(label, total=total, unit=unit, documents=0, rate="0.0")

    def advance(self, done: int, documents: int) -> None:
        """Move the bar (Rich redraws it several times a second, so elapsed time keeps moving)."""
        if self._task is None:
            return
        elapsed = time.monotonic() - self._started
        rate = f"{documents / elapsed:.1f}" if elapsed > 0 else "0.0"
        self._bar.update(self._task, completed=done, documents=documents, rate=rate)

    def close(self) -> None:
        """Stop redrawing; the last state of the bar stays on screen."""
        self._bar.stop()


_CURRENT: list[Reporter] = []


def current() -> Reporter:
    """The reporter of the run in progress (plain lines in the run log when none was installed)."""
    return _CURRENT[-1] if _CURRENT else Reporter()


@contextmanager
def using(reporter: Reporter) -> Iterator[Reporter]:
    """Make ``reporter`` the current one for the length of the block, then close it."""
    _CURRENT.append(reporter)
    try:
        yield reporter
    finally:
        _CURRENT.remove(reporter)
        reporter.close()


def for_stream(stream: TextIO) -> Reporter:
    """A Rich bar when ``stream`` is a terminal, else plain lines written to it."""
    if stream.isatty():
        return RichReporter(stream)
    return Reporter(write=lambda message: print(message, file=stream, flush=True), echo_reports=False)
