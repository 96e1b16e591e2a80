"""The landscape report without a browser: its reads, its shapes, its HTML, the command and the flow."""

import base64
import gzip
import json
import os
import re
import subprocess
import sys
from datetime import datetime

import duckdb
import pytest
from conftest import SEEDS, query_rows

from tasks.batches import fingerprint_files
from tasks.documents import discover_files
from tasks.landscape import render_report, shape
from tasks.landscape_report import write_report
from tasks.pipeline import load_prepared, prepare_files
from warehouse.connection import WarehouseError, write_connection
from warehouse.landscape import WhereError, read_landscape

BUNDLE = "/* the Vega bundle */"  # render_report takes the bundle as text; the browser test uses the real one


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "w.duckdb"
    work, _ = fingerprint_files(db, discover_files([SEEDS]), False)
    load_prepared(db, prepare_files(work), "run", datetime(2026, 1, 1))
    return db


@pytest.fixture(scope="module")
def seeds_html(seeds_db):
    return render_report(read_landscape(seeds_db), BUNDLE, "2026-01-01 00:00 UTC")


def chart_specs(document: str) -> list[dict]:
    found = re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', document, re.S)
    return json.loads(found.group(1))


def trial_data(document: str) -> dict:
    found = re.search(r'<script type="application/gzip\+base64" id="trial-data">(.*?)</script>', document, re.S)
    return json.loads(gzip.decompress(base64.b64decode(found.group(1))))


def test_the_landscape_reads_every_part_of_the_seed_trials(seeds_db):
    land = read_landscape(seeds_db)
    assert land.total_trials == 5 and len(land.trials) == 5
    assert [len(json.loads(rows)) for _, rows in land.trial_rows.values()] == [83, 25, 4, 5]
    assert len(land.frames["arms"]) == 3  # the arms with a dose
    assert len(land.frames["thresholds"]) == 7  # 14 limits, of which 7 are time windows (left out)
    assert land.warnings is not None and land.warnings.empty  # the seeds load without parse warnings


@pytest.mark.parametrize(
    ("where", "trials"),
    [
        ("condition ILIKE '%myeloma%'", 4),
        ("condition ILIKE '%relapsed%'", 2),
        ("phase = 'PHASE1' AND enrollment >= 29", 1),
        ("ecog_max <= 2", 1),
        ("registry_id IS NULL", 4),
    ],
)
def test_where_keeps_the_trials_it_names(seeds_db, where, trials):
    land = read_landscape(seeds_db, where)
    assert (land.total_trials, len(land.trials)) == (5, trials)
    endpoints = json.loads(land.trial_rows["endpoints"][1])
    assert {row[0] for row in endpoints} <= set(land.trials["trial_id"])


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("1=1; DROP TABLE trial", "must be one read-only predicate"),
        ("phase = 'PHASE1') UNION ALL (SELECT 'x'", "must be one read-only predicate"),
        ("enrollment >", "must be one read-only predicate"),
        ("trial_id IN (SELECT column0 FROM read_csv('/etc/hostname'))", "disabled by configuration"),
        ("no_such_column = 1", "no_such_column"),
    ],
)
def test_where_refuses_anything_but_a_read_only_predicate(seeds_db, where, message):
    with pytest.raises(WhereError, match=re.escape(message)):
        read_landscape(seeds_db, where)
    assert query_rows(seeds_db, "SELECT count(*) FROM trial") == [(5,)]


def test_the_page_counts_the_trials_and_draws_one_slot_per_chart(seeds_html):
    assert '<strong id="trial-count" data-count="5">5</strong> trials shown of 5' in seeds_html
    specs = chart_specs(seeds_html)
    assert seeds_html.count('<div class="chart"') == len(specs) >= 10
    assert seeds_html.count(BUNDLE) == 1  # the JavaScript is inlined once for the whole page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", seeds_html)  # nothing to fetch


def encodings(spec) -> list[dict]:
    """Every encoding block of a spec, its layers and facets included."""
    if isinstance(spec, list):
        return [e for part in spec for e in encodings(part)]
    if not isinstance(spec, dict):
        return []
    found = [spec["encoding"]] if isinstance(spec.get("encoding"), dict) else []
    return found + [e for key, value in spec.items() if key != "encoding" for e in encodings(value)]


