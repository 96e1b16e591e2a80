"""One trial per real trial: content-based documents, stated ids, matching, precedence, history."""

from __future__ import annotations

import builtins
import json
import pathlib
import shutil
from datetime import datetime

import duckdb
import pytest
from conftest import CTGOV, SEEDS

from tasks.identity import (
    Features,
    MatchIndex,
    Source,
    current_sources,
    match_document,
    merge_decision,
    numbers_disagree,
    prose_references,
)
from tasks.parsers.records import TrialRecord
from warehouse.invariants import violations

pytestmark = pytest.mark.usefixtures("prefect_harness")
TRIAL_TABLES = ("trial", "condition", "intervention", "arm", "endpoint", "criterion", "site", "criterion_threshold")


def ingest(paths, db):
    from flows.ingest import ingest_documents

    return ingest_documents(paths=[str(p) for p in paths], db=str(db))


def query(db, sql, *params):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def snapshot(db):
    with duckdb.connect(str(db), read_only=True) as con:
        tables = (*TRIAL_TABLES, "source_document", "raw_document", "trial_provenance", "source_conflict")
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


# ---- the rules, as plain functions ----


def features(key, title=None, summary=None, sponsor=None, conditions=(), interventions=()):
    return Features.of(key, (title,), summary, sponsor, conditions, interventions)


def test_a_title_matches_through_punctuation_case_and_an_added_acronym():
    index = MatchIndex()
    index.add(features("NCT1", "Study of CAR-T Cells in Relapsed Myeloma", conditions=["Multiple Myeloma"]))
    index.add(features("NCT2", "Study of Bispecific Antibodies in Lymphoma", conditions=["Lymphoma"]))
    found = match_document(
        features("doc", "[ARI] study of car t cells in relapsed myeloma.", conditions=["multiple myeloma"]), index
    )
    assert found is not None and (found.trial_id, found.rule) == ("NCT1", "title") and found.score >= 85


def test_titles_of_one_series_that_differ_by_their_number_never_match():
    assert numbers_disagree("lummicar study 1", "lummicar study 2")
    assert not numbers_disagree("cartitude 4 a study", "a study")  # a token on one side only
    index = MatchIndex()
    index.add(
        features(
            "NCT03975907", "Clinical Trial to Evaluate CT053 in Myeloma (LUMMICAR STUDY 1)", conditions=["Myeloma"]
        )
    )
    query = features("doc", "Clinical Trial to Evaluate CT053 in Myeloma (LUMMICAR STUDY 2)", conditions=["Myeloma"])
    assert match_document(query, index) is None


def test_a_page_without_a_title_matches_by_its_summary_and_a_generic_title_needs_support():
    summary = "This single-arm open-label study evaluates anti-BCMA CAR-T cells in relapsed or refractory myeloma."
    index = MatchIndex()
    index.add(features("NCT1", "Anti-BCMA CAR-T in Myeloma", summary, sponsor="Hrain"))
    found = match_document(features("page", None, summary + " ", interventions=["x"]), index)
    assert found is not None and (found.trial_id, found.rule) == ("NCT1", "summary")
    generic = MatchIndex()
    generic.add(features("NCT7", "Long-term Follow-up Study", sponsor="Sponsor A", conditions=["Lymphoma"]))
    contradicted = features("doc", "Long-term Follow-up Study", sponsor="Sponsor B", conditions=["Myeloma"])
    assert match_document(contradicted, generic) is None


def test_summaries_of_a_series_that_differ_by_their_number_never_match():
    opening = "This is a phase 1 open-label study of anti-BCMA CAR-T cells in patients with myeloma, cohort "
    index = MatchIndex()
    index.add(features("NCT1", None, opening + "1 receives the low dose level of the product over four weeks."))
    found = match_document(
        features("page", None, opening + "2 receives the low dose level of the product over four weeks."), index
    )
    assert found is None
    same = match_document(features("page", None, opening + "1 receives the low dose level"), index)
    assert same is not None and same.trial_id == "NCT1"


def test_two_trials_equally_close_make_a_match_ambiguous():
    index = MatchIndex()
    index.add(features("NCT1", "A Study of Drug X in Myeloma"))
    index.add(features("NCT2", "A Study of Drug X in Myeloma"))
    assert match_document(features("doc", "A Study of Drug X in Myeloma"), index) is None


def test_prose_ids_are_references_and_never_the_trials_own():
    record = TrialRecord(
        registry_id="NCT00000001",
        brief_summary="A long-term follow-up of patients treated in NCT04309981 and NCT00000001.",
    )
    assert [r for r, _ in prose_references(record)] == ["NCT04309981"]
    assert "treated in NCT04309981" in prose_references(record)[0][1]


