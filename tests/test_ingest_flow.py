"""The real ``ingest_documents`` flow on the seeds, against a real DuckDB file."""

import shutil

import duckdb
import pytest
from conftest import SEEDS, dump_tables, query_rows

from schemas.tables import ALL_TABLES, TRIAL_TABLES
from warehouse.snapshot import unpublished_runs

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
    assert summary.counts.as_dict() == {
        "documents_seen": 5,
        "loaded": 5,
        "unchanged": 0,
        "rejected": 0,
        "superseded": 0,
    }
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
    published = db.stat()
    again = ingest([inbox], db)
    assert again.counts.as_dict() == {"documents_seen": 5, "loaded": 0, "unchanged": 5, "rejected": 0, "superseded": 0}
    # A run that changes nothing is not published: readers keep the very same file.
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (published.st_ino, published.st_mtime_ns)
    assert dump(db, everything) == before
    assert unpublished_runs(db)[0] == 1

    seed_004 = next(inbox.glob("004_*.txt"))
    seed_004.write_text(seed_004.read_text().replace("Response rate, over the first year|", ""))
    edited = ingest([inbox], db)
    assert edited.counts.loaded == 1 and edited.counts.unchanged == 4
    assert unpublished_runs(db) is None
    after = dump(db, everything)
    assert len(after["load_run"]) == len(before["load_run"]) + 2  # the no-op's run log came with this publish
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


def test_a_rerun_that_finds_a_file_moved_publishes_its_new_place_and_status_names_runs_not_yet_published(
    inbox, tmp_path, capsys
):
    from flows.cli import main

    db = tmp_path / "w.duckdb"
    ingest([inbox], db)
    ingest([inbox], db)  # changes nothing: not published
    assert unpublished_runs(db)[0] == 1
    capsys.readouterr()
    assert main(["status", "--db", str(db)]) == 0
    assert "note: 1 later run(s) changed nothing" in capsys.readouterr().out
    seed = next(inbox.glob("002_*.txt"))
    moved = seed.rename(inbox / "moved.txt")
    assert ingest([inbox], db).counts.unchanged == 5
    assert unpublished_runs(db) is None  # a file's new place is what readers see: published
    assert query_rows(db, f"SELECT count(*) FROM source_document WHERE uri = '{moved.resolve()}'") == [(1,)]
    assert query_rows(db, "SELECT count(*) FROM load_run") == [(3,)]


def test_a_first_batch_prepared_while_the_rest_is_fingerprinted_changes_no_table_and_no_count(inbox, tmp_path):
    # With batches of 2, the first two files are fingerprinted alone; when both are to be processed,
    # their batch is prepared while the other files are fingerprinted.
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    ingest([inbox], whole)
    cold = ingest([inbox], split, batch_size=2)
    assert cold.counts.as_dict() == {"documents_seen": 5, "loaded": 5, "unchanged": 0, "rejected": 0, "superseded": 0}
    assert dump(split) == dump(whole)

    first, second, *_ = sorted(inbox.iterdir())
    for path in (first, second):  # the whole first batch changed: prepared early, the rest unchanged
        path.write_text(path.read_text().replace("Multiple Myeloma", "Multiple myeloma", 1))
    both = ingest([inbox], split, batch_size=2)
    assert (both.counts.loaded, both.counts.unchanged) == (2, 3)
    second.write_text(second.read_text().replace("Multiple myeloma", "multiple myeloma", 1))
    one = ingest([inbox], split, batch_size=2)  # half of the first batch changed: fingerprinted as one pass
    assert (one.counts.loaded, one.counts.unchanged) == (1, 4)
    assert query_rows(split, "SELECT count(*) FROM trial") == [(5,)]


def test_bad_documents_are_rejected_with_reasons_while_the_others_load(inbox, tmp_path):
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (inbox / "notes.txt").write_text("Shopping list\nmilk\neggs\nbread\n")
    db = tmp_path / "w.duckdb"
    summary = ingest([inbox], db)
    assert summary.counts.loaded == 5 and summary.counts.rejected == 3
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
    assert summary.counts.loaded == 1 and summary.counts.unchanged == 5
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
    assert summary.counts.loaded == 5
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