def test_every_chart_has_a_title_axis_titles_and_tooltips(seeds_html):
    for spec in chart_specs(seeds_html):
        text = json.dumps(spec)
        assert spec.get("title"), text[:200]
        assert '"tooltip"' in text, spec["title"]
        for channel in ("x", "y"):
            titled = [e[channel]["title"] for e in encodings(spec) if "title" in e.get(channel, {})]
            assert titled, (spec["title"], channel)


def test_the_sections_show_the_seed_values(seeds_html):
    for anchor in ("overview", "endpoints", "doses", "eligibility", "quality", "trials"):
        assert f'<section id="{anchor}">' in seeds_html
    titles = {json.dumps(spec["title"]) for spec in chart_specs(seeds_html)}
    assert '"Dose levels per trial and arm"' in titles
    assert "This warehouse records no parse warnings." in seeds_html


def test_each_trial_carries_its_fields_and_parts(seeds_html):
    data = trial_data(seeds_html)
    assert data["parts"]["arms"][:3] == ["label", "arm_type", "dose_value"]
    assert len(data["trials"]) == 5
    trial = dict(
        zip(["trial_id", *data["fields"]], next(t for t in data["trials"] if t[0] == "NCT06223646"), strict=True)
    )
    assert (trial["phase"], trial["enrollment"], trial["condition"]) == ("PHASE1", 29, "Multiple Myeloma")
    arms = [row[1:] for row in data["rows"]["arms"] if row[0] == "NCT06223646"]
    assert sorted(row[2] for row in arms if row[2] is not None) == [1_000_000.0, 2_000_000.0, 3_000_000.0]
    assert len(data["rows"]["endpoints"]) == 83 and len(data["rows"]["criteria"]) == 25
    assert {row[0] for row in data["rows"]["sources"]} == {t[0] for t in data["trials"]}


def test_long_tables_travel_as_data_and_escape_markup():
    import pandas as pd

    from tasks.landscape.markup import data_table

    html = data_table("rows", pd.DataFrame({"trial": ["NCT1"], "text": ["</script><b>"]}))
    assert html == (
        '<div class="datatable" data-rows="rows"></div><script type="application/json" id="rows">'
        '{"columns":["trial","text"],"data":[["NCT1","\\u003c\\/script>\\u003cb>"]]}</script>'
    )


def test_the_side_by_side_thresholds_keep_the_strictest_inclusion_limit(seeds_db):
    land = read_landscape(seeds_db)
    table = shape.threshold_table(land.frames["thresholds"], shape.trial_labels(land.trials))
    assert table.to_dict("records") == [{"trial": "NCT06223646", "min age": 18.0, "ECOG ≤": 2.0}]


def test_dose_groups_put_cell_doses_first_and_keep_ranges():
    import pandas as pd

    arms = pd.DataFrame(
        {
            "trial_id": ["A", "A", "B", "C"],
            "label": ["low", "high", "flat", "none"],
            "dose_value": [None, 3e6, 100.0, None],
            "dose_min": [1e6, 3e6, 100.0, None],
            "dose_max": [2e6, 3e6, 100.0, None],
            "dose_unit": ["cells/kg", "cells/kg", "mg", None],
        }
    )
    groups = shape.dose_groups(arms, pd.Series(["A", "B", "C"], index=["A", "B", "C"]))
    assert list(groups) == ["cells/kg", "mg"]
    assert groups["cells/kg"][["arm", "dose", "dose_min", "dose_max"]].values.tolist() == [
        ["low", 1e6, 1e6, 2e6],
        ["high", 3e6, 3e6, 3e6],
    ]


def test_parse_warnings_are_shown_when_the_warehouse_records_them(seeds_db, tmp_path):
    db = tmp_path / "warned.duckdb"
    db.write_bytes(seeds_db.read_bytes())
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO parse_warning VALUES ('NCT06223646', 1, 'doc', 'arm', 'dose <b>unit</b> unclear')")
    land = read_landscape(db)
    assert land.warnings.to_dict("records") == [
        {
            "trial_id": "NCT06223646",
            "ordinal": 1,
            "document_id": "doc",
            "section": "arm",
            "message": "dose <b>unit</b> unclear",
        }
    ]
    assert "dose \\u003cb>unit\\u003c\\/b> unclear" in render_report(land, BUNDLE, "now")


