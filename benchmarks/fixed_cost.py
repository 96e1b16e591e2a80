"""Fixed cost of a run: ``trials ingest`` of one document against a bare one-task Prefect flow.

All run as whole processes against the same long-running local Prefect server (started here,
stopped at the end), in turn within each round: a one-document ingest into a new warehouse,
a no-op rerun of it (the file unchanged), a second document added to the folder and ingested
(one new document into an existing warehouse), and two yardsticks: a flow that runs one task
and nothing else, and the same flow taking one parameter (Prefect then imports FastAPI to
serialise the parameters, as it does for every flow with parameters). It reports each one's
median wall time and, per round, its difference to the bare flow (median of the differences),
which is what the targets speak of (one-document ingest at most bare + 1 s).

Usage: ``python -m benchmarks.fixed_cost [--runs 9]`` (results in
``benchmarks/results/fixed_cost.json``; needs the ``test`` extra for the server helper).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.measure import ROOT, benchmark_server, compile_sources, timed, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "fixed_cost.json"
SEED = ROOT / "examples" / "documents"
BARE_FLOW = """
from prefect import flow, task


@task
def one() -> int:
    return 1


@flow
def bare() -> int:
    return one()


bare()
"""
# The same flow with one parameter: Prefect imports FastAPI to serialise any flow's parameters.
WITH_PARAMETER = BARE_FLOW.replace("def bare()", "def bare(paths: list[str])").replace("\nbare()", "\nbare(['x'])")


def round_commands(work: Path, run: int) -> Iterator[tuple[str, list[str]]]:
    """The measured commands of round ``run``, in order (a new warehouse and folder each round)."""
    folder, db = work / f"in{run}", work / f"w{run}" / "trials.duckdb"
    folder.mkdir()
    db.parent.mkdir()
    first, second = sorted(SEED.iterdir())[:2]
    shutil.copy(first, folder)
    ingest = [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db)]
    yield "ingest_one", ingest
    yield "noop_rerun", ingest
    shutil.copy(second, folder)
    yield "ingest_added", ingest
    yield "bare_flow", [sys.executable, "-c", BARE_FLOW]
    yield "bare_flow_with_parameter", [sys.executable, "-c", WITH_PARAMETER]


def measure(work: Path, env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Wall seconds of every run of each command, the commands taking turns within each round."""
    walls: dict[str, list[float]] = {}
    for run in range(runs):
        for name, command in round_commands(work, run):
            walls.setdefault(name, []).append(timed(command, env)[0]["wall_s"])
        print(f"  round {run + 1}: " + ", ".join(f"{n} {w[-1]} s" for n, w in walls.items()), flush=True)
    return walls


def summary(walls: dict[str, list[float]]) -> dict[str, float]:
    """Each command's median, and the median over rounds of its difference to the bare flow."""
    medians = {f"{name}_median_s": round(statistics.median(values), 2) for name, values in walls.items()}
    bare = walls["bare_flow"]
    over = {
        f"{name}_over_bare_s": round(statistics.median(a - b for a, b in zip(values, bare, strict=True)), 2)
        for name, values in walls.items()
        if name != "bare_flow"
    }
    return {**medians, **over}


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark, print the medians and write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="trials-fixed-cost-") as tmp:
        work = Path(tmp)
        with benchmark_server(work) as env:
            walls = measure(work, env, args.runs)
    results = {"machine": {"cores": os.cpu_count()}, "runs": walls, **summary(walls)}
    write_results(args.output, results, json.dumps(summary(walls), indent=1))


if __name__ == "__main__":
    main()
