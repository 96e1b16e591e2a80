"""dlt comparison benchmark: ``trials ingest`` against dlt 1.31.0 into DuckDB, on the same real API studies.

For each size it writes N single-study ClinicalTrials.gov API v2 JSON files, one study per file
as ``benchmarks.throughput.generate`` writes them: the distinct real studies of the reference
records as they are, then ``variant_study`` copies (a unique registry id and a changed title).
Then it times two loaders of that folder into a DuckDB file, each as a whole child process:

* ours: ``trials ingest FOLDER --db DB`` against a long-running local Prefect server (started
  here, stopped at the end; the server itself is not in our peak RSS);
* dlt: a ``dlt.resource`` that lists the folder and yields each file's ``json.loads``, with
  ``write_disposition="merge"`` and ``primary_key="nct_id"`` (a small map copies the NCT id to
  the top level), into ``dlt.destinations.duckdb`` with its pipelines dir in the work folder
  (``python -m benchmarks.dlt_compare --run-dlt FOLDER DB PIPELINES_DIR``; telemetry off).

Scenarios per size: ``cold`` (a new warehouse; a new pipelines dir and DuckDB file) and ``rerun``
(the same files again, unchanged, into what the last cold run made). The tools alternate run by
run (ours, dlt, ours, dlt...), ``--repeats`` pairs per scenario. It records every wall time and
peak RSS over the process tree (sampled every 0.1 s), reports medians and dlt/ours (> 1: ours is
faster), and what each delivered after the cold and rerun runs: our ``trial``, ``endpoint`` and
``criterion`` rows; dlt's tables (one per nested list) and their rows.

Usage: ``python -m benchmarks.dlt_compare [--sizes 567 10000] [--repeats 3] [--output PATH]``
(default sizes: every real study, then 10,000; results in ``benchmarks/results/dlt_compare.json``;
needs the ``bench`` and ``test`` extras).
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

import duckdb

from benchmarks.measure import benchmark_server, compile_sources, timed, write_results
from benchmarks.throughput import ingest, real_studies, variant_study

RESULTS = Path(__file__).resolve().parent / "results" / "dlt_compare.json"
TOOLS = ("ours", "dlt")
SCENARIOS = ("cold", "rerun")
DATASET = "ctgov"
OUR_TABLES = ("trial", "endpoint", "criterion")


def write_corpus(folder: Path, size: int, studies: list[dict]) -> float:
    """Write ``size`` single-study API JSON files into ``folder``; return their megabytes.

    The first files are ``studies`` as they are; past them, ``variant_study`` copies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(size):
        study = studies[index] if index < len(studies) else variant_study(studies[index % len(studies)], index)
        path = folder / f"{index:07d}.json"
        path.write_text(json.dumps(study), encoding="utf-8")
        total += path.stat().st_size
    return round(total / 1e6, 1)


def read_studies(folder: Path) -> Iterator[dict]:
    """Every study of ``folder``, one ``json.loads`` per file, in name order."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            yield json.loads(path.read_bytes())


def with_nct_id(study: dict) -> dict:
    """Copy the study's NCT id to a top-level ``nct_id`` (dlt's primary key)."""
    study["nct_id"] = study["protocolSection"]["identificationModule"]["nctId"]
    return study


def run_dlt(folder: Path, db: Path, pipelines_dir: Path) -> dict:
    """Load ``folder`` with dlt into ``db``; return the rows and tables dlt normalised in this run."""
    import dlt

    resource = dlt.resource(read_studies, name="study", write_disposition="merge", primary_key="nct_id")
    pipeline = dlt.pipeline(
        pipeline_name="ctgov_studies",
        pipelines_dir=str(pipelines_dir),
        destination=dlt.destinations.duckdb(str(db)),
        dataset_name=DATASET,
    )
    pipeline.run(resource(folder).add_map(with_nct_id))
    counts = pipeline.last_trace.last_normalize_info.row_counts
    data = {table: rows for table, rows in counts.items() if not table.startswith("_dlt")}
    return {"tables": len(data), "rows": sum(data.values())}


def dlt_process(corpus: Path, target: Path) -> dict:
    """Run the dlt side as its own process into ``target`` (DuckDB file and pipelines dir)."""
    command = [sys.executable, "-m", "benchmarks.dlt_compare", "--run-dlt", str(corpus)]
    command += [str(target / "dlt.duckdb"), str(target / "pipelines")]
    run, stdout = timed(command, {**os.environ, "RUNTIME__DLTHUB_TELEMETRY": "false"})
    normalised = json.loads(stdout.strip().splitlines()[-1])
    return {**run, "tables_normalised": normalised["tables"], "rows_normalised": normalised["rows"]}


def run_tool(tool: str, corpus: Path, target: Path, env: dict[str, str]) -> dict:
    """One timed run of ``tool`` on ``corpus`` into the warehouse under ``target``."""
    if tool == "dlt":
        return dlt_process(corpus, target)
    return ingest(corpus, target / "ours.duckdb", env)


def dlt_counts(con: duckdb.DuckDBPyConnection) -> dict:
    """dlt's data tables (not its ``_dlt`` bookkeeping), their rows, and the rows of the root table."""
    names = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = ? AND NOT starts_with(table_name, '_dlt')",
        [DATASET],
    ).fetchall()
    rows = {name: con.execute(f'SELECT count(*) FROM {DATASET}."{name}"').fetchone()[0] for (name,) in names}
    return {"tables": len(rows), "rows": sum(rows.values()), "study_rows": rows.get("study", 0)}


