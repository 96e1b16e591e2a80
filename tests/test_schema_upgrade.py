"""Warehouses made by older versions upgrade in place without losing rows.

``tests/data/warehouses/schema_vN.duckdb.gz`` were made by the code of schema
version N ingesting the five examples. Whenever the schema changes, add a file
made by the version before the change (see README, "Reliability").
"""

import gzip
import shutil

import duckdb
import pytest
from conftest import DATA, SEEDS

from warehouse.connection import write_connection
from warehouse.invariants import violations
from warehouse.schema import SCHEMA_VERSION

OLD_WAREHOUSES = sorted(
    (DATA / "warehouses").glob("schema_v*.duckdb.gz"),
    key=lambda path: int(path.name.removeprefix("schema_v").split(".")[0]),  # v10 after v9
)
KEPT_TABLES = (
    "trial",
    "condition",
    "intervention",
    "arm",
    "endpoint",
    "criterion",
    "site",
    "source_document",
    "load_run",
    "rejected_document",
)


def unpack(archive, folder):
    target = folder / archive.name.removesuffix(".gz")
    with gzip.open(archive) as source, open(target, "wb") as sink:
        shutil.copyfileobj(source, sink)
    return target


def test_there_is_a_warehouse_for_every_older_schema_version():
    assert [p.name for p in OLD_WAREHOUSES] == [f"schema_v{v}.duckdb.gz" for v in range(1, SCHEMA_VERSION)]


@pytest.mark.parametrize("archive", OLD_WAREHOUSES, ids=lambda p: p.name)
def test_opening_an_older_warehouse_migrates_it_in_place_without_losing_rows(archive, tmp_path):
    db = unpack(archive, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        old_version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in KEPT_TABLES}
        new_ids = _content_ids(con)
    assert old_version < SCHEMA_VERSION and len(before["trial"]) == 5
    with write_connection(db) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        after = {
            t: con.execute(f"SELECT {_old_columns(con, t, before)} FROM {t} ORDER BY ALL").fetchall()
            for t in KEPT_TABLES
        }
        # Schema 9: ids derived from paths become ids derived from content, and nothing else changes.
        assert {t: _sorted(rows) for t, rows in after.items()} == {
            t: _sorted([tuple(new_ids.get(v, v) if isinstance(v, str) else v for v in row) for row in rows])
            for t, rows in before.items()
        }
        assert con.execute("SELECT count(*) FROM trial WHERE trial_id LIKE 'URI-%'").fetchall() == [(0,)]
        assert violations(con) == []


def _content_ids(con):
    """Old id -> id of schema 9: documents by their content hash, path-derived trials by their document's."""
    ids = {d: sha[:20] for d, sha in con.execute("SELECT document_id, sha256 FROM source_document").fetchall()}
    trials = con.execute("SELECT trial_id, sha256 FROM source_document WHERE trial_id LIKE 'URI-%'").fetchall()
    return ids | {t: "DOC-" + sha[:16] for t, sha in trials}


def _sorted(rows):
    return sorted(rows, key=repr)


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("archive", OLD_WAREHOUSES, ids=lambda p: p.name)
def test_an_upgraded_warehouse_keeps_working(archive, tmp_path):
    from flows.ingest import ingest_documents

    db = unpack(archive, tmp_path)
    summary = ingest_documents(paths=[str(SEEDS)], db=str(db))
    assert summary.counts.rejected == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert violations(con) == []
        # the old rows of trials named by registry id were replaced, the rest kept beside the new ones
        assert con.execute("SELECT count(*) FROM trial WHERE registry_id = 'NCT06223646'").fetchall() == [(1,)]
        # the views still read the rebuilt tables (schema 6 rebuilds them without key indexes)
        trials = con.execute("SELECT count(*) FROM trial").fetchall()
        assert con.execute("SELECT count(*) FROM trial_overview").fetchall() == trials
        assert (
            con.execute("SELECT count(*) FROM endpoint_catalog").fetchall()
            == con.execute("SELECT count(*) FROM endpoint").fetchall()
        )


def _old_columns(con, table, before):
    """The columns the old version had (new columns are appended at the end of a table)."""
    width = len(before[table][0]) if before[table] else None
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
        ).fetchall()
    ]
    return ", ".join(columns[:width] if width else columns)
