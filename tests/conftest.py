"""Shared fixtures: data paths, and one hermetic Prefect test harness per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before Prefect is imported anywhere: a private Prefect home and patient, quiet defaults.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="trials-prefect-home-")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import pytest  # noqa: E402
from prefect_server import prefect_server  # noqa: E402, F401 (a fixture for the tests that need a real server)

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
CTGOV = DATA / "ctgov"
# The opening and closing fields of a made-up flat export, around the outcome fields a test writes.
FLAT_HEADER = [
    "Hand Warmth in Winter Cyclists",
    "This study tests whether heated grips keep the hands of winter cyclists warm on long rides.",
    "Cold Hands|Raynaud Phenomenon",
    "DEVICE: Heated grip",
]
FLAT_DESCRIPTION = "Cyclists ride twice, with and without the grips, in random order on two cold mornings."


def seed_path(number: str) -> Path:
    """The seed document whose file name starts with ``number``."""
    return next(SEEDS.glob(f"{number}_*.txt"))


def seed_text(number: str) -> str:
    """The text of a seed document."""
    return seed_path(number).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def prefect_harness():
    """Run flows against a temporary Prefect server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def query_rows(db, sql: str) -> list[tuple]:
    """Run one read-only query against the warehouse file ``db``."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def dump_tables(db, tables, skip_columns: dict[str, set[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of each table, sorted, leaving out ``skip_columns`` (e.g. timestamps)."""
    import duckdb

    skip_columns = skip_columns or {}
    dumped = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in skip_columns.get(table, set())
            ]
            dumped[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return dumped