def test_a_poorer_source_never_blanks_a_field_and_children_come_from_the_best_source_with_rows():
    now = datetime(2026, 1, 1)
    sources = current_sources(
        [
            Source("csv", "ctgov_csv", datetime(2025, 4, 1)),
            Source("json-old", "ctgov_json", datetime(2023, 1, 1)),
            Source("json", "ctgov_json", datetime(2024, 1, 1)),
            Source("medpath", "medpath", now),
        ]
    )
    assert [s.document_id for s in sources] == ["json", "csv", "medpath"]  # the older JSON is history
    rows = {
        "json": {"trial_id": "NCT1", "enrollment": None, "title": "T", "phase": "PHASE1"},
        "csv": {"trial_id": "NCT1", "enrollment": 40, "title": "T", "phase": "PHASE2"},
        "medpath": {"trial_id": "NCT1", "enrollment": 18, "title": "T", "phase": None},
    }
    counts = {"json": {"criterion": 26}, "csv": {"endpoint": 3}, "medpath": {"endpoint": 5, "site": 1}}
    decision = merge_decision(sources, rows, counts)
    assert decision.primary == "json"
    assert decision.fields == {"enrollment": "csv", "title": "json", "phase": "json"}
    assert decision.tables == {"criterion": "json", "criterion_threshold": "json", "endpoint": "csv", "site": "medpath"}
    assert ("enrollment", "40", "csv") in decision.conflicts and ("enrollment", "18", "medpath") in decision.conflicts
    assert ("phase", "PHASE1", "json") in decision.conflicts


# ---- the warehouse ----


