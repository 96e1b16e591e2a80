"""What a batch of files is and what it did, and which files a run has to read again.

Kept apart from :mod:`tasks.pipeline`, which parses, normalises and validates: a run whose
files are all unchanged (a no-op rerun) needs only this, and so never imports the parsers,
Pandera or the row builders (about 0.5 s of a process's start).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.change_detection import changed_files, hash_files, known_by_file
from warehouse.connection import write_connection
from warehouse.fingerprints import known_files, record_moves

if TYPE_CHECKING:  # the loader imports Pandera's models; a batch's outcomes come from it at run time
    from warehouse.loader import DocumentOutcome


@dataclass
class BatchResult:
    """What one batch did, for the run's counts and report."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[DocumentOutcome] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    superseded_elsewhere: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # uri, section, message
    trials: list[str] = field(default_factory=list)  # the trials whose rows the batch replaced


@dataclass(frozen=True)
class FileWork:
    """A file to read again and process, with what the warehouse holds of its documents.

    ``known`` maps stored document ids to ``(sha256, parser_version)``, so that the
    unchanged records of a changed container file are not parsed again.
    """

    uri: str
    size: int
    known: dict[str, tuple[str, str]] = field(default_factory=dict)


def fingerprint_files(
    db_path: Path, paths: Sequence[str | Path], full_refresh: bool, verify: bool = False
) -> tuple[list[FileWork], list[str]]:
    """Hash ``paths`` (or take their hash from the stat index); return the files to process and unchanged ids.

    A file whose stat equals its stat index entry is not read (``verify`` reads every file).
    A file is unchanged when the warehouse holds documents read from this very content (by
    its sha256, wherever the file was then) and processed them with the current parser
    version; a file found at a new path is recorded there. A file that cannot be read is
    always processed, so that the run reports it.
    """
    if not paths:
        return [], []
    with write_connection(db_path, bookkeeping=True) as con:  # the stat index only
        if full_refresh:
            return [FileWork(p.uri, p.size) for p in hash_files(con, paths)], []
        changed, unchanged, moves = changed_files(con, paths, trust_index=not verify)
        by_file = known_by_file(known_files(con, [p.uri for p in changed]))
        work = [FileWork(p.uri, p.size, by_file.get(p.uri, {})) for p in changed]
    if moves:
        with write_connection(db_path) as con:  # readers see where a document's file now is
            record_moves(con, moves, datetime.now())
    return work, unchanged


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while batches are prepared or written.

    Preparing and writing allocate millions of short-lived objects that reference counting
    frees, and the collector's full scans walk every live object each time: in a worker they
    cost a third of the time; in the run's own process, whose heap grows with the run's match
    indexes, 22 of its 80 s at 100,000 documents (so every recorded run holds it). A cold run
    of 30,000 left 68 objects in cycles, so pausing costs no memory. The collector runs again afterwards, so any cycles
    made meanwhile are still collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
