"""Deployments against a real Prefect server: deploy from prefect.yaml, run a worker, trigger a backfill.

Everything started here (server, worker) runs in its own process group and is
stopped by process id at the end, whatever happens.
"""

import json
from datetime import date
from pathlib import Path

import duckdb
import requests
from conftest import CTGOV
from ctgov_server import CtgovTestServer, last_update, nct
from prefect_server import prefect, start, stop

from benchmarks.outcome_split_accuracy import iter_studies
from flows.guard import writer_limit_name

REPO = Path(__file__).resolve().parent.parent


def test_deploy_all_then_a_worker_runs_the_backfill_deployment(prefect_server, tmp_path):
    env, api_url = prefect_server
    prefect(["work-pool", "create", "trials-process", "--type", "process"], env)
    prefect(["--no-prompt", "deploy", "--all"], env)

    listed = prefect(["deployment", "ls"], env)
    for name in ("sync_ctgov/daily-ctgov-sync", "ingest_inbox/hourly-inbox-ingest", "backfill/manual-backfill"):
        assert name in listed
    daily = prefect(["deployment", "inspect", "sync_ctgov/daily-ctgov-sync"], env)
    hourly = prefect(["deployment", "inspect", "ingest_inbox/hourly-inbox-ingest"], env)
    assert "30 5 * * *" in daily and "0 * * * *" in hourly

    studies = sorted(
        (s for s in iter_studies(CTGOV / "website_json_export") if last_update(s).startswith("2023")), key=nct
    )[:15]
    db = tmp_path / "warehouse.duckdb"
    worker_log = open(tmp_path / "worker.log", "w")
    worker = start(["worker", "start", "--pool", "trials-process", "--limit", "1"], env, worker_log)
    try:
        with CtgovTestServer(studies) as ctgov:
            params = {
                "since": "2023-01-01",
                "until": "2023-12-31",
                "window_days": 120,
                "query": "term=a",
                "db": str(db),
                "client": {"base_url": ctgov.base_url, "min_interval": 0},
            }
            prefect(
                [
                    "deployment",
                    "run",
                    "backfill/manual-backfill",
                    "--params",
                    json.dumps(params),
                    "--watch",
                    "--watch-timeout",
                    "400",
                ],
                env,
                timeout=460,
            )
    finally:
        stop(worker)
        worker_log.close()

    runs = requests.post(f"{api_url}/flow_runs/filter", json={"sort": "START_TIME_DESC"}, timeout=10).json()
    backfill_runs = [r for r in runs if r["parameters"].get("window_days") == 120]
    assert backfill_runs and backfill_runs[0]["state_type"] == "COMPLETED", (tmp_path / "worker.log").read_text()[
        -3000:
    ]
    assert sum(r["state_type"] == "COMPLETED" for r in runs) >= 4  # the backfill and its window syncs

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM trial").fetchall() == [(15,)]
        assert con.execute("SELECT count(*), min(status) FROM backfill_window").fetchall() == [(4, "completed")]
        assert con.execute("SELECT count(*) FROM sync_state").fetchall() == [(0,)]

    artifacts = requests.post(
        f"{api_url}/artifacts/filter", json={"artifacts": {"key": {"any_": ["backfill-report"]}}}, timeout=10
    ).json()
    assert artifacts, "no backfill-report artifact"
    report = artifacts[0]["data"]
    assert "| 2023-01-01 to 2023-04-30 | completed |" in report and "term=a" in report
    assert date(2023, 12, 31).isoformat() in report
    # The deployment's `report` parameter: the landscape report beside the warehouse.
    assert 'data-count="15"' in (tmp_path / "reports" / "landscape.html").read_text(encoding="utf-8")
    assert len(list((tmp_path / "runs").glob("*.md"))) == 5  # the backfill's report and each window's, beside the file
    limit = requests.get(f"{api_url}/v2/concurrency_limits/{writer_limit_name(db)}", timeout=10).json()
    assert limit["limit"] == 1  # created by the first run: one writer per warehouse, no setup step
