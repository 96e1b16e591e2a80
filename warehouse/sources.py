"""The reads that resolving a batch makes: stored documents, trials to match, raw content.

Each returns plain rows; :class:`tasks.sources.WarehouseView` turns them into its types. A reparse
reads the raw store through :func:`reparse_order` and :func:`raw_documents`.
"""

from __future__ import annotations

import duckdb
import pandas as pd

_DOCUMENT_COLUMNS = (
    "d.document_id, d.trial_id, d.format, d.status, coalesce(d.valid_from, d.first_seen_at), "
    "d.match_rule, d.match_score"
)


def stored_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[tuple]:
    """``document_id, trial_id, format, status, valid_from, match_rule, match_score`` of stored documents."""
    return with_ids(
        con, document_ids, f"SELECT {_DOCUMENT_COLUMNS} FROM source_document d JOIN wanted w USING (document_id)"
    )


def trial_sources(con: duckdb.DuckDBPyConnection, trial_ids: list[str]) -> list[tuple]:
    """The same columns for every loaded or superseded document of the given trials, oldest first."""
    return with_ids(
        con,
        trial_ids,
        f"SELECT {_DOCUMENT_COLUMNS} FROM source_document d JOIN wanted w ON d.trial_id = w.id "
        "WHERE d.status IN ('loaded', 'superseded') ORDER BY d.first_seen_at, d.document_id",
    )


def raw_documents(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[tuple]:
    """``document_id, uri, sha256, content`` of stored documents."""
    return with_ids(
        con,
        document_ids,
        "SELECT r.document_id, r.uri, r.sha256, r.content FROM raw_document r JOIN wanted w USING (document_id)",
    )


def reparse_order(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of every stored raw document in reparse order: superseded documents first, then the others, by uri."""
    rows = con.execute(
        "SELECT r.document_id FROM raw_document r LEFT JOIN source_document d USING (document_id) "
        "ORDER BY coalesce(d.status = 'superseded', false) DESC, r.uri"
    ).fetchall()
    return [row[0] for row in rows]


# Trials whose names one query groups: grouped lists cannot spill, and the writer's buffer pool is
# 128 MB; all 100,000 trials at once failed with "Out of Memory" (a full refresh, a parser change).
CANDIDATE_CHUNK = 20_000


def match_candidates(
    con: duckdb.DuckDBPyConnection, content_only: bool, trial_ids: list[str] | None = None
) -> list[tuple]:
    """``trial_id, title, official_title, summary, lead_sponsor, conditions, interventions`` per trial, by id.

    ``summary`` is the brief summary and the detailed description joined by a space.

    With ``content_only``, only the trials no source states a registry id for (``DOC-…``);
    with ``trial_ids``, only those trials. Read :data:`CANDIDATE_CHUNK` trials at a time.
    """
    where = "WHERE t.trial_id LIKE 'DOC-%' " if content_only else ""
    if trial_ids is None:
        trial_ids = [row[0] for row in con.execute(f"SELECT t.trial_id FROM trial t {where}ORDER BY 1").fetchall()]
    # The names are grouped for the wanted trials only (a lookup reads a few of 100,000).
    sql = (
        "WITH c AS (SELECT n.trial_id, list(n.name) AS names FROM condition n JOIN wanted w ON w.id = n.trial_id "
        "GROUP BY n.trial_id), "
        "i AS (SELECT n.trial_id, list(n.name) AS names FROM intervention n JOIN wanted w ON w.id = n.trial_id "
        "GROUP BY n.trial_id) "
        "SELECT t.trial_id, t.title, t.official_title, concat_ws(' ', t.brief_summary, t.detailed_description), "
        "t.lead_sponsor, c.names, i.names "
        "FROM trial t LEFT JOIN c USING (trial_id) LEFT JOIN i USING (trial_id) JOIN wanted w ON w.id = t.trial_id "
        f"{where}ORDER BY t.trial_id"
    )
    ordered = sorted(trial_ids)
    return [
        row
        for start in range(0, len(ordered), CANDIDATE_CHUNK)
        for row in with_ids(con, ordered[start : start + CANDIDATE_CHUNK], sql)
    ]


def with_ids(con: duckdb.DuckDBPyConnection, ids: list[str], sql: str, parameters: list | None = None) -> list[tuple]:
    """Run ``sql`` (and ``parameters``) with ``ids`` registered as the table ``wanted`` (``document_id``, ``id``)."""
    if not ids:
        return []
    frame = pd.DataFrame({"document_id": pd.array(ids, dtype="string[pyarrow]")})
    frame["id"] = frame["document_id"]
    con.register("wanted", frame)
    try:
        return con.execute(sql, parameters or []).fetchall()
    finally:
        con.unregister("wanted")


def sources_of(con: duckdb.DuckDBPyConnection, trial_id: str) -> tuple[list[str], list[tuple]]:
    """Every document of a trial, best current source first: ``(columns, rows)``."""
    cursor = con.execute(
        "SELECT s.document_id, s.source_format, s.status, s.match_rule, s.score, s.valid_from, "
        "(t.document_id IS NOT NULL) AS primary_source, s.uri "
        "FROM trial_source s LEFT JOIN trial t ON t.trial_id = s.trial_id AND t.document_id = s.document_id "
        "WHERE s.trial_id = ? ORDER BY s.status, primary_source DESC, s.valid_from DESC",
        [trial_id],
    )
    return [d[0] for d in cursor.description], cursor.fetchall()


def versions_of(con: duckdb.DuckDBPyConnection, trial_id: str) -> list[tuple]:
    """``version, document_id, source_format, valid_from, uri, sha256, content`` of a trial's versions, in order."""
    return con.execute(
        "SELECT v.version, v.document_id, v.source_format, v.valid_from, r.uri, r.sha256, r.content "
        "FROM trial_version v JOIN raw_document r USING (document_id) WHERE v.trial_id = ? ORDER BY v.version",
        [trial_id],
    ).fetchall()
