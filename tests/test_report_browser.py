"""The report written from the bundled examples, opened in headless Chromium (Debian's package).

CI installs chromium (``.ci/run``) and sets ``CI=true``: there a missing browser fails this test
instead of skipping it.
"""

import os
from datetime import datetime
from pathlib import Path

import pytest
from conftest import query_rows

from benchmarks.browser import CHROMIUM, open_report
from flows.cli import main
from tasks.batches import fingerprint_files
from tasks.documents import discover_files
from tasks.landscape.assets import VEGA_LITE_VERSION
from tasks.pipeline import load_prepared, prepare_files

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"


def require_browser() -> None:
    """Skip without a browser on a developer's machine; fail in CI, where one must be installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed"
    else:
        missing = None if Path(CHROMIUM).exists() else f"{CHROMIUM} is missing (apt-get install chromium)"
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run in CI: {missing}")
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="module")
def examples_report(tmp_path_factory):
    """A warehouse of the bundled examples (loaded by the pipeline's steps) and its report (by the command)."""
    root = tmp_path_factory.mktemp("browser")
    db, out = root / "w.duckdb", root / "landscape.html"
    work, _ = fingerprint_files(db, discover_files([EXAMPLES]), False)
    load_prepared(db, prepare_files(work), "run", datetime(2026, 1, 1))
    os.environ["TRIALS_CACHE_DIR"] = str(root / "cache")
    try:
        assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    finally:
        os.environ.pop("TRIALS_CACHE_DIR")
    return db, out, root


def test_the_report_opens_drawn_and_error_free_in_chromium(examples_report, tmp_path):
    require_browser()
    db, report, root = examples_report
    screenshot = tmp_path / "landscape.png"
    opened = open_report(report, tmp_path / "profile", screenshot=screenshot)
    assert opened.errors == []
    assert opened.requests == []  # self-contained: nothing fetched from anywhere
    assert len(opened.chart_marks) >= 10 and all(marks > 0 for marks in opened.chart_marks), opened.chart_marks
    assert opened.trial_count == query_rows(db, "SELECT count(*) FROM trial")[0][0] == 5
    assert screenshot.stat().st_size > 10_000
    # The Vega bundle was built once and kept for the next report.
    assert [p.name for p in (root / "cache").iterdir()][0].startswith(f"vega-bundle-vl{VEGA_LITE_VERSION}-")


def test_a_trial_link_opens_its_section(examples_report, tmp_path):
    require_browser()
    _, report, _ = examples_report
    opened = open_report(report, tmp_path / "profile", open_trial="NCT06223646")
    assert opened.errors == []
    assert "NCT06223646: " in opened.trial_section
    assert "Phase 1: High dose group" in opened.trial_section and "3000000" in opened.trial_section
    for part in ("endpoints", "criteria", "arms", "sources"):
        assert part in opened.trial_section
