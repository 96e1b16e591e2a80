"""The dlt comparison benchmark's corpus, summary and table (no dlt needed)."""

import json

from benchmarks.dlt_compare import markdown, read_studies, summary, with_nct_id, write_corpus


def study(nct: str) -> dict:
    return {"protocolSection": {"identificationModule": {"nctId": nct, "briefTitle": f"Trial {nct}"}}}


def test_corpus_is_the_real_studies_then_variants_one_per_file(tmp_path):
    studies = [study("NCT00000001"), study("NCT00000002")]
    write_corpus(tmp_path, 5, studies)
    files = sorted(tmp_path.iterdir())
    assert [p.name for p in files] == [f"{i:07d}.json" for i in range(5)]
    loaded = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert loaded[:2] == studies
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in loaded]
    assert len(set(ids)) == 5 and ids[2:] == ["NCT90000002", "NCT90000003", "NCT90000004"]
    assert [with_nct_id(s)["nct_id"] for s in read_studies(tmp_path)] == ids


def test_summary_and_table_on_fixed_numbers():
    runs = {
        "ours": [
            {"wall_s": 4.0, "peak_rss_mb": 300.0},
            {"wall_s": 2.0, "peak_rss_mb": 320.0},
            {"wall_s": 3.0, "peak_rss_mb": 310.0},
        ],
        "dlt": [
            {"wall_s": 6.0, "peak_rss_mb": 200.0},
            {"wall_s": 9.0, "peak_rss_mb": 210.0},
            {"wall_s": 7.5, "peak_rss_mb": 190.0},
        ],
    }
    medians = summary(runs)
    assert medians["ours_median_wall_s"] == 3.0 and medians["dlt_median_wall_s"] == 7.5
    assert medians["ratio_dlt_to_ours"] == 2.5 and medians["dlt_median_peak_rss_mb"] == 200.0
    produced = {
        "ours": {"trial": 50, "endpoint": 400, "criterion": 900, "warehouse_mb": 5.1},
        "dlt": {"tables": 57, "rows": 6000, "study_rows": 50, "warehouse_mb": 40.2},
    }
    run = {"size": 1000, "megabytes": 0.8, "cold": medians, "rerun": medians, "produced": {"after_cold": produced}}
    table = markdown({"runs": [run]})
    assert "| 1,000 | cold | 3.0 s | 7.5 s | 2.5 | 310 MB | 200 MB |" in table
    assert "ours trial 50, endpoint 400, criterion 900 (5.1 MB); dlt 57 tables, 6,000 rows (40.2 MB)" in table