def produced(tool: str, target: Path) -> dict:
    """What ``tool`` has in its warehouse under ``target``: rows and the file's size."""
    db = target / f"{tool}.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        if tool == "dlt":
            counts = dlt_counts(con)
        else:
            counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in OUR_TABLES}
    return {**counts, "warehouse_mb": round(db.stat().st_size / 1e6, 1)}


def run_size(size: int, work: Path, env: dict[str, str], repeats: int, studies: list[dict]) -> dict:
    """Both scenarios for one corpus size, the tools alternating run by run."""
    corpus = work / f"corpus-{size}"
    result: dict = {"size": size, "megabytes": write_corpus(corpus, size, studies), "produced": {}}
    targets = {tool: work / f"{tool}-{size}" for tool in TOOLS}
    for scenario in SCENARIOS:
        runs: dict[str, list[dict]] = {tool: [] for tool in TOOLS}
        for repeat in range(repeats):
            for tool in TOOLS:
                if scenario == "cold":
                    shutil.rmtree(targets[tool], ignore_errors=True)
                    targets[tool].mkdir()
                runs[tool].append(run_tool(tool, corpus, targets[tool], env))
                print(f"  {size} {scenario} #{repeat + 1} {tool}: {runs[tool][-1]}", flush=True)
        result[scenario] = {**{tool: runs[tool] for tool in TOOLS}, **summary(runs)}
        result["produced"][f"after_{scenario}"] = {tool: produced(tool, targets[tool]) for tool in TOOLS}
    shutil.rmtree(corpus)
    for target in targets.values():
        shutil.rmtree(target)
    return result


def summary(runs: dict[str, list[dict]]) -> dict:
    """Median wall time and peak RSS of each tool, and the wall-time ratio dlt/ours."""
    medians = {
        f"{tool}_median_{key}": round(statistics.median(run[key] for run in runs[tool]), 2)
        for tool in TOOLS
        for key in ("wall_s", "peak_rss_mb")
    }
    ratio = medians["dlt_median_wall_s"] / max(medians["ours_median_wall_s"], 0.01)
    return {**medians, "ratio_dlt_to_ours": round(ratio, 2)}


def markdown(results: dict) -> str:
    """The medians as a table, then what each tool delivered after the cold runs."""
    lines = [
        "| studies | scenario | ours (median) | dlt (median) | dlt / ours | ours peak RSS | dlt peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        for scenario in SCENARIOS:
            s = run[scenario]
            lines.append(
                f"| {run['size']:,} | {scenario} | {s['ours_median_wall_s']} s | {s['dlt_median_wall_s']} s | "
                f"{s['ratio_dlt_to_ours']} | {s['ours_median_peak_rss_mb']:,.0f} MB | "
                f"{s['dlt_median_peak_rss_mb']:,.0f} MB |"
            )
    lines.append("")
    for run in results["runs"]:
        ours, dlt = run["produced"]["after_cold"]["ours"], run["produced"]["after_cold"]["dlt"]
        lines.append(
            f"{run['size']:,} studies ({run['megabytes']} MB), after cold: ours "
            + ", ".join(f"{t} {ours[t]:,}" for t in OUR_TABLES)
            + f" ({ours['warehouse_mb']} MB); dlt {dlt['tables']} tables, {dlt['rows']:,} rows"
            + f" ({dlt['warehouse_mb']} MB)"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: sizes, repeats and output, or ``--run-dlt FOLDER DB PIPELINES_DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="default: every real study, then 10000")
    parser.add_argument("--repeats", type=int, default=3, help="pairs of runs per scenario and size")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--run-dlt", nargs=3, type=Path, metavar=("FOLDER", "DB", "PIPELINES_DIR"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write the results (or, with ``--run-dlt``, be the dlt side)."""
    args = parse_args(argv)
    if args.run_dlt:
        print(json.dumps(run_dlt(*args.run_dlt)))
        return
    import dlt

    compile_sources()
    studies = real_studies()
    sizes = args.sizes or [len(studies), 10_000]
    results: dict = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "versions": {"dlt": dlt.__version__, "duckdb": duckdb.__version__},
        "real_studies": len(studies),
        "repeats": args.repeats,
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="trials-dlt-bench-") as tmp:
        work = Path(tmp)
        with benchmark_server(work) as env:
            for size in sizes:
                results["runs"].append(run_size(size, work, env, args.repeats, studies))
    write_results(args.output, results, markdown(results))


if __name__ == "__main__":
    main()
