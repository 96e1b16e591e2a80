"""Distinct texts against repeated ones: what a document costs when no memo answers for it.

The throughput corpus (:mod:`benchmarks.throughput`) repeats 567 real studies and five seeds
with small changes, so after its first chunk the parse worker finds most criterion lines,
time frames and outcome fields in its memo caches. Real backfills bring distinct texts. This
benchmark ingests, cold and against a running server, every real record bundled in
``tests/data/ctgov`` (about 880 documents of every format, no two alike), then a generated
corpus of as many documents, and reports for each the wall time, the time over a bare one-task
flow, documents/s, and the CPU seconds of the whole process tree (user + system, workers
included) per document.

Usage: ``python -m benchmarks.unique_records [--rounds 2]`` (results in
``benchmarks/results/unique_records.json``; needs the ``test`` extra).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.fixed_cost import BARE_FLOW
from benchmarks.measure import ROOT, benchmark_server, compile_sources, timed, write_results
from benchmarks.throughput import generate

REAL = ROOT / "tests" / "data" / "ctgov"
RESULTS = Path(__file__).resolve().parent / "results" / "unique_records.json"


def children_cpu() -> float:
    """User + system CPU seconds of every child process waited for so far (their workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_ingest(folder: Path, db: Path, env: dict[str, str]) -> dict:
    """A cold ``trials ingest`` of ``folder``: wall, peak RSS, documents seen and CPU of the process tree."""
    before = children_cpu()
    run, stdout = timed([sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db)], env)
    summary = dict(line.split(": ", 1) for line in stdout.splitlines() if ": " in line)
    run["documents"] = int(summary["documents"].split(",")[0].split()[-1])
    run["cpu_s"] = round(children_cpu() - before, 2)
    return run


def measure(work: Path, env: dict[str, str], rounds: int) -> dict:
    """Alternate the real records and a generated corpus of as many documents, ``rounds`` times each."""
    runs: dict[str, list[dict]] = {"real": [], "generated": []}
    for number in range(rounds):
        runs["real"].append(cold_ingest(REAL, work / f"real-{number}.duckdb", env))
        generated = work / f"generated-{number}"
        generate(generated, runs["real"][-1]["documents"])
        runs["generated"].append(cold_ingest(generated, work / f"generated-{number}.duckdb", env))
    bare = statistics.median(timed([sys.executable, "-c", BARE_FLOW], env)[0]["wall_s"] for _ in range(3))
    results = {"bare_flow_s": bare}
    for name, measured in runs.items():
        wall, cpu = statistics.median(r["wall_s"] for r in measured), statistics.median(r["cpu_s"] for r in measured)
        documents = measured[0]["documents"]
        results[name] = {
            "documents": documents,
            "wall_s": [r["wall_s"] for r in measured],
            "over_bare_flow_s": round(wall - bare, 2),
            "documents_per_s": round(documents / wall, 1),
            "cpu_ms_per_document": round(cpu / documents * 1000, 2),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in measured),
        }
    return results


def markdown(results: dict) -> str:
    """The results as a README table."""
    lines = [
        "| corpus | documents | wall (each round) | over a bare flow (median) | documents/s | CPU a document |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("real", "generated"):
        run = results[name]
        lines.append(
            f"| {name} | {run['documents']} | {', '.join(f'{w} s' for w in run['wall_s'])} | "
            f"+{run['over_bare_flow_s']} s | {run['documents_per_s']:,.0f} | {run['cpu_ms_per_document']} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="trials-unique-") as tmp, benchmark_server(Path(tmp)) as env:
        results = measure(Path(tmp), env, args.rounds)
    write_results(args.out, results, markdown(results))


if __name__ == "__main__":
    main()
