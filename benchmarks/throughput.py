"""Throughput benchmark: the real ``trials ingest`` on generated corpora, against its floors.

For each size it generates N documents mixing every supported format (45 % text layouts from
the seeds, 45 % single-study API JSON and 10 % one-row CSV downloads from the real records),
each with a unique registry id and a small textual change, then measures with a real DuckDB
file: a cold ingest, a no-op rerun (median of three), a rerun with 1 % of documents changed,
and ``--full-refresh``; after each, a bare one-task Prefect flow against the same server (median
of three), over which each scenario's time is also given. It also measures the floors on the
same files (read and sha256 every file; ``json.loads`` of every JSON file) and reports the ratio
to them. Separately it
ingests API pages of real-shaped studies (``--api-studies``, 1,000 per page) against their
``json.loads`` floor, and the fixed cost of ingesting one document.

Runs use a long-running local Prefect server (started here, stopped at the end), as a
scheduled deployment would; the fixed-cost section also measures Prefect's temporary server.
Peak RSS is the sum over the ``trials`` process and its worker processes, sampled every 0.1 s.

Usage: ``python -m benchmarks.throughput --sizes 10000 50000 100000 --api-studies 51000``
(results in ``benchmarks/results/throughput.json``; needs the ``test`` extra).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fixed_cost import BARE_FLOW
from benchmarks.measure import ROOT, benchmark_server, compile_sources, timed, write_results

DATA = ROOT / "tests" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "throughput.json"
SCENARIOS = (("cold", ()), ("noop", ()), ("changed_1pct", ()), ("full_refresh", ("--full-refresh",)))


def seed_texts() -> list[tuple[str, str]]:
    """The text-layout seeds as ``(name, text)``."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((DATA / "seeds").glob("*.txt"))]


def real_studies() -> list[dict]:
    """Every distinct real API v2 study among the reference records."""
    from benchmarks.outcome_split_accuracy import iter_studies

    return list(iter_studies(DATA / "ctgov"))


def csv_rows() -> tuple[list[str], list[dict]]:
    """Header and rows of the real CSV download."""
    text = (DATA / "ctgov" / "csv_export" / "ctg-studies_export_heme_CART_245rows_2025-04.csv").read_text()
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def variant_study(study: dict, index: int) -> dict:
    """A copy of ``study`` with a unique NCT id and a changed title."""
    copy = json.loads(json.dumps(study))
    ident = copy["protocolSection"]["identificationModule"]
    ident["nctId"], ident["briefTitle"] = f"NCT9{index:07d}", f"{ident.get('briefTitle', '')} (variant {index})"
    return copy


