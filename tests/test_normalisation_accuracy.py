"""Precision and recall of the normalisers on the labelled set hold today's figures (README)."""

import pytest

from benchmarks.normalisation_accuracy import measure

# Measured on 2026-11-21 (python -m benchmarks.normalisation_accuracy), rounded down; never lower than this.
FLOORS = {
    "endpoint.domain": (0.952, 0.952),
    "endpoint.categories": (0.940, 0.956),
    "endpoint.horizon_days": (1.0, 1.0),
    "criterion.category": (0.951, 0.951),
    "criterion_threshold": (0.985, 0.933),
    "arm.dose": (0.986, 0.986),
    "arm.dose_unit": (0.993, 0.993),
}


@pytest.fixture(scope="module")
def scores():
    return measure()


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_precision_and_recall_hold_their_floor(scores, field):
    precision_floor, recall_floor = FLOORS[field]
    assert scores[field].precision >= max(0.9, precision_floor - 1e-9)
    assert scores[field].recall >= max(0.9, recall_floor - 1e-9)


def test_the_labelled_set_is_large_enough(scores):
    assert scores["endpoint.horizon_days"].labelled >= 150
    assert scores["criterion.category"].labelled >= 150
    assert scores["arm.dose"].labelled >= 100