def test_legacy_files_and_pages_load_into_the_warehouse(tmp_path):
    from conftest import CTGOV

    folder = tmp_path / "legacy"
    shutil.copytree(CTGOV / "legacy", folder / "legacy")
    shutil.copytree(CTGOV / "aggregator_pages", folder / "pages")
    db = tmp_path / "w.duckdb"
    summary = ingest([folder], db)
    # NCT00023673 comes as API v1 JSON and as XML: one trial with two current sources (two formats).
    assert summary.counts.as_dict() == {
        "documents_seen": 49,
        "loaded": 49,
        "unchanged": 0,
        "rejected": 0,
        "superseded": 0,
    }
    with duckdb.connect(str(db), read_only=True) as con:
        sources = con.execute("SELECT source_format FROM trial_source WHERE trial_id = 'NCT00023673' ORDER BY 1")
        assert sources.fetchall() == [("ctgov_v1",), ("ctgov_xml",)]
        assert con.execute("SELECT count(*) FROM trial").fetchall() == [(48,)]
        formats = dict(con.execute("SELECT source_format, count(*) FROM trial GROUP BY ALL").fetchall())
        assert formats == {
            "ctgov_tsv": 40,
            "ctgov_xml": 3,
            "ctgov_v1": 1,
            "medpath": 2,
            "ctgov_classic_page": 1,
            "clinicaltrialexchange": 1,
        }
        rows = con.execute(
            "SELECT t.phase, t.allocation, count(c.trial_id) FROM trial t JOIN criterion c USING (trial_id) "
            "WHERE t.registry_id = 'NCT00023673' GROUP BY ALL"
        ).fetchall()
        assert rows == [("PHASE1/PHASE2", "NON_RANDOMIZED", 36)]


def write_partial_documents(folder):
    """Two real studies without outcomes, rendered as a flat export and as a registry page."""
    from benchmarks.layouts import flat, load_studies, registry
    from benchmarks.layouts.studies import nct_id

    studies = {nct_id(s): s for s in load_studies()}
    flat_path = folder / "flat_without_outcomes.txt"
    flat_path.write_text(flat.render(studies["NCT00069082"]))
    (folder / "registry_without_outcomes.txt").write_text(registry.render(studies["NCT01100827"]))
    return flat_path


WARNINGS_SQL = (
    "SELECT d.uri, w.ordinal, w.section, w.message, t.source_format, t.brief_summary IS NOT NULL, "
    "(SELECT count(*) FROM endpoint e WHERE e.trial_id = w.trial_id) "
    "FROM parse_warning w JOIN trial t USING (trial_id) JOIN source_document d ON d.document_id = w.document_id "
    "WHERE d.trial_id = w.trial_id ORDER BY d.uri"
)


