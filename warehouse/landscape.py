"""The landscape report's reads: every query it needs, as DataFrames, on one read-only connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.connection import WarehouseError, read_connection

# What a --where predicate may name: every trial_overview column, the trial columns the view
# leaves out, and `condition` (the trial's condition names joined by "; ").
SCOPE_SQL = """
SELECT o.*, t.* EXCLUDE (trial_id, registry_id, title, phase, overall_status, enrollment, lead_sponsor,
                         source_format),
       (SELECT string_agg(c.name, '; ' ORDER BY c.ordinal) FROM condition c WHERE c.trial_id = o.trial_id)
           AS condition
FROM trial_overview o JOIN trial t USING (trial_id)
"""
# The columns of the trials frame (the predicate may name any scope column).
TRIAL_COLUMNS = (
    "trial_id, registry_id, title, acronym, phase, overall_status, study_type, enrollment, lead_sponsor, condition, "
    "start_date, completion_date, start_date_value, completion_date_value, sex, allocation, masking, "
    "primary_purpose, arms, endpoints, criteria, min_age_years, max_age_years, ecog_max, dose_min, dose_max, "
    "dose_unit, source_format, last_update_posted_value"
)
# The trials a report lists, each with its section: their rows travel inside the page, the most
# recently updated first. Charts and counts cover every trial in scope. Listing all of 600,000
# trials made a 538 MB page that took 73 s and 17.7 GB of memory to write.
LISTED_TRIALS = 10_000

# Each part of the report, read for the trials in the registered frame `scope` (trial_id).
QUERIES = {
    "countries": """
        SELECT DISTINCT trial_id, country FROM site SEMI JOIN scope USING (trial_id)
        WHERE country IS NOT NULL ORDER BY ALL""",
    "endpoint_categories": """
        SELECT trial_id, category, count(*) AS endpoints
        FROM (SELECT trial_id, unnest(categories) AS category FROM endpoint SEMI JOIN scope USING (trial_id))
        GROUP BY ALL ORDER BY ALL""",
    "horizons": """
        SELECT category, count(*) AS endpoints, count(DISTINCT trial_id) AS trials,
               min(horizon_days) AS shortest, quantile_cont(horizon_days, 0.25) AS q1,
               median(horizon_days) AS median, quantile_cont(horizon_days, 0.75) AS q3,
               max(horizon_days) AS longest
        FROM (SELECT trial_id, horizon_days, unnest(categories) AS category
              FROM endpoint SEMI JOIN scope USING (trial_id) WHERE horizon_days > 0)
        GROUP BY category ORDER BY trials DESC, category""",
    "arms": """
        SELECT trial_id, label, dose_value, dose_min, dose_max, dose_unit
        FROM arm SEMI JOIN scope USING (trial_id) WHERE dose_unit IS NOT NULL ORDER BY trial_id, ordinal""",
    "thresholds": """
        SELECT th.trial_id, c.kind, th.variable, th.comparator, th.value, th.unit
        FROM criterion_threshold th SEMI JOIN scope USING (trial_id)
        JOIN criterion c ON c.trial_id = th.trial_id AND c.ordinal = th.criterion_ordinal
        WHERE th.window_days IS NULL ORDER BY th.trial_id, th.ordinal""",
    "sources": """
        SELECT trial_id, format, status FROM source_document SEMI JOIN scope USING (trial_id) ORDER BY trial_id""",
    "rejected": """
        SELECT r.started_at, r.flow_name, d.uri, d.reason, left(d.details, 300) AS details
        FROM rejected_document d
        JOIN (SELECT * FROM load_run ORDER BY started_at DESC LIMIT 10) r USING (run_id)
        ORDER BY r.started_at DESC, d.uri""",
}
# The rows of each trial's section: part -> (table, order, {column: expression}). DuckDB writes them
# as JSON arrays [trial_id, *columns] (10,000 trials' texts took seconds through pandas). Texts are
# cut short: enough to recognise them; the warehouse has the rest.
TRIAL_PARTS = {
    "endpoints": ("endpoint", "ordinal", {
        "kind": "kind", "measure": "left(measure, 160)", "time_frame": "left(time_frame, 120)",
        "horizon_days": "horizon_days", "categories": "array_to_string(categories, ', ')",
    }),
    "criteria": ("criterion", "ordinal", {"kind": "kind", "category": "category", "text": "left(text, 240)"}),
    "arms": ("arm", "ordinal", {
        "label": "label", "arm_type": "arm_type", "dose_value": "dose_value", "dose_min": "dose_min",
        "dose_max": "dose_max", "dose_unit": "dose_unit", "description": "left(description, 240)",
    }),
    "sources": ("source_document", "uri", {
        "uri": "uri", "format": "format", "status": "status", "loaded_at": "loaded_at",
    }),
}  # fmt: skip
WARNINGS_TABLE = "parse_warning"
WARNINGS_LIMIT = 2000


class WhereError(WarehouseError):
    """A --where predicate that is not a read-only expression over the trials."""


@dataclass
class Landscape:
    """What the report shows: the trials in scope and their parts, one frame each."""

    total_trials: int
    where: str | None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    trial_rows: dict[str, tuple[list[str], str]] = field(default_factory=dict)  # part -> (columns, JSON rows)
    warnings: pd.DataFrame | None = None  # None when the warehouse has no parse_warning table

    @property
    def trials(self) -> pd.DataFrame:
        """One row per trial in scope."""
        return self.frames["trials"]

    @property
    def listed(self) -> pd.DataFrame:
        """The trials in scope that the report lists with their sections (all of them, or the most recently updated)."""
        return self.frames["listed"]


def read_landscape(db_path: Path, where: str | None = None, listed: int | None = LISTED_TRIALS) -> Landscape:
    """Read everything the report shows, on one read-only connection.

    Args:
        db_path: The warehouse.
        where: A predicate choosing the trials in scope (all when empty).
        listed: How many trials in scope to list with their sections (``None``: every one).

    Raises:
        WhereError: when ``where`` is not one read-only predicate, or fails.
        WarehouseError: when the warehouse is missing or unreadable.
    """
    scope_sql = scope_query(where)
    with read_connection(db_path) as con:
        tables = _table_names(con)
        if "trial" not in tables:
            return Landscape(0, where, {name: pd.DataFrame() for name in ("trials", "listed", *QUERIES)})
        total = con.execute("SELECT count(*) FROM trial").fetchall()[0][0]
        trials = _run(con, scope_sql, where)
        shown = most_recently_updated(trials, listed)
        con.register("scope", trials[["trial_id"]])
        con.register("listed", shown[["trial_id"]])
        frames = {"trials": trials, "listed": shown, **{name: con.sql(sql).df() for name, sql in QUERIES.items()}}
        trial_rows = {part: _part_rows(con, *spec) for part, spec in TRIAL_PARTS.items()}
        warnings = _warnings(con, tables)
    return Landscape(total, where, frames, trial_rows, warnings)


def most_recently_updated(trials: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """The ``limit`` trials updated most recently (undated ones last), in their order; every one when ``None``."""
    if limit is None or len(trials) <= limit:
        return trials
    order = trials.sort_values(
        ["last_update_posted_value", "trial_id"], ascending=[False, True], na_position="last", kind="stable"
    )
    return order.head(limit).sort_index()


def scope_query(where: str | None) -> str:
    """The query listing the trials ``where`` selects (all trials when it is empty), with the columns the report shows.

    Raises:
        WhereError: when ``where`` holds more than one statement or anything but a predicate.
    """
    if not where or not where.strip():
        return f"SELECT {TRIAL_COLUMNS} FROM ({SCOPE_SQL}) ORDER BY trial_id"
    try:
        # Parsed as one expression, so no text can close the WHERE and append a query or statement.
        predicate = duckdb.SQLExpression(where)
    except duckdb.Error as error:
        raise WhereError(f"--where must be one read-only predicate over the trials: {_first_line(error)}") from None
    return f"SELECT {TRIAL_COLUMNS} FROM ({SCOPE_SQL}) WHERE {predicate} ORDER BY trial_id"


def _run(con: duckdb.DuckDBPyConnection, sql: str, where: str | None) -> pd.DataFrame:
    """Select the trials in scope, with file and network access off (the predicate is user text)."""
    con.execute("SET enable_external_access = false")
    try:
        return con.sql(sql).df()
    except duckdb.Error as error:
        raise WhereError(f"--where {where!r} failed: {_first_line(error)}") from None


def _part_rows(
    con: duckdb.DuckDBPyConnection, table: str, order: str, columns: dict[str, str]
) -> tuple[list[str], str]:
    """The column names of one part of the listed trials' sections, and its rows as a JSON array of arrays."""
    values = ", ".join(columns.values())
    rows = con.execute(
        f"SELECT coalesce('[' || string_agg(json_array(trial_id, {values})::VARCHAR, ',' ORDER BY trial_id, {order})"
        f" || ']', '[]') FROM {table} SEMI JOIN listed USING (trial_id)"
    ).fetchall()[0][0]
    return list(columns), rows


def _warnings(con: duckdb.DuckDBPyConnection, tables: set[str]) -> pd.DataFrame | None:
    """The parse warnings of the trials in scope, when the warehouse records them."""
    if WARNINGS_TABLE not in tables:
        return None
    columns = {r[0] for r in con.execute(f"DESCRIBE {WARNINGS_TABLE}").fetchall()}
    restrict = "SEMI JOIN scope USING (trial_id)" if "trial_id" in columns else ""
    return con.sql(f"SELECT * FROM {WARNINGS_TABLE} {restrict} LIMIT {WARNINGS_LIMIT}").df()


def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables and views of the warehouse."""
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _first_line(error: Exception) -> str:
    """The first line of an error message."""
    return str(error).strip().splitlines()[0]
