"""``--task-runner dask``: batches are prepared on a Dask cluster, the warehouse is written here.

Both paths run on a real local Dask cluster (worker processes), through the real flow and a
real DuckDB file, and must give exactly the tables of the default process-pool run.
"""

import shutil

import pytest
from conftest import CTGOV, SEEDS, dump_tables
from dask.utils import key_split
from distributed import Client, LocalCluster, get_task_stream

from flows.cli import main
from flows.runners import RunnerError, task_runner
from schemas.tables import TRIAL_TABLES

pytestmark = pytest.mark.usefixtures("prefect_harness")
DUMPED = [*TRIAL_TABLES, "raw_document"]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-inbox")
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder)
    for export in sorted((CTGOV / "website_json_export").glob("*.json")):
        shutil.copy(export, folder)
    return folder


@pytest.fixture(scope="module")
def local_tables(inbox, tmp_path_factory):
    db = tmp_path_factory.mktemp("local") / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db)]) == 0
    return dump_tables(db, DUMPED, {"raw_document": {"stored_at"}})


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def test_an_existing_cluster_prepares_the_batches_and_the_tables_match(inbox, local_tables, cluster, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    with Client(cluster.scheduler_address) as client, get_task_stream(client) as stream:
        status = main(
            ["ingest", str(inbox), "--db", str(db), "--batch-size", "4", "--dask-address", cluster.scheduler_address]
        )
    assert status == 0, capsys.readouterr().err
    ran_on_cluster = {key_split(task["key"]) for task in stream.data}
    assert any("prepare" in key for key in ran_on_cluster), ran_on_cluster
    assert not any("load" in key for key in ran_on_cluster)  # one writer: this process
    assert dump_tables(db, DUMPED, {"raw_document": {"stored_at"}}) == local_tables
    assert cluster.status.name == "running"  # a cluster we did not start is left running


def test_a_local_cluster_is_started_and_stopped_for_the_run(inbox, local_tables, tmp_path):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--task-runner", "dask"]) == 0
    assert dump_tables(db, DUMPED, {"raw_document": {"stored_at"}}) == local_tables


def test_runner_choices_are_checked_before_anything_runs(tmp_path, capsys):
    with pytest.raises(RunnerError, match="needs --task-runner dask"):
        task_runner("processes", "tcp://127.0.0.1:8786")
    assert (
        main(
            [
                "ingest",
                str(SEEDS),
                "--db",
                str(tmp_path / "w.duckdb"),
                "--task-runner",
                "processes",
                "--dask-address",
                "tcp://127.0.0.1:1",
            ]
        )
        == 2
    )
    assert "needs --task-runner dask" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()
