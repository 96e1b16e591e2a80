"""Open the warehouse: one writer at a time (file lock), readers on a published snapshot.

DuckDB lets no other process open a file while one process has it open for writing, and a
writer cannot open a file that a reader holds. So the warehouse path that people open (``--db``)
is a **published snapshot**: the writer works on its own file beside it
(:func:`warehouse.snapshot.writer_path`, ``.NAME.writer``) and, when a writer's work ends without an error (the end
of a run), copies that file and renames the copy over the published path in one atomic step
(a run that only recorded itself, such as a no-op rerun, leaves the published file as it is).
A reader holding the published file for hours never blocks a run and never sees half a run;
it sees the new data when it opens the file again. Writers hold an exclusive lock file beside
the database for a whole run.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.schema import SCHEMA_VERSION, current_version, ensure_schema
from warehouse.snapshot import prepare_writer_file, publish

OPEN_RETRY_SECONDS = 30.0
LOCK_WAIT_SECONDS = 600.0
# DuckDB's buffer pool may grow to 80 % of the machine's memory, and the writer's grew with the
# warehouse: it kept in memory every block it had written. Capped, DuckDB evicts them (written
# already) and spills what does not fit to a temporary folder beside the file. Cold ingest of
# 100,000 documents: the flow process's peak 1.74 -> 1.36 GB at 512 MB, no slower (128.6 s, 129.0 s);
# at 256 MB the whole tree's peak 2.10 -> 1.91 GB, still no slower (135.4 s, 130.0 s); at 128 MB
# (once the content check answered in chunks) 1.55-1.66 -> 1.47-1.54 GB, 98-106 s either way.
# What cannot spill stays small: 600,000 files' no-op and 1 % reruns and their known files pass.
WRITER_MEMORY_LIMIT = "128MB"
# Inside a held lock (a run holds it for its length) the writes share one connection, which DuckDB
# checkpoints when its log passes this size, instead of closing (checkpointing) after every batch.
# Cold ingest of 100,000 documents: the run's process 93.5 -> 77 s of CPU; with the run preparing
# two batches ahead, 103 -> 88-89 s. 1 GB gave long checkpoints that stalled the parse worker (94 s).
RUN_CHECKPOINT_THRESHOLD = "256MB"


class WarehouseError(RuntimeError):
    """The warehouse cannot be used; the message says why, in one line."""


class WarehouseBusy(WarehouseError):
    """Another writer holds the warehouse longer than we may wait."""


def lock_path(db_path: Path) -> Path:
    """The lock file that serialises writers of ``db_path``."""
    return db_path.with_name(db_path.name + ".lock")


_HELD: dict[Path, int] = {}
_SHARED: dict[Path, duckdb.DuckDBPyConnection] = {}  # the writer connection of a held lock
_CHANGED: set[Path] = set()  # held locks under which something readers see was written


@contextmanager
def writer_lock(
    db_path: Path,
    wait_seconds: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
    announce_every: float = 10.0,
) -> Iterator[None]:
    """Hold the exclusive writer lock of ``db_path``, waiting at most ``wait_seconds``.

    Re-entrant within a process (a backfill holds it around the syncs it runs). While it
    waits, ``on_wait`` hears who holds the lock, at once and then every ``announce_every`` s.

    Raises:
        WarehouseBusy: naming the holder (pid, host, command, since) after the wait.
    """
    key = db_path.resolve()
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    with _file_lock(db_path, wait_seconds, on_wait, announce_every):
        _HELD[key] = 1
        try:
            yield
        except BaseException:
            _close_shared(key, checkpoint=False)
            raise
        finally:
            _HELD.pop(key, None)
            changed = key in _CHANGED
            _CHANGED.discard(key)
        _close_shared(key, checkpoint=True)
        publish(db_path, changed)  # only when the work ended without an error: readers never see half a run


@contextmanager
def _file_lock(
    db_path: Path, wait_seconds: float, on_wait: Callable[[str], None] | None, announce_every: float
) -> Iterator[None]:
    """The exclusive ``flock`` on the lock file beside ``db_path``."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        started = time.monotonic()
        announced = None
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= wait_seconds:
                    raise WarehouseBusy(
                        f"warehouse {db_path} is being written by {_holder(path)}; "
                        f"gave up after waiting {wait_seconds:.0f} s"
                    ) from None
                if on_wait and (announced is None or waited - announced >= announce_every):
                    announced = waited
                    on_wait(
                        f"waiting for the writer lock of {db_path}: held by {_holder(path)}; "
                        f"waited {waited:.0f} s of {wait_seconds:.0f} s"
                    )
                time.sleep(0.2)
        try:
            _write_holder(handle)
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_holder(handle) -> None:
    """Record who holds the lock so that a waiting process can name it."""
    handle.seek(0)
    handle.truncate(0)
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": " ".join(sys.argv)[:200],
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    handle.write(json.dumps(holder))
    handle.flush()