def generate(folder: Path, size: int) -> dict[str, int]:
    """Write ``size`` documents into ``folder``; return how many of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    texts, studies, (header, rows) = seed_texts(), real_studies(), csv_rows()
    counts = {"text": 0, "json": 0, "csv": 0}
    for index in range(size):
        slot = index % 20
        if slot < 9:
            name, text = texts[index % len(texts)]
            text = text.replace("NCT06223646", f"NCT9{index:07d}").replace("\n", f" (variant {index})\n", 1)
            (folder / f"{index:07d}_{name}.txt").write_text(text, encoding="utf-8")
            counts["text"] += 1
        elif slot < 18:
            study = variant_study(studies[index % len(studies)], index)
            (folder / f"{index:07d}.json").write_text(json.dumps(study), encoding="utf-8")
            counts["json"] += 1
        else:
            row = dict(rows[index % len(rows)], **{"NCT Number": f"NCT9{index:07d}"})
            row["Study Title"] = f"{row['Study Title']} (variant {index})"
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header)
            writer.writeheader()
            writer.writerow(row)
            (folder / f"{index:07d}.csv").write_text(buffer.getvalue(), encoding="utf-8")
            counts["csv"] += 1
    return counts


def generate_api_pages(folder: Path, count: int, per_page: int = 1000) -> int:
    """Write ``count`` real-shaped studies as API pages (``{"studies": [...]}``); return the pages."""
    folder.mkdir(parents=True, exist_ok=True)
    studies = real_studies()
    pages = 0
    for start in range(0, count, per_page):
        page = [variant_study(studies[i % len(studies)], i) for i in range(start, min(count, start + per_page))]
        (folder / f"page-{pages:05d}.json").write_text(json.dumps({"studies": page}), encoding="utf-8")
        pages += 1
    return pages


def floors(folder: Path) -> dict[str, float]:
    """Seconds to read and hash every file, and to ``json.loads`` every JSON file."""
    files = sorted(folder.iterdir())
    started = time.perf_counter()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    read_hash = time.perf_counter() - started
    started = time.perf_counter()
    for path in files:
        if path.suffix == ".json":
            json.loads(path.read_bytes())
    return {"read_hash_s": round(read_hash, 2), "json_loads_s": round(time.perf_counter() - started, 2)}


def ingest(folder: Path, db: Path, env: dict[str, str], *extra: str) -> dict:
    """Run ``trials ingest`` in a child process; return wall time, peak tree RSS and the summary."""
    command = [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db), *extra]
    run, stdout = timed(command, env)
    summary = dict(line.split(": ", 1) for line in stdout.splitlines() if ": " in line)
    rows = sum(int(part.split()[-1]) for part in summary.get("rows", "").split(", ") if part)
    return {**run, "documents": summary["documents"], "rows": rows}


def rates(run: dict, documents: int, floor: dict) -> dict:
    """Add documents/s, rows/s and the ratios to the floors."""
    run["documents_per_s"] = round(documents / run["wall_s"], 1)
    run["rows_per_s"] = round(run["rows"] / run["wall_s"], 1)
    run["ratio_to_read_hash_floor"] = round(run["wall_s"] / max(floor["read_hash_s"], 0.01), 1)
    return run


def change_one_percent(folder: Path) -> int:
    """Edit 1 % of the documents (every hundredth file)."""
    changed = 0
    for path in sorted(folder.iterdir())[::100]:
        path.write_bytes(path.read_bytes().replace(b"variant", b"variant*", 1))
        changed += 1
    return changed


def run_size(size: int, work: Path, env: dict[str, str]) -> dict:
    """Every scenario for one corpus size."""
    corpus, db = work / f"corpus-{size}", work / f"w-{size}.duckdb"
    started = time.perf_counter()
    kinds = generate(corpus, size)
    result = {
        "size": size,
        "kinds": kinds,
        "generate_s": round(time.perf_counter() - started, 1),
        "megabytes": round(sum(p.stat().st_size for p in corpus.iterdir()) / 1e6, 1),
        **floors(corpus),
    }
    for name, extra in SCENARIOS:
        if name == "changed_1pct":
            result["changed_documents"] = change_one_percent(corpus)
        result[name] = rates(ingest(corpus, db, env, *extra), size, result)
        if name == "noop":  # cheap and the subject of a target: the median of three
            runs = [result[name]] + [rates(ingest(corpus, db, env), size, result) for _ in range(2)]
            result[name] = sorted(runs, key=lambda run: run["wall_s"])[1]
        bare = statistics.median(timed([sys.executable, "-c", BARE_FLOW], env)[0]["wall_s"] for _ in range(3))
        result[name]["over_bare_flow_s"] = round(result[name]["wall_s"] - bare, 2)
        print(f"  {size} {name}: {result[name]} (bare flow {bare} s)", flush=True)
    result["cold"]["ratio_to_json_floor"] = round(result["cold"]["wall_s"] / max(result["json_loads_s"], 0.01), 1)
    result["warehouse_mb"] = round(db.stat().st_size / 1e6, 1)
    shutil.rmtree(corpus)
    db.unlink()
    return result


def run_api(count: int, work: Path, env: dict[str, str]) -> dict:
    """Cold ingest of ``count`` real-shaped API studies in pages, against ``json.loads`` of the pages."""
    pages_dir, db = work / "api-pages", work / "api.duckdb"
    pages = generate_api_pages(pages_dir, count)
    result = {
        "studies": count,
        "pages": pages,
        "megabytes": round(sum(p.stat().st_size for p in pages_dir.iterdir()) / 1e6, 1),
        **floors(pages_dir),
    }
    cold = rates(ingest(pages_dir, db, env), count, result)
    cold["ratio_to_json_floor"] = round(cold["wall_s"] / max(result["json_loads_s"], 0.01), 1)
    result["cold"] = cold
    shutil.rmtree(pages_dir)
    db.unlink()
    return result


def fixed_cost(work: Path, server_env: dict[str, str]) -> dict:
    """Wall seconds of ingesting one document: fresh and reused Prefect home, and a running server."""
    one = work / "one"
    one.mkdir()
    shutil.copy(DATA / "seeds" / sorted(p.name for p in (DATA / "seeds").glob("*.txt"))[0], one)
    temporary = {k: v for k, v in server_env.items() if k != "PREFECT_API_URL"}
    costs = {}
    for name, env, home in (
        ("fresh_prefect_home_s", temporary, work / "fresh-home"),
        ("reused_prefect_home_s", temporary, work / "fresh-home"),
        ("running_prefect_server_s", server_env, None),
    ):
        run_env = {**env, "PREFECT_HOME": str(home)} if home else env
        costs[name] = ingest(one, work / f"one-{name}.duckdb", run_env)["wall_s"]
    return costs


def markdown(results: dict) -> str:
    """The results as the README's tables."""
    lines = [
        "| documents | scenario | wall | over a bare flow | documents/s | rows/s | peak RSS | × read+hash floor "
        "| × json.loads floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        for name, _ in SCENARIOS:
            scenario = run[name]
            json_ratio = scenario.get("ratio_to_json_floor", "")
            lines.append(
                f"| {run['size']:,} | {name} | {scenario['wall_s']} s | +{scenario.get('over_bare_flow_s', '?')} s | "
                f"{scenario['documents_per_s']:,.0f} | "
                f"{scenario['rows_per_s']:,.0f} | {scenario['peak_rss_mb'] / 1024:.2f} GB | "
                f"{scenario['ratio_to_read_hash_floor']} | {json_ratio} |"
            )
        lines.append(
            f"| {run['size']:,} | floors | read+hash {run['read_hash_s']} s, json.loads {run['json_loads_s']} s "
            f"({run['megabytes']} MB) | | | | | | |"
        )
    if "api" in results:
        api = results["api"]
        cold = api["cold"]
        lines.append(
            f"| {api['studies']:,} API studies ({api['pages']} pages, {api['megabytes']} MB) | cold | "
            f"{cold['wall_s']} s | | "
            f"{cold['documents_per_s']:,.0f} | {cold['rows_per_s']:,.0f} | {cold['peak_rss_mb'] / 1024:.2f} GB | "
            f"{cold['ratio_to_read_hash_floor']} | {cold['ratio_to_json_floor']} (json.loads {api['json_loads_s']} s) |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--api-studies", type=int, default=0, help="also ingest this many API studies in pages")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    compile_sources()
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "runs": []}
    with tempfile.TemporaryDirectory(prefix="trials-bench-") as tmp:
        work = Path(tmp)
        with benchmark_server(work) as env:
            results["fixed_cost"] = fixed_cost(work, env)
            print(f"fixed cost: {results['fixed_cost']}", flush=True)
            for size in args.sizes:
                results["runs"].append(run_size(size, work, env))
            if args.api_studies:
                results["api"] = run_api(args.api_studies, work, env)
                print(f"api: {results['api']}", flush=True)
    per_doc = [(r["size"], r["cold"]["wall_s"] / r["size"] * 1000) for r in results["runs"]]
    results["cost_curve_ms_per_document"] = {str(s): round(ms, 3) for s, ms in per_doc}
    print("cost curve (cold, ms per document): " + ", ".join(f"{s}: {ms:.2f}" for s, ms in per_doc))
    write_results(args.out, results, markdown(results))


if __name__ == "__main__":
    main()
