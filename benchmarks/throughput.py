"""Throughput benchmark: the real ``trials ingest`` on generated corpora, against its floors.

For each size it generates N documents mixing every supported format (45 % text layouts from
the seeds, 45 % single-study API JSON and 10 % one-row CSV downloads from the real records),
each with a unique registry id and a small textual change, then measures with a real DuckDB
file: a cold ingest, a no-op rerun, a rerun with 1 % of documents changed, and
``--full-refresh``. It also measures the floors on the same files (read and sha256 every
file; ``json.loads`` of every JSON file) and reports the ratio to them.

Usage: ``python -m benchmarks.throughput --sizes 10000 50000 100000`` (results in
``benchmarks/results/throughput.json``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "throughput.json"


def seed_texts() -> list[tuple[str, str]]:
    """The text-layout seeds as ``(name, text)``."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((DATA / "seeds").glob("*.txt"))]


def real_studies() -> list[dict]:
    """Distinct real API v2 studies from the website downloads."""
    from benchmarks.outcome_split_accuracy import iter_studies

    return list(iter_studies(DATA / "ctgov" / "website_json_export"))


def csv_rows() -> tuple[list[str], list[dict]]:
    """Header and rows of the real CSV download."""
    text = (DATA / "ctgov" / "csv_export" / "ctg-studies_export_heme_CART_245rows_2025-04.csv").read_text()
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def generate(folder: Path, size: int) -> dict[str, int]:
    """Write ``size`` documents into ``folder``; return how many of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    texts, studies, (header, rows) = seed_texts(), real_studies(), csv_rows()
    counts = {"text": 0, "json": 0, "csv": 0}
    for index in range(size):
        nct = f"NCT9{index:07d}"
        slot = index % 20
        if slot < 9:
            name, text = texts[index % len(texts)]
            text = text.replace("NCT06223646", nct).replace("\n", f" (variant {index})\n", 1)
            (folder / f"{index:07d}_{name}.txt").write_text(text, encoding="utf-8")
            counts["text"] += 1
        elif slot < 18:
            study = json.loads(json.dumps(studies[index % len(studies)]))
            ident = study["protocolSection"]["identificationModule"]
            ident["nctId"], ident["briefTitle"] = nct, f"{ident.get('briefTitle', '')} (variant {index})"
            (folder / f"{index:07d}.json").write_text(json.dumps(study), encoding="utf-8")
            counts["json"] += 1
        else:
            row = dict(rows[index % len(rows)], **{"NCT Number": nct})
            row["Study Title"] = f"{row['Study Title']} (variant {index})"
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header)
            writer.writeheader()
            writer.writerow(row)
            (folder / f"{index:07d}.csv").write_text(buffer.getvalue(), encoding="utf-8")
            counts["csv"] += 1
    return counts


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
    return {"read_hash_s": read_hash, "json_loads_s": time.perf_counter() - started}


def ingest(folder: Path, db: Path, home: Path, *extra: str) -> dict:
    """Run ``trials ingest`` in a child process; return wall time, peak RSS and the summary."""
    code = (
        "import json, resource, sys\n"
        "from flows.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "import tasks.parallel as p\n"
        "p._POOL and p._POOL.shutdown(wait=True)\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('RSS', json.dumps({'self_kb': me, 'children_kb': kids}), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "WARNING"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, "ingest", str(folder), "--db", str(db), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"ingest failed: {result.stderr[-2000:]}")
    rss = json.loads(next(line for line in result.stderr.splitlines() if line.startswith("RSS "))[4:])
    summary = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    rows = sum(int(part.split()[-1]) for part in summary.get("rows", "").split(", ") if part)
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(max(rss["self_kb"], rss["children_kb"]) / 1024, 1),
        "documents": summary.get("documents", ""),
        "rows": rows,
    }


def change_one_percent(folder: Path) -> int:
    """Edit 1 % of the documents (every hundredth file)."""
    changed = 0
    for path in sorted(folder.iterdir())[::100]:
        path.write_bytes(path.read_bytes().replace(b"variant", b"variant*", 1))
        changed += 1
    return changed


def run_size(size: int, work: Path) -> dict:
    """Every scenario for one corpus size."""
    corpus, db, home = work / f"corpus-{size}", work / f"w-{size}.duckdb", work / "prefect-home"
    started = time.perf_counter()
    kinds = generate(corpus, size)
    result = {
        "size": size,
        "kinds": kinds,
        "generate_s": round(time.perf_counter() - started, 1),
        "megabytes": round(sum(p.stat().st_size for p in corpus.iterdir()) / 1e6, 1),
        **floors(corpus),
    }
    ingest(corpus, work / "warm-up.duckdb", home)  # the first run in a new Prefect home creates its database
    for name, extra in (("cold", ()), ("noop", ()), ("changed_1pct", ()), ("full_refresh", ("--full-refresh",))):
        if name == "changed_1pct":
            result["changed_documents"] = change_one_percent(corpus)
        run = ingest(corpus, db, home, *extra)
        run["documents_per_s"] = round(size / run["wall_s"], 1)
        run["rows_per_s"] = round(run["rows"] / run["wall_s"], 1)
        run["ratio_to_read_hash_floor"] = round(run["wall_s"] / result["read_hash_s"], 1)
        result[name] = run
    result["cold"]["ratio_to_json_floor"] = round(result["cold"]["wall_s"] / max(result["json_loads_s"], 1e-9), 1)
    shutil.rmtree(corpus)
    return result


def main() -> None:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "runs": []}
    with tempfile.TemporaryDirectory(prefix="trials-bench-") as tmp:
        for size in args.sizes:
            run = run_size(size, Path(tmp))
            results["runs"].append(run)
            print(json.dumps(run, indent=1))
    per_doc = [(r["size"], r["cold"]["wall_s"] / r["size"] * 1000) for r in results["runs"]]
    print("cost curve (cold, ms per document): " + ", ".join(f"{s}: {ms:.2f}" for s, ms in per_doc))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