def _holder(path: Path) -> str:
    """Describe the current lock holder from the lock file."""
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "another process"
    return f"pid {info.get('pid')} on {info.get('host')} ({info.get('command')}) since {info.get('since')}"


def _connect(
    db_path: Path, read_only: bool, retry_seconds: float, shown: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """Open DuckDB, retrying while another process holds the file (errors name ``shown``, the user's path).

    A writer's buffer pool is capped at :data:`WRITER_MEMORY_LIMIT`; readers keep DuckDB's default.
    """
    deadline = time.monotonic() + retry_seconds
    delay = 0.05
    config = {} if read_only else {"memory_limit": WRITER_MEMORY_LIMIT}
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only, config=config)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                raise WarehouseError(f"cannot open warehouse {shown or db_path}: {_first_line(error)}") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as error:
            raise WarehouseError(f"cannot open warehouse {shown or db_path}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    """The first line of an exception message."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


@contextmanager
def write_connection(
    db_path: Path, retry_seconds: float = OPEN_RETRY_SECONDS, bookkeeping: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the writer file of ``db_path`` (schema ensured) under the writer lock, and close it afterwards.

    Every write goes through here, so every write holds the lock; a run that already holds it
    (the usual case) re-enters it for free, and its writes share one connection (see
    :data:`RUN_CHECKPOINT_THRESHOLD`), closed when the run lets the lock go. The work is
    published as ``db_path`` when the outermost holder of the lock lets it go without an error,
    unless everything written under it was ``bookkeeping``.

    Args:
        db_path: The warehouse (its published path).
        retry_seconds: How long to retry opening the file while another process holds it.
        bookkeeping: The block only reads, or writes what readers need not see at once: the run
            log and the file stat index. A run that loads nothing writes only that, and copying
            the whole warehouse for it would cost a no-op rerun about a second per 100,000
            documents (see :func:`warehouse.snapshot.publish`).
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(db_path):
        key = db_path.resolve()
        if not bookkeeping:
            _CHANGED.add(key)
        if _HELD[key] > 1:
            if key not in _SHARED:
                _SHARED[key] = _open_writer(db_path, retry_seconds)
                _SHARED[key].execute(f"SET checkpoint_threshold = '{RUN_CHECKPOINT_THRESHOLD}'")
            yield _SHARED[key]
            return
        con = _open_writer(db_path, retry_seconds)
        try:
            yield con
        finally:
            con.close()


def _open_writer(db_path: Path, retry_seconds: float) -> duckdb.DuckDBPyConnection:
    """A connection to the writer file of ``db_path``, its schema ensured."""
    con = _connect(prepare_writer_file(db_path), read_only=False, retry_seconds=retry_seconds, shown=db_path)
    try:
        version = current_version(con)
        if version < SCHEMA_VERSION:  # a new or upgraded file is always published
            _CHANGED.add(db_path.resolve())
        ensure_schema(con, version)
    except BaseException:
        con.close()
        raise
    return con


def _close_shared(key: Path, checkpoint: bool) -> None:
    """Close the shared writer connection of a lock being let go, if it was opened.

    Without ``checkpoint`` (the work failed or was interrupted) the log of its committed batches
    is left for the next connection to replay, so that an interrupted run need not wait for it.
    """
    con = _SHARED.pop(key, None)
    if con is None:
        return
    try:
        if not checkpoint:
            con.execute("PRAGMA disable_checkpoint_on_shutdown")
        con.close()
    except duckdb.Error:
        if checkpoint:
            raise
        # Otherwise the error the work ended with is the one to report.


@contextmanager
def read_connection(db_path: Path, retry_seconds: float = OPEN_RETRY_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``db_path`` read-only, retrying briefly while a write is finishing.

    Raises:
        WarehouseError: when the file does not exist or cannot be opened.
    """
    if not db_path.exists():
        raise WarehouseError(f"warehouse {db_path} does not exist (run `trials ingest` first)")
    con = _connect(db_path, read_only=True, retry_seconds=retry_seconds)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame) -> Iterator[None]:
    """``frame`` registered as the view ``name`` for the block, unregistered afterwards.

    In a transaction DuckDB has aborted (a statement failed or was interrupted) nothing can be
    unregistered before the rollback: the error that aborted it is the one raised, and the next
    registration under the name replaces this one.
    """
    con.register(name, frame)
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):
            con.unregister(name)
        raise
    con.unregister(name)