def test_partial_documents_load_with_warnings_a_rerun_changes_nothing_and_a_fix_clears_them(inbox, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from warehouse.invariants import violations

    flat_path = write_partial_documents(inbox)
    db = tmp_path / "w.duckdb"
    summary = ingest([inbox], db)
    assert summary.counts.as_dict() == {
        "documents_seen": 7,
        "loaded": 7,
        "unchanged": 0,
        "rejected": 0,
        "superseded": 0,
    }
    assert sorted((uri.rsplit("/", 1)[1], section, message) for uri, section, message in summary.warnings) == [
        ("flat_without_outcomes.txt", "outcomes", "no outcome field found"),
        ("registry_without_outcomes.txt", "outcomes", "no outcome with a time frame found"),
    ]
    assert summary.table_rows["parse_warning"] == 2
    rows = [(uri.rsplit("/", 1)[1], *rest) for uri, *rest in query_rows(db, WARNINGS_SQL)]
    assert rows == [
        ("flat_without_outcomes.txt", 1, "outcomes", "no outcome field found", "ctgov_flat", True, 0),
        (
            "registry_without_outcomes.txt",
            1,
            "outcomes",
            "no outcome with a time frame found",
            "registry_page",
            True,
            0,
        ),
    ]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-report"])))
    report = max(artifacts, key=lambda a: a.created).data
    assert (
        "## Parse warnings (2)" in report and "flat_without_outcomes.txt | outcomes | no outcome field found" in report
    )

    everything = list(ALL_TABLES)
    before = dump(db, everything)
    again = ingest([inbox], db)
    assert again.counts.unchanged == 7 and again.counts.loaded == 0 and again.warnings == []
    after = dump(db, everything)
    # Bookkeeping aside (the run log; the stat index, which records a file again until it has settled).
    kept = [t for t in everything if t not in ("load_run", "file_stat")]
    assert {t: after[t] for t in kept} == {t: before[t] for t in kept}

    # The trial's rows are replaced as a whole: once the document has an outcome, its warning is gone.
    lines = flat_path.read_text().split("\n")
    flat_path.write_text("\n".join([*lines[:4], "Pain relief, Change in pain score, Week 4"]))
    fixed = ingest([inbox], db)
    assert fixed.counts.loaded == 1 and fixed.warnings == []
    assert [r[0].rsplit("/", 1)[1] for r in query_rows(db, WARNINGS_SQL)] == ["registry_without_outcomes.txt"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert violations(con) == []


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


def test_a_warehouse_inside_the_folder_it_ingests_is_not_read_as_documents(inbox):
    """``trials ingest . --db trials.duckdb``: the warehouse, its lock, its run reports and landscape are not documents."""
    db = inbox / "trials.duckdb"
    ingest([inbox], db, report="reports/myeloma.html")
    (inbox / "landscape.html").write_text("<html>the default report</html>")
    (inbox / ".git" / "objects").mkdir(parents=True)
    (inbox / ".git" / "objects" / "ab").write_bytes(b"x\x9c\x00binary")
    again = ingest([inbox], db, report="reports/myeloma.html")
    assert (inbox / "runs").is_dir() and (inbox / "trials.duckdb.lock").exists()
    assert (inbox / "reports" / "myeloma.html").exists()
    assert again.counts.as_dict() == {
        "documents_seen": 5, "loaded": 0, "unchanged": 5, "rejected": 0, "superseded": 0
    }  # fmt: skip


def test_the_warehouse_s_own_csv_export_ingested_adds_no_trial_and_changes_none(inbox, tmp_path):
    """Tables that are not a ClinicalTrials.gov download are rejected, not read as a flat export or a MedPath page.

    Before, `endpoint.csv` loaded as a flat export titled by its header, and `raw_document.csv`
    (a MedPath page in a cell) took over that page's trial and renamed it by its header.
    """
    from warehouse.export import export_tables

    db = tmp_path / "w.duckdb"
    ingest([inbox], db)
    before = dump(db)
    export_tables(db, inbox / "export", "csv")
    exported = sorted((inbox / "export").glob("*.csv"))
    summary = ingest([inbox], db)
    assert summary.counts.loaded == 0 and summary.counts.rejected == len(exported) > 10
    assert dump(db) == before
    reasons = {row[0] for row in query_rows(db, "SELECT error FROM source_document WHERE uri LIKE '%/export/%'")}
    assert reasons and all(r.startswith("unrecognized format") for r in reasons)  # (two-column tables: plain)
    assert any(r.startswith("unrecognized format (a table whose columns") for r in reasons)


def test_the_collector_paused_for_the_writes_is_on_again_after_a_failed_and_a_good_run(inbox, tmp_path, monkeypatch):
    import gc

    from warehouse import failpoints

    # The cyclic collector's full scans of the writer's growing heap cost 22 of its 80 s at
    # 100,000 documents, so the run pauses it; the process must get it back, failed run or not.
    monkeypatch.setattr(failpoints, "_HITS", {})
    monkeypatch.setenv(failpoints.FAILPOINT_ENV, "load-before-commit:1:ERROR")
    with pytest.raises(failpoints.FailpointError):
        ingest([inbox], tmp_path / "w.duckdb")
    assert gc.isenabled()
    monkeypatch.delenv(failpoints.FAILPOINT_ENV)
    assert ingest([inbox], tmp_path / "w.duckdb").counts.loaded == 5
    assert gc.isenabled()