def test_copies_and_renamed_files_are_the_same_documents(tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copytree(SEEDS, tmp_path / "a")
    ingest([tmp_path / "a"], db)
    shutil.copytree(SEEDS, tmp_path / "b")
    again = ingest([tmp_path / "a", tmp_path / "b"], db)
    assert again.counts == {"documents_seen": 5, "loaded": 0, "unchanged": 5, "rejected": 0, "superseded": 0}
    assert query(db, "SELECT count(*) FROM trial") == [(5,)]
    first = sorted((tmp_path / "b").iterdir())[0]
    renamed = first.with_name("renamed.txt")
    first.rename(renamed)
    moved = ingest([tmp_path / "b"], db)
    assert moved.counts["unchanged"] == 5 and moved.counts["loaded"] == 0
    assert query(db, "SELECT count(*) FROM source_document WHERE uri = ?", str(renamed)) == [(1,)]
    assert query(db, "SELECT count(*) FROM trial") == [(5,)]


def test_a_file_that_cannot_be_read_changes_nothing_and_is_reported(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    shutil.copytree(SEEDS, tmp_path / "in")
    ingest([tmp_path / "in"], db)
    before = snapshot(db)
    target = sorted((tmp_path / "in").iterdir())[1]
    target.chmod(0)
    _refuse_reading(monkeypatch, target)  # root reads a chmod-000 file: refuse as the OS would for a user
    summary = ingest([tmp_path / "in"], db)
    assert summary.counts["rejected"] == 1 and summary.counts["unchanged"] == 4
    assert any(uri == str(target) and "Permission denied" in reason for uri, reason, _ in summary.rejections)
    assert snapshot(db) == before  # every trial table, the documents and the raw store
    target.chmod(0o644)


def _refuse_reading(monkeypatch, target):
    real_open, real_read = builtins.open, pathlib.Path.read_bytes

    def guarded_open(file, *args, **kwargs):
        if str(file) == str(target):
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(file, *args, **kwargs)

    def guarded_read(self):
        if str(self) == str(target):
            raise PermissionError(13, "Permission denied", str(target))
        return real_read(self)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(pathlib.Path, "read_bytes", guarded_read)


def write_renderings(folder, studies):
    """Each study as its API JSON record, a flat export, a MedPath page and a registry page."""
    from benchmarks.layouts import flat, medpath, registry
    from benchmarks.layouts.studies import nct_id

    for layout in ("json", "flat", "medpath", "registry"):
        (folder / layout).mkdir(parents=True)
    for study in studies:
        nct = nct_id(study)
        (folder / "json" / f"{nct}.json").write_text(json.dumps(study))
        for name, module in (("flat", flat), ("medpath", medpath), ("registry", registry)):
            (folder / name / f"{nct}.txt").write_text(module.render(study))


def test_four_renderings_of_each_real_study_are_one_trial_with_four_sources(tmp_path):
    from benchmarks.layouts import load_studies
    from benchmarks.layouts.studies import nct_id

    studies = [s for s in load_studies()[::19] if nct_id(s)]
    write_renderings(tmp_path / "in", studies)
    db = tmp_path / "w.duckdb"
    summary = ingest([tmp_path / "in"], db)
    assert summary.counts["rejected"] == 0
    expected = {nct_id(s) for s in studies}
    per_trial = dict(query(db, "SELECT trial_id, count(DISTINCT source_format) FROM trial_source GROUP BY ALL"))
    assert per_trial == {nct: 4 for nct in expected}
    assert query(db, "SELECT count(*) FROM trial") == [(len(expected),)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert violations(con) == []


def test_a_summary_naming_another_study_never_attaches_its_document_there(tmp_path):
    from benchmarks.layouts import flat, load_studies, registry
    from benchmarks.layouts.studies import nct_id

    first, second = [s for s in load_studies() if nct_id(s)][:2]
    other = nct_id(second)
    quoting = json.loads(json.dumps(first))
    description = quoting["protocolSection"].setdefault("descriptionModule", {})
    description["briefSummary"] = f"Long-term follow-up of {other}. " + (description.get("briefSummary") or "")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "second.json").write_text(json.dumps(second))
    (folder / "flat.txt").write_text(flat.render(quoting))
    (folder / "registry.txt").write_text(registry.render(quoting))
    db = tmp_path / "w.duckdb"
    ingest([folder], db)
    assert query(db, "SELECT count(*) FROM trial_source WHERE trial_id = ?", other) == [(1,)]
    assert query(db, "SELECT count(*) FROM trial") == [(2,)]
    references = query(db, "SELECT t.title, r.registry_id FROM trial_reference r JOIN trial t USING (trial_id)")
    assert references and {r[1] for r in references} == {other}


@pytest.fixture(scope="module")
def reference_warehouse(tmp_path_factory):
    """The examples and every reference file, ingested in one run."""
    db = tmp_path_factory.mktemp("reference") / "w.duckdb"
    ingest([SEEDS, CTGOV], db)
    return db


def test_no_study_loses_a_field_criterion_or_site_to_its_csv_row(reference_warehouse, tmp_path):
    db = reference_warehouse
    row = query(
        db,
        "SELECT t.enrollment, (SELECT count(*) FROM criterion c WHERE c.trial_id = t.trial_id), "
        "(SELECT count(*) FROM site s WHERE s.trial_id = t.trial_id) FROM trial t WHERE trial_id = 'NCT04272125'",
    )
    assert row == [(40, 26, 1)]
    # Every study that has a JSON and a CSV source keeps what its JSON alone gives.
    json_only = tmp_path / "json.duckdb"
    ingest([CTGOV / "website_json_export", CTGOV / "studies"], json_only)
    both = query(
        db,
        "SELECT trial_id FROM trial_source WHERE source_format = 'ctgov_csv' INTERSECT "
        "SELECT trial_id FROM trial_source WHERE source_format = 'ctgov_json'",
    )
    assert len(both) >= 10
    sql = (
        "SELECT t.trial_id, t.enrollment, t.official_title, t.minimum_age, "
        "(SELECT count(*) FROM criterion c WHERE c.trial_id = t.trial_id), "
        "(SELECT count(*) FROM site s WHERE s.trial_id = t.trial_id), "
        "(SELECT count(*) FROM endpoint e WHERE e.trial_id = t.trial_id) FROM trial t WHERE trial_id = ?"
    )
    for (trial_id,) in both:
        assert query(db, sql, trial_id) == query(json_only, sql, trial_id), trial_id


def test_the_classic_page_and_the_flat_export_of_one_study_are_one_trial(reference_warehouse):
    rows = query(
        reference_warehouse,
        "SELECT source_format, match_rule FROM trial_source WHERE trial_id = 'NCT04309981' ORDER BY 1",
    )
    assert rows == [("ctgov_classic_page", "stated_id"), ("ctgov_flat", "title")]
    assert query(reference_warehouse, "SELECT count(*) FROM trial WHERE trial_id LIKE 'URI-%'") == [(0,)]


def test_two_captures_with_edited_outcomes_are_two_versions_and_history_shows_the_change(reference_warehouse, capsys):
    from flows.cli import main

    versions = query(
        reference_warehouse,
        "SELECT version, source_format FROM trial_version WHERE trial_id = 'NCT04714372' ORDER BY version",
    )
    assert versions == [(1, "ctgov_json"), (2, "ctgov_csv")]
    assert main(["history", "NCT04714372", "--db", str(reference_warehouse), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "2,endpoint,removed,Number of participants with Overall Survival (OS)," in out
    assert "2,endpoint,added,,Percentage of Participants With Overall Survival (OS)" in out
    assert "2,overall_status,changed,RECRUITING,COMPLETED" in out
    assert main(["sources", "NCT04714372", "--db", str(reference_warehouse)]) == 0
    assert "ctgov_csv" in capsys.readouterr().out
    assert main(["history", "NCT99999999", "--db", str(reference_warehouse)]) == 1


def test_disagreeing_sources_are_listed_as_conflicts(reference_warehouse):
    rows = query(
        reference_warehouse,
        "SELECT value FROM source_conflict WHERE trial_id = 'NCT04714372' AND field = 'overall_status' ORDER BY 1",
    )
    assert rows == [("COMPLETED",), ("RECRUITING",)]


def test_a_reparse_invents_no_version_and_rebuilds_the_same_trials(reference_warehouse, tmp_path):
    from flows.backfill import reparse

    db = tmp_path / "copy.duckdb"
    shutil.copy(reference_warehouse, db)
    versions = "SELECT trial_id, document_id, version FROM trial_version ORDER BY ALL"
    before = query(db, versions), snapshot(db)
    summary = reparse(db=str(db))
    assert summary.counts["loaded"] + summary.counts["superseded"] >= 850
    after = query(db, versions), snapshot(db)
    assert after[0] == before[0]
    for table in (*TRIAL_TABLES, "trial_provenance", "source_conflict"):
        assert after[1][table] == before[1][table], table
