"""Export every warehouse table to Parquet or CSV files, reading the warehouse read-only."""

from __future__ import annotations

from pathlib import Path

from schemas.tables import ALL_TABLES
from warehouse.connection import WarehouseError, read_connection

FORMATS = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)"}


def export_tables(db_path: Path, folder: Path, fmt: str = "parquet") -> dict[str, int]:
    """Write one file per table and per view into ``folder``; return the rows written per table.

    Raises:
        WarehouseError: for an unknown format or an unwritable folder.
    """
    if fmt not in FORMATS:
        raise WarehouseError(f"unknown export format {fmt!r} (parquet or csv)")
    written = {}
    with read_connection(db_path) as con:  # first: a missing warehouse creates no folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WarehouseError(f"cannot create {folder}: {error.strerror}") from None
        present = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        known = [t for t in ALL_TABLES if t in present]
        for table in known + sorted(set(present) - set(known)):  # the tables, then the views
            target = folder / f"{table}.{fmt}"
            con.execute(f"COPY (SELECT * FROM {table}) TO '{_quoted(target)}' {FORMATS[fmt]}")
            written[table] = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return written


def _quoted(path: Path) -> str:
    """A path as a SQL string literal body."""
    return str(path.resolve()).replace("'", "''")
