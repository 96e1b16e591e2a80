"""One trial per real trial: content-based documents, stated ids, matching, precedence, history."""

from __future__ import annotations

import builtins
import json
import pathlib
import shutil

import duckdb
import pytest
from conftest import CTGOV, SEEDS

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


# ---- the warehouse ----


def test_copies_and_renamed_files_are_the_same_documents(tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copytree(SEEDS, tmp_path / "a")
    ingest([tmp_path / "a"], db)
    shutil.copytree(SEEDS, tmp_path / "b")
    again = ingest([tmp_path / "a", tmp_path / "b"], db)
    assert again.counts.as_dict() == {"documents_seen": 5, "loaded": 0, "unchanged": 5, "rejected": 0, "superseded": 0}
    assert query(db, "SELECT count(*) FROM trial") == [(5,)]
    first = sorted((tmp_path / "b").iterdir())[0]
    renamed = first.with_name("renamed.txt")
    first.rename(renamed)
    moved = ingest([tmp_path / "b"], db)
    assert moved.counts.unchanged == 5 and moved.counts.loaded == 0
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
    assert summary.counts.rejected == 1 and summary.counts.unchanged == 4
    assert any(uri == str(target) and "Permission denied" in reason for uri, reason, _ in summary.rejections)
    assert snapshot(db) == before  # every trial table, the documents and the raw store
    target.chmod(0o644)


def test_a_subfolder_that_cannot_be_listed_is_skipped_with_a_warning_and_the_rest_loads(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    locked = _locked_subfolder(tmp_path / "in", monkeypatch)
    summary = ingest([tmp_path / "in"], db)
    assert summary.counts.as_dict() == {
        "documents_seen": 5,
        "loaded": 5,
        "unchanged": 0,
        "rejected": 0,
        "superseded": 0,
    }
    assert summary.skipped == [(str(locked), "cannot list folder: Permission denied")]
    report = pathlib.Path(summary.report_path).read_text()
    assert "## Skipped folders (1)" in report and str(locked) in report


def test_the_command_line_names_a_skipped_subfolder_on_stderr(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from prefect.settings import PREFECT_API_URL

    from flows.cli import cli

    locked = _locked_subfolder(tmp_path / "in", monkeypatch)
    args = ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "w.duckdb")]
    result = CliRunner().invoke(cli, args, env={"PREFECT_API_URL": PREFECT_API_URL.value()})
    assert result.exit_code == 0, result.output
    assert f"trials: warning: skipped {locked}: cannot list folder: Permission denied" in result.stderr.splitlines()
    assert "documents: seen 5, loaded 5, unchanged 0, rejected 0, superseded 0" in result.stdout


def _locked_subfolder(root, monkeypatch):
    """``root`` with the seeds in a readable subfolder and in one that cannot be listed (returned)."""
    import os

    shutil.copytree(SEEDS, root / "readable")
    locked = root / "locked"
    shutil.copytree(SEEDS, locked)
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if str(path) == str(locked):  # root lists a chmod-000 folder: refuse as the OS would for a user
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    return locked


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
    assert summary.counts.rejected == 0
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
    assert summary.counts.loaded + summary.counts.superseded >= 850
    after = query(db, versions), snapshot(db)
    assert after[0] == before[0]
    for table in (*TRIAL_TABLES, "trial_provenance", "source_conflict"):
        assert after[1][table] == before[1][table], table
