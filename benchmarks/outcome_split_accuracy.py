"""Measure how exactly the flat outcome splitter recovers real ClinicalTrials.gov outcomes.

Each outcome of the real API v2 records is rendered the way the website's CSV and
the flat export render it (``", ".join`` of measure, description, time frame),
parsed back, and counted as exact only when all three parts match.

Usage: ``python -m benchmarks.outcome_split_accuracy [DATA_DIR] [--folds K]``. With folds, the
studies are split by trial and each fold is split by a segmenter trained on the other folds
(the figure for records the model never saw); without, the shipped model splits everything.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from tasks.parsers.outcome_split import split_outcome_list
from tasks.parsers.segmenter import trained_on
from tasks.train_segmenter import iter_studies, outcome_lists, prose

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "ctgov"


def render(outcome: dict) -> str:
    """Render one outcome in CT.gov's flat convention."""
    return ", ".join(p for p in (outcome.get("measure"), outcome.get("description"), outcome.get("timeFrame")) if p)


def measure(root: Path = DEFAULT_DIR, folds: int = 1) -> tuple[int, int, list[tuple[dict, object]]]:
    """Return ``(exact, total, failures)`` over every outcome under ``root``."""
    studies = list(iter_studies(root))
    if folds < 2:
        return _measure(studies)
    exact, total, failures = 0, 0, []
    for fold in range(folds):
        held_out = [s for s in studies if fold_of(s, folds) == fold]
        trained = [s for s in studies if fold_of(s, folds) != fold]
        with trained_on([outcome_lists(s) for s in trained], [p for s in trained for p in prose(s)]):
            fold_exact, fold_total, fold_failures = _measure(held_out)
        exact, total, failures = exact + fold_exact, total + fold_total, failures + fold_failures
    return exact, total, failures


def fold_of(study: dict, folds: int) -> int:
    """The fold of a study, by a stable hash of its NCT id."""
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    return int(hashlib.sha256(nct.encode("utf-8")).hexdigest(), 16) % folds


def _measure(studies: list[dict]) -> tuple[int, int, list[tuple[dict, object]]]:
    """Split every outcome of ``studies``, one list at a time, and count exact recoveries."""
    exact, total, failures = 0, 0, []
    for study in studies:
        module = study.get("protocolSection", {}).get("outcomesModule", {})
        for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes"):
            outcomes = module.get(key, [])
            field = "|".join(render(o) for o in outcomes)
            for outcome, parts in zip(outcomes, split_outcome_list(field), strict=False):
                total += 1
                keys = ("measure", "description", "timeFrame")
                expected = tuple((outcome.get(k) or "").strip() or None for k in keys)
                if (parts.measure, parts.description, parts.time_frame) == expected:
                    exact += 1
                else:
                    failures.append((outcome, parts))
    return exact, total, failures


def main() -> None:
    """Print the exact-recovery share."""
    args = sys.argv[1:]
    folds = int(args[args.index("--folds") + 1]) if "--folds" in args else 1
    paths = [a for a in args if not a.startswith("--") and not a.isdigit()]
    exact, total, _ = measure(Path(paths[0]) if paths else DEFAULT_DIR, folds)
    scope = f"cross-validated over {folds} folds by trial" if folds > 1 else "shipped model"
    print(f"outcome split ({scope}): {exact}/{total} recovered exactly ({exact / total:.1%})")


if __name__ == "__main__":
    main()
