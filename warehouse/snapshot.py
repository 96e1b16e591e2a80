"""The published snapshot of a warehouse and the writer's own file beside it.

Readers open the published file (the path given as ``--db``); the writer works on
:func:`writer_path` and, when its work ends without an error, :func:`publish` copies that file
and renames the copy over the published path in one atomic step (see :mod:`warehouse.connection`).
Work that wrote only bookkeeping (the run log of a no-op rerun) is not published on its own.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path


def writer_path(db_path: Path) -> Path:
    """The file the writer of the warehouse ``db_path`` works on (``db_path`` is its published copy)."""
    return db_path.with_name(f".{db_path.name}.writer")


def _publish_record(db_path: Path) -> Path:
    """Where the stat of the last published snapshot (and of the writer file then) is kept."""
    return db_path.with_name(f".{db_path.name}.published")


def _stat(path: Path) -> list[int] | None:
    """Size, mtime and inode of a file, ``None`` when it does not exist."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ino]


def _read_record(db_path: Path) -> dict:
    """The last publish record (empty when there is none)."""
    try:
        return json.loads(_publish_record(db_path).read_text())
    except (OSError, ValueError):
        return {}


def prepare_writer_file(db_path: Path) -> Path:
    """Make sure the writer file holds the warehouse; return its path.

    The published file is copied to the writer file when there is no writer file yet (a
    warehouse made before snapshots, or a new machine) and when the published file is not the
    one this writer last published (it was restored, replaced or written by another tool).
    When the published file was deleted, the warehouse starts anew.
    """
    writer = writer_path(db_path)
    published = _stat(db_path)
    if published is None and _read_record(db_path):
        for stale in (writer, Path(f"{writer}.wal"), _publish_record(db_path)):
            stale.unlink(missing_ok=True)
    if published is not None and (not writer.exists() or published != _read_record(db_path).get("published")):
        _copy_atomically(db_path, writer)
        Path(f"{writer}.wal").unlink(missing_ok=True)
        _write_record(db_path)
    return writer


def publish(db_path: Path, changed: bool = True) -> bool:
    """Publish the writer file as ``db_path`` if it changed since the last publish; return whether it did.

    A publish copies the whole file (about a second per 100,000 documents here), so work that
    wrote nothing readers need at once (``changed`` false: a run that loaded nothing and only
    recorded itself) is not published while a published file exists; it is counted in the
    publish record (:func:`unpublished_runs`) and reaches readers with the next publish.
    Call with the writer lock held and no connection to the writer file open.
    """
    writer = writer_path(db_path)
    if not writer.exists() or Path(f"{writer}.wal").exists() and os.path.getsize(f"{writer}.wal"):
        return False
    record, published = _read_record(db_path), _stat(db_path)
    if published is not None and record.get("writer") == _stat(writer) and record.get("published") == published:
        return False
    if published is not None and not changed:
        _note_unpublished(db_path, record)
        return False
    _copy_atomically(writer, db_path)
    _write_record(db_path)
    return True


def unpublished_runs(db_path: Path) -> tuple[int, str] | None:
    """How many runs since the last publish changed nothing readers see, and when the last ended (ISO)."""
    unpublished = _read_record(db_path).get("unpublished")
    return (unpublished["runs"], unpublished["last"]) if unpublished else None


def _note_unpublished(db_path: Path, record: dict) -> None:
    """Count one more unpublished run in the publish record, keeping the stats it holds."""
    runs = record.get("unpublished", {}).get("runs", 0) + 1
    record["unpublished"] = {"runs": runs, "last": datetime.now().isoformat(timespec="seconds")}
    _publish_record(db_path).write_text(json.dumps(record))


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` to a temporary file beside ``target``, flush it, then rename it over ``target``."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _write_record(db_path: Path) -> None:
    """Record the stat of the published file and of the writer file, as of now."""
    record = {"published": _stat(db_path), "writer": _stat(writer_path(db_path))}
    _publish_record(db_path).write_text(json.dumps(record))
