"""Timing a benchmark's child processes: wall time, peak memory over the process tree, bytecode."""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("flows", "tasks", "schemas", "warehouse")


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack += children.get(current, [])
    return total


def compile_sources() -> None:
    """Write the packages' bytecode before timing anything.

    An installed package's first import writes it; with ``PYTHONDONTWRITEBYTECODE`` set (as on
    some CI machines) every timed process would compile the sources again, about 0.3 s.
    """
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def timed(command: list[str], env: dict[str, str]) -> tuple[dict, str]:
    """Run ``command`` as a child process; return its wall time and peak tree RSS, and its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.1)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:4])} failed: {stderr[-2000:]}")
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(peak / 1024, 1)}, stdout


def server_env(home: Path) -> dict[str, str]:
    """Environment for runs against a local server; quiet logs."""
    return {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


@contextmanager
def benchmark_server(work: Path) -> Iterator[dict[str, str]]:
    """A long-running local Prefect server with its home in ``work``; yields the runs' environment."""
    sys.path.insert(0, str(ROOT / "tests"))
    from prefect_server import running_prefect_server

    with running_prefect_server(work) as (env, _):
        yield {**server_env(work / "prefect-home"), "PREFECT_API_URL": env["PREFECT_API_URL"]}


def write_results(path: Path, results: dict, table: str) -> None:
    """Write ``results`` as JSON to ``path`` and print ``table`` and where they went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(table)
    print(f"written {path}")