def test_an_empty_warehouse_gives_a_report_that_says_so(tmp_path):
    db = tmp_path / "empty.duckdb"
    with write_connection(db):
        pass
    document = render_report(read_landscape(db), BUNDLE, "now")
    assert 'data-count="0">0</strong> trials: the warehouse holds no trials yet' in document
    assert '<div class="chart"' not in document and chart_specs(document) == []


def test_write_report_writes_one_file_and_refuses_a_missing_warehouse(seeds_db, tmp_path):
    with pytest.raises(WarehouseError, match="does not exist"):
        write_report(tmp_path / "missing.duckdb", tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_the_command_fails_in_one_line(tmp_path):
    env = {**os.environ, "TRIALS_CACHE_DIR": str(tmp_path / "cache")}
    missing = subprocess.run(
        [sys.executable, "-m", "flows.cli", "report", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"trials: error: warehouse {tmp_path / 'none.duckdb'} does not exist (run `trials ingest` first)"
    ]
    assert not (tmp_path / "landscape.html").exists()


def test_the_command_refuses_a_writing_where(seeds_db, tmp_path):
    env = {**os.environ, "TRIALS_CACHE_DIR": str(tmp_path / "cache")}
    refused = subprocess.run(
        [sys.executable, "-m", "flows.cli", "report", "--db", str(seeds_db), "--out", str(tmp_path / "r.html"),
         "--where", "1=1; DELETE FROM trial"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert refused.stderr.startswith("trials: error: --where must be one read-only predicate over the trials")
    assert not (tmp_path / "r.html").exists()


@pytest.fixture(scope="module")
def studies_db(tmp_path_factory):
    from conftest import CTGOV

    db = tmp_path_factory.mktemp("listed") / "w.duckdb"
    work, _ = fingerprint_files(db, discover_files([CTGOV / "studies"]), False)
    load_prepared(db, prepare_files(work), "run", datetime(2026, 1, 1))
    return db


def test_a_large_scope_lists_the_most_recently_updated_trials_and_charts_them_all(studies_db):
    everything = read_landscape(studies_db, listed=None)
    land = read_landscape(studies_db, listed=4)
    assert len(land.trials) == len(everything.trials) == 15 and len(land.listed) == 4
    newest = everything.trials.sort_values(["last_update_posted_value", "trial_id"], ascending=[False, True])
    assert sorted(land.listed["trial_id"]) == sorted(newest["trial_id"].head(4))
    for part, (_, rows) in land.trial_rows.items():  # only the listed trials' sections travel in the page
        assert {row[0] for row in json.loads(rows)} <= set(land.listed["trial_id"]), part
    document = render_report(land, BUNDLE, "2026-01-01 00:00 UTC")
    assert [t[0] for t in trial_data(document)["trials"]] == list(land.listed["trial_id"])
    assert 'id="listed-count" data-count="4"' in document and 'id="trial-count" data-count="15"' in document
    by_phase = next(s for s in chart_specs(document) if s["title"] == "Trials by phase")
    assert sum(row["trials"] for row in by_phase["datasets"][by_phase["data"]["name"]]) == 15  # charts count all


def test_a_scope_within_the_limit_lists_every_trial_and_says_nothing_of_it(studies_db):
    land = read_landscape(studies_db)
    assert len(land.listed) == len(land.trials) == 15
    assert "listed-count" not in render_report(land, BUNDLE, "2026-01-01 00:00 UTC")


def test_the_command_says_how_many_trials_it_listed(studies_db, tmp_path):
    out = tmp_path / "r.html"
    command = [sys.executable, "-m", "flows.cli", "report", "--db", str(studies_db), "--out", str(out)]
    done = subprocess.run([*command, "--listed", "3"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "(15 of 15 trials; the 3 most recently updated listed, --listed to change)" in done.stdout
    assert len(trial_data(out.read_text())["trials"]) == 3
    done = subprocess.run([*command, "--listed", "0"], capture_output=True, text=True, timeout=120)
    assert "(15 of 15 trials); open it" in done.stdout and len(trial_data(out.read_text())["trials"]) == 15
