"""Read-only SQL for analysts: statements run on a read-only connection."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connection import WarehouseError, read_connection


class ReadOnlyViolation(WarehouseError):
    """A statement tried to change the warehouse."""


def run_read_only(db_path: Path, sql: str) -> list[tuple[list[str], list[tuple]]]:
    """Run each statement of ``sql`` read-only; return ``(columns, rows)`` per result.

    Raises:
        ReadOnlyViolation: when a statement tries to write.
        WarehouseError: for other SQL errors, in one line.
    """
    results = []
    with read_connection(db_path) as con:
        for statement in duckdb.extract_statements(sql):
            try:
                cursor = con.execute(statement)
            except duckdb.Error as error:
                message = str(error).strip().splitlines()[0]
                if "read-only" in message.lower() or "read only" in message.lower():
                    raise ReadOnlyViolation(f"the warehouse is opened read-only: {message}") from None
                raise WarehouseError(f"SQL error: {message}") from None
            if cursor.description:
                columns = [d[0] for d in cursor.description]
                results.append((columns, cursor.fetchall()))
    return results
