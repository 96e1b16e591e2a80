"""Limits the thirteenth session's classes read: made-up criteria in each class's shape, and one each leaves alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float]]:
    return {(t.variable, t.comparator, t.value) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chronic hepatitis B with HBV DNA > 10⁴ copies/mL", {("hbv dna", ">", 10000.0)}),
        ("Active hepatitis C (HCV RNA ≥ 10 ³ copies/mL)", {("hcv rna", ">=", 1000.0)}),
        ("HBV DNA ≥ 2 × 10³ IU/mL at screening", {("hbv dna", ">=", 2000.0)}),
    ],
)
def test_a_superscript_power_of_ten_before_copies_is_a_number(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_cell_counts_superscript_power_stays_its_unit() -> None:
    (row,) = extract_thresholds("Absolute neutrophil count ≥ 1.5 × 10⁹/L")
    assert (row.variable, row.comparator, row.value, row.unit) == ("anc", ">=", 1.5, "x 10^9/L")
