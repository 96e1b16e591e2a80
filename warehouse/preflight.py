"""Tell at once, in one line, why a path cannot be the warehouse a run writes.

A run that starts on a bad path would start a Prefect server, list and hash the files, and
only then fail on its first write with a traceback. The commands that write check first.
"""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.connection import WarehouseError

DUCKDB_MAGIC = b"DUCK"  # bytes 8 to 11 of every DuckDB database file
_MAGIC_AT = 8


def check_warehouse_path(db_path: Path) -> None:
    """Raise when ``db_path`` cannot be written as a warehouse; create its folder when missing.

    Raises:
        WarehouseError: the path is a folder, or a file that is not a DuckDB database (an empty
            one included), or its folder cannot be created or written.
    """
    if db_path.is_dir():
        raise WarehouseError(f"cannot use warehouse {db_path}: it is a folder, not a file")
    head = _head(db_path) if db_path.exists() else None
    if head is not None and head[_MAGIC_AT:] != DUCKDB_MAGIC:  # DuckDB refuses an empty file too
        what = "empty (remove it to start a new warehouse)" if not head else "not a DuckDB database file"
        raise WarehouseError(f"cannot use warehouse {db_path}: it is {what}")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WarehouseError(f"cannot create the folder of warehouse {db_path}: a file stands in its place") from None
    except OSError as error:
        raise WarehouseError(f"cannot create the folder of warehouse {db_path}: {error.strerror or error}") from None
    if not os.access(db_path.parent, os.W_OK | os.X_OK):
        raise WarehouseError(f"cannot write warehouse {db_path}: its folder is not writable")


def _head(path: Path) -> bytes:
    """The first bytes of ``path``, as far as DuckDB's magic."""
    try:
        with path.open("rb") as handle:
            return handle.read(_MAGIC_AT + len(DUCKDB_MAGIC))
    except OSError as error:
        raise WarehouseError(f"cannot read warehouse {path}: {error.strerror or error}") from None
