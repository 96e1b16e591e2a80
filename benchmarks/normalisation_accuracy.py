"""Precision and recall of the normalisers against the labelled set in tests/data/labels.

Fields: endpoint domain, categories (per category), horizon (±0.01 day); criterion category,
thresholds (per threshold row, all six parts equal); dose (value, unit, min and max together,
and unit alone). Precision counts correct answers among the answers given (a non-empty
prediction); recall counts correct answers among the labelled non-empty values.

Usage: ``python -m benchmarks.normalisation_accuracy``
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from pathlib import Path

from tasks.normalize.criteria import categorize_criterion, extract_thresholds
from tasks.normalize.doses import parse_dose
from tasks.normalize.endpoints import classify_endpoint
from tasks.normalize.time_frames import parse_time_frame

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels"


@dataclass
class Score:
    """Counts behind one field's precision and recall."""

    correct_predicted: int = 0
    predicted: int = 0
    correct_labelled: int = 0
    labelled: int = 0

    @property
    def precision(self) -> float:
        """Correct among the answers given."""
        return self.correct_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Correct among the labelled values."""
        return self.correct_labelled / self.labelled if self.labelled else 1.0

    def add_single(self, predicted, expected, same=lambda a, b: a == b) -> None:
        """Score one single-valued field (``None`` means no answer / no label)."""
        hit = predicted is not None and expected is not None and same(predicted, expected)
        self.predicted += predicted is not None
        self.labelled += expected is not None
        self.correct_predicted += hit
        self.correct_labelled += hit

    def add_set(self, predicted: set, expected: set) -> None:
        """Score a multi-valued field item by item."""
        self.predicted += len(predicted)
        self.labelled += len(expected)
        self.correct_predicted += len(predicted & expected)
        self.correct_labelled += len(predicted & expected)


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (LABELS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def measure() -> dict[str, Score]:
    """Score every field over the labelled set."""
    scores = {
        name: Score()
        for name in (
            "endpoint.domain",
            "endpoint.categories",
            "endpoint.horizon_days",
            "criterion.category",
            "criterion_threshold",
            "arm.dose",
            "arm.dose_unit",
        )
    }
    for item in _load("endpoints.jsonl"):
        kind = classify_endpoint(item["measure"], item["description"])
        scores["endpoint.domain"].add_single(kind.domain, item["domain"])
        scores["endpoint.categories"].add_set(set(kind.categories), set(item["categories"]))
        horizon = parse_time_frame(item["time_frame"]).horizon_days
        scores["endpoint.horizon_days"].add_single(horizon, item["horizon_days"], lambda a, b: abs(a - b) < 0.01)
    for item in _load("criteria.jsonl"):
        scores["criterion.category"].add_single(categorize_criterion(item["text"]), item["category"])
        predicted = {astuple(t) for t in extract_thresholds(item["text"])}
        scores["criterion_threshold"].add_set(predicted, {tuple(t) for t in item["thresholds"]})
    for item in _load("doses.jsonl"):
        dose = parse_dose(item["text"])
        got = None if dose.unit is None else (dose.value, dose.unit, dose.minimum, dose.maximum)
        want = (
            None
            if item["dose_unit"] is None
            else (item["dose_value"], item["dose_unit"], item["dose_min"], item["dose_max"])
        )
        scores["arm.dose"].add_single(got, want)
        scores["arm.dose_unit"].add_single(dose.unit, item["dose_unit"])
    return scores


def main() -> None:
    """Print precision and recall per field."""
    counts = {name: len(_load(name)) for name in ("endpoints.jsonl", "criteria.jsonl", "doses.jsonl")}
    print("labelled: " + ", ".join(f"{n} {k.removesuffix('.jsonl')}" for k, n in counts.items()))
    print(f"{'field':24} {'precision':>9} {'recall':>7}  (correct/answers, correct/labelled)")
    for name, score in measure().items():
        print(
            f"{name:24} {score.precision:9.3f} {score.recall:7.3f}  ({score.correct_predicted}/{score.predicted}, "
            f"{score.correct_labelled}/{score.labelled})"
        )


if __name__ == "__main__":
    main()
