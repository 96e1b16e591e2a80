"""The ``match_block`` table: the blocks matching looks trials up in (see ``tasks.match_store``).

Batches write it with the trials (``warehouse.loader`` calls :func:`write_blocks`); the reads serve
a lookup of a few documents in a large warehouse, and :func:`insert_blocks` indexes trials loaded
before the table existed.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.connection import registered
from warehouse.sources import with_ids

_CONTENT_ONLY = " AND b.trial_id LIKE 'DOC-%'"  # trials no source states a registry id for


def block_sizes(con: duckdb.DuckDBPyConnection, kind: str, blocks: list[str], content_only: bool) -> list[tuple]:
    """``block, owners`` of the given blocks of ``kind`` that have any."""
    sql = (
        "SELECT b.block, count(*) FROM match_block b JOIN wanted w ON w.id = b.block "
        f"WHERE b.kind = ?{_CONTENT_ONLY if content_only else ''} GROUP BY b.block"
    )
    return with_ids(con, blocks, sql, [kind])


def block_rows(
    con: duckdb.DuckDBPyConnection, kind: str, values: list[str], content_only: bool, by_text: bool = False
) -> list[tuple]:
    """``block, trial_id, ordinal, text`` of every row of the given blocks (or texts, ``by_text``) of ``kind``."""
    column = "text" if by_text else "block"
    sql = (
        f"SELECT b.block, b.trial_id, b.ordinal, b.text FROM match_block b JOIN wanted w ON w.id = b.{column} "
        f"WHERE b.kind = ?{_CONTENT_ONLY if content_only else ''} ORDER BY b.trial_id, b.ordinal, b.block"
    )
    return with_ids(con, values, sql, [kind])


def has_trials(con: duckdb.DuckDBPyConnection, content_only: bool) -> bool:
    """Whether the warehouse holds any trial (any ``DOC-`` trial, with ``content_only``)."""
    where = " WHERE trial_id LIKE 'DOC-%'" if content_only else ""
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM trial{where})").fetchall()[0][0]


def trial_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many trials the warehouse holds."""
    return con.execute("SELECT count(*) FROM trial").fetchall()[0][0]


def unblocked_trials(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Trials without blocks: loaded before version 12, or with neither title nor summary."""
    return [
        row[0]
        for row in con.execute(
            "SELECT t.trial_id FROM trial t ANTI JOIN match_block b ON b.trial_id = t.trial_id ORDER BY t.trial_id"
        ).fetchall()
    ]


def write_blocks(con: duckdb.DuckDBPyConnection, texts: pd.DataFrame) -> None:
    """Write the blocks of trials from their texts (``trial_id, kind, block, ordinal, text``).

    A summary row is written as it is; a title becomes one row per distinct word (normalised
    titles are words joined by single spaces, so ``string_split`` splits them as Python does).
    """
    if texts is None or not len(texts):
        return
    with registered(con, "match_texts", texts):
        con.execute(
            "INSERT INTO match_block SELECT trial_id, kind, unnest(list_distinct(string_split(text, ' '))), "
            "ordinal, text FROM match_texts WHERE kind = 'title'"
        )
        con.execute("INSERT INTO match_block SELECT * FROM match_texts WHERE kind = 'summary'")


def insert_blocks(con: duckdb.DuckDBPyConnection, texts: pd.DataFrame) -> None:
    """Write the blocks of trials that have none (:func:`write_blocks`), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        write_blocks(con, texts)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
