"""Read-only SQL for analysts: statements run on a read-only connection."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connection import WarehouseError, read_connection

# Statements that only read. Everything else (INSERT, DROP, ATTACH, COPY … TO, INSTALL/LOAD,
# SET, EXPORT …) is refused before it runs: a read-only connection alone would still allow
# attaching another database, writing files with COPY or installing extensions.
READ_STATEMENTS = {
    duckdb.StatementType.SELECT,
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,
    duckdb.StatementType.CALL,
}


class ReadOnlyViolation(WarehouseError):
    """A statement tried to change the warehouse or the world around it."""


def run_read_only(db_path: Path, sql: str) -> list[tuple[list[str], list[tuple]]]:
    """Run each statement of ``sql`` read-only; return ``(columns, rows)`` per result.

    Raises:
        ReadOnlyViolation: when a statement tries to write.
        WarehouseError: for other SQL errors, in one line.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise WarehouseError(f"SQL error: {str(error).strip().splitlines()[0]}") from None
    for statement in statements:
        if statement.type not in READ_STATEMENTS:
            kind = statement.type.name.replace("_", " ")
            raise ReadOnlyViolation(f"the warehouse is read-only here: {kind} statements are not allowed")
    results = []
    with read_connection(db_path) as con:
        for statement in statements:
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
