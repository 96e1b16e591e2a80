"""Measure how exactly the flat outcome splitter recovers real ClinicalTrials.gov outcomes.

Each outcome of the real API v2 records is rendered the way the website's CSV and
the flat export render it (``", ".join`` of measure, description, time frame),
parsed back, and counted as exact only when all three parts match.

Usage: ``python -m benchmarks.outcome_split_accuracy [DATA_DIR]``
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tasks.parsers.outcome_split import split_outcome

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov"


def iter_studies(root: Path) -> Iterator[dict]:
    """Yield every distinct API v2 study object under ``root`` (by NCT id)."""
    seen: set[str] = set()
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        studies = data.get("studies", [data]) if isinstance(data, dict) else data
        for study in studies:
            nct = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
            if nct and nct not in seen:
                seen.add(nct)
                yield study


def render(outcome: dict) -> str:
    """Render one outcome in CT.gov's flat convention."""
    return ", ".join(p for p in (outcome.get("measure"), outcome.get("description"), outcome.get("timeFrame")) if p)


def measure(root: Path = DEFAULT_DIR) -> tuple[int, int, list[tuple[dict, object]]]:
    """Return ``(exact, total, failures)`` over every outcome under ``root``."""
    exact, total, failures = 0, 0, []
    for study in iter_studies(root):
        module = study.get("protocolSection", {}).get("outcomesModule", {})
        for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes"):
            for outcome in module.get(key, []):
                total += 1
                parts = split_outcome(render(outcome))
                keys = ("measure", "description", "timeFrame")
                expected = tuple((outcome.get(k) or "").strip() or None for k in keys)
                if (parts.measure, parts.description, parts.time_frame) == expected:
                    exact += 1
                else:
                    failures.append((outcome, parts))
    return exact, total, failures


def main() -> None:
    """Print the exact-recovery share."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    exact, total, _ = measure(root)
    print(f"outcome split: {exact}/{total} recovered exactly ({exact / total:.1%})")


if __name__ == "__main__":
    main()
