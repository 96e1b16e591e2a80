"""The real ``ingest_documents`` flow on the seeds, against a real DuckDB file."""

import shutil

import duckdb
import pytest
from conftest import SEEDS, dump_tables

from schemas.tables import ALL_TABLES, TRIAL_TABLES

pytestmark = pytest.mark.usefixtures("prefect_harness")


def ingest(paths, db, **kwargs):
    from flows.ingest import ingest_documents

    return ingest_documents(paths=[str(p) for p in paths], db=str(db), **kwargs)


def dump(db, tables=TRIAL_TABLES):
    return dump_tables(db, tables)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    shutil.copytree(SEEDS, folder)
    return folder


def test_five_seeds_become_five_trials(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    summary = ingest([inbox], db)
    assert summary.counts == {"documents_seen": 5, "loaded": 5, "unchanged": 0, "rejected": 0, "superseded": 0}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM trial").fetchall() == [(5,)]
        assert con.execute(
            "SELECT registry_id, overall_status, lead_sponsor, enrollment FROM trial WHERE source_format = 'medpath'"
        ).fetchall() == [("NCT06223646", "RECRUITING", "Novatim Immune Therapeutics (Zhejiang) Co., Ltd.", 29)]
        assert con.execute(
            "SELECT source_format, count(*) FROM endpoint JOIN trial USING (trial_id) GROUP BY 1 ORDER BY 1"
        ).fetchall() == [("ctgov_flat", 12 + 17 + 19), ("medpath", 19), ("registry_page", 16)]
        assert con.execute("SELECT kind, count(*) FROM criterion GROUP BY 1 ORDER BY 1").fetchall() == [
            ("exclusion", 17),
            ("inclusion", 8),
        ]
        statuses = con.execute("SELECT status, count(*) FROM source_document GROUP BY 1").fetchall()
        assert statuses == [("loaded", 5)]
        uris = {r[0] for r in con.execute("SELECT uri FROM source_document").fetchall()}
        assert uris == {str(p.resolve()) for p in inbox.iterdir()}


def test_second_run_parses_and_writes_nothing_and_an_edit_changes_only_its_trial(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([inbox], db)
    everything = list(ALL_TABLES)
    before = dump(db, everything)
    again = ingest([inbox], db)
    assert again.counts == {"documents_seen": 5, "loaded": 0, "unchanged": 5, "rejected": 0, "superseded": 0}
    after = dump(db, everything)
    assert {t: after[t] for t in everything if t != "load_run"} == {t: before[t] for t in everything if t != "load_run"}
    assert len(after["load_run"]) == len(before["load_run"]) + 1

    seed_004 = next(inbox.glob("004_*.txt"))
    seed_004.write_text(seed_004.read_text().replace("Response rate, over the first year|", ""))
    edited = ingest([inbox], db)
    assert edited.counts["loaded"] == 1 and edited.counts["unchanged"] == 4
    changed = dump(db)
    with duckdb.connect(str(db), read_only=True) as con:
        trial_004 = con.execute(
            "SELECT trial_id FROM source_document WHERE uri = ?", [str(seed_004.resolve())]
        ).fetchall()[0][0]
    for table in TRIAL_TABLES:
        others_before = [r for r in before[table] if trial_004 not in r]
        others_after = [r for r in changed[table] if trial_004 not in r]
        assert others_after == others_before, table
    assert len([r for r in changed["endpoint"] if trial_004 in r]) == 18


def test_bad_documents_are_rejected_with_reasons_while_the_others_load(inbox, tmp_path):
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (inbox / "notes.txt").write_text("Shopping list\nmilk\neggs\nbread\n")
    db = tmp_path / "w.duckdb"
    summary = ingest([inbox], db)
    assert summary.counts["loaded"] == 5 and summary.counts["rejected"] == 3
    reasons = {uri.rsplit("/", 1)[1]: reason for uri, reason, _ in summary.rejections}
    assert reasons == {
        "empty.txt": "empty document",
        "image.png": "binary content (NUL bytes), not text",
        "notes.txt": "unrecognized format",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        logged = con.execute("SELECT uri, reason FROM rejected_document ORDER BY uri").fetchall()
        assert [(u.rsplit("/", 1)[1], r) for u, r in logged] == sorted(reasons.items())
        assert con.execute("SELECT count(*) FROM source_document WHERE status = 'rejected'").fetchall() == [(3,)]


def test_a_later_document_naming_the_same_registry_id_supersedes_the_earlier(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([inbox], db)
    copy = inbox / "zz_copy_of_001.txt"
    copy.write_text(
        next(inbox.glob("001_*.txt")).read_text().replace("Target Recruitment\n29", "Target Recruitment\n30")
    )
    summary = ingest([inbox], db)
    assert summary.counts["loaded"] == 1 and summary.counts["unchanged"] == 5
    with duckdb.connect(str(db), read_only=True) as con:
        assert (
            con.execute("SELECT enrollment, document_id FROM trial WHERE trial_id = 'NCT06223646'").fetchall()[0][0]
            == 30
        )
        statuses = dict(con.execute("SELECT uri, status FROM source_document").fetchall())
        original = str(next(inbox.glob("001_*.txt")).resolve())
        assert statuses[original] == "superseded" and statuses[str(copy.resolve())] == "loaded"
        assert con.execute("SELECT count(*) FROM trial").fetchall() == [(5,)]


def test_full_refresh_reparses_everything_and_gives_the_same_tables(inbox, tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([inbox], db)
    before = dump(db)
    summary = ingest([inbox], db, full_refresh=True)
    assert summary.counts["loaded"] == 5
    assert dump(db) == before


def test_the_run_publishes_a_markdown_artifact(inbox, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    (inbox / "notes.txt").write_text("nothing to see\n")
    ingest([inbox], tmp_path / "w.duckdb")
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-report"])))
    latest = max(artifacts, key=lambda a: a.created)
    assert "| loaded | 5 |" in latest.data and "| rejected | 1 |" in latest.data
    assert "notes.txt | unrecognized format" in latest.data


def test_the_ingest_flow_writes_the_report_beside_the_warehouse_and_links_it(tmp_path, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    monkeypatch.setenv("TRIALS_CACHE_DIR", str(tmp_path / "cache"))
    ingest([SEEDS], tmp_path / "w.duckdb", report="reports/landscape.html")
    report = tmp_path / "reports" / "landscape.html"
    assert '<strong id="trial-count" data-count="5">' in report.read_text(encoding="utf-8")
    with get_client(sync_client=True) as client:
        key = ArtifactFilter(key=ArtifactFilterKey(any_=["landscape-report"]))
        artifacts = client.read_artifacts(artifact_filter=key)
    latest = max(artifacts, key=lambda a: a.created)
    assert f"5 trials: [{report}]({report.as_uri()})" in latest.data
