"""Normalisation cost per document on the real API v2 records in tests/data/ctgov.

Parses every study of ``studies`` and ``more_studies`` once, then times, with every memo cache
cleared, the normalisers a document's rows call: endpoint classification and time frame of every
endpoint, category and thresholds of every criterion, and (where it exists) each threshold's
canonical unit; pint's unit registry is built before timing (a fixed cost per process, ~0.75 s).
Reports the best of ``--repeat`` runs in
milliseconds per document (the best run is the one least disturbed by other processes).

Usage: ``python -m benchmarks.normalisation_cost [--repeat 5]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tasks.documents import discover_files, read_documents
from tasks.normalize.criteria import categorize_criterion, extract_thresholds
from tasks.normalize.endpoints import classify_endpoint
from tasks.normalize.time_frames import parse_time_frame
from tasks.pipeline import parse_documents

try:  # absent before the canonical units existed; the script times whatever normalisers there are
    from tasks.normalize import units
except ImportError:  # pragma: no cover
    units = None

CTGOV = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov"
NORMALISERS = (categorize_criterion, extract_thresholds, classify_endpoint, parse_time_frame)


def records() -> list:
    """Every distinct real study's parsed record."""
    parsed = parse_documents(read_documents(discover_files([CTGOV / "studies", CTGOV / "more_studies"])))
    return list({p.record.registry_id: p.record for p in parsed if p.record is not None}.values())


def _clear() -> None:
    for function in NORMALISERS:
        for inner in (function, getattr(function, "__wrapped__", None)):
            if hasattr(inner, "cache_clear"):
                inner.cache_clear()
    from tasks.normalize import criteria, thresholds, time_frames

    for module in (criteria, thresholds, time_frames, units):
        if module is None:
            continue
        for name, value in vars(module).items():
            if hasattr(value, "cache_clear") and name != "_registry":  # the registry is per process, not per text
                value.cache_clear()


def one_pass(studies: list) -> float:
    """Seconds to normalise every endpoint and criterion of ``studies`` from cold caches."""
    _clear()
    start = time.perf_counter()
    for record in studies:
        for endpoint in record.endpoints:
            classify_endpoint(endpoint.measure, endpoint.description)
            parse_time_frame(endpoint.time_frame)
        for criterion in record.criteria:
            categorize_criterion(criterion.text)
            for threshold in extract_thresholds(criterion.text):
                if units is not None:
                    units.to_canonical(threshold.variable, threshold.value, threshold.unit)
    return time.perf_counter() - start


def main() -> None:
    """Print the best per-document cost over a few cold runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    studies = records()
    if units is not None:
        units._registry()
    endpoints = sum(len(r.endpoints) for r in studies)
    criteria = sum(len(r.criteria) for r in studies)
    best = min(one_pass(studies) for _ in range(args.repeat))
    print(f"{len(studies)} studies, {endpoints} endpoints, {criteria} criteria")
    print(f"normalisation: {best * 1000 / len(studies):.3f} ms per document (best of {args.repeat} cold runs)")


if __name__ == "__main__":
    main()
