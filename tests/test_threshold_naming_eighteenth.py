"""The eighteenth session's naming rules: made-up criteria in each shape, asserting the exact rows, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float, str | None]]:
    return {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Concomitant antiplatelet agents allowed (ticagrelor, dose ≤ 180 mg/day; prasugrel, dose ≤ 10 mg/day).",
            {("ticagrelor dose", "<=", 180.0, "mg/day"), ("prasugrel dose", "<=", 10.0, "mg/day")},
        ),
        ("Low-dose warfarin (daily dose ≤ 2 mg) is permitted.", {("warfarin daily dose", "<=", 2.0, "mg")}),
    ],
)
def test_a_bare_dose_is_named_by_the_drug_before_it(text: str, expected: set) -> None:
    # "dose" alone says nothing of what is dosed, and would make two drugs' caps one name
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The dose > 5 mg/kg of any study drug.", {("dose", ">", 5.0, "mg/kg")}),
        ("Prior radiotherapy to the chest, dose > 30 Gy.", {("dose", ">", 30.0, "Gy")}),
        ("On stable dose for at least 6 weeks", {("stable dose", ">=", 6.0, "weeks")}),
    ],
)
def test_a_dose_with_no_drug_before_it_keeps_its_name(text: str, expected: set) -> None:
    # no drug next to it, a radiation dose (a site before it), or a stable dose of whatever the sentence is about
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Has consumed pomelo, pomelo products, bitter oranges or limes within 5 days of the first dose.",
            {("pomelo, bitter oranges or limes", "<=", 5.0, "days")},
        ),
        (
            "Has consumed pomelo, pomelo products, or bitter oranges within 5 days of the first dose.",
            {("pomelo or bitter oranges", "<=", 5.0, "days")},
        ),
        ("Has consumed grapefruit or grapefruit juice within 7 days before dosing.", {("grapefruit", "<=", 7.0, "days")}),
    ],
)
def test_what_is_made_of_a_listed_food_is_that_food(text: str, expected: set) -> None:
    # "X, X products" says X twice: one food list, one name however it is spelled out
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Consumed grapefruit juice within 7 days before dosing.", {("grapefruit juice", "<=", 7.0, "days")}),
        ("Use of tobacco products within 30 days of screening.", {("tobacco products", "<=", 30.0, "days")}),
    ],
)
def test_products_of_a_food_not_listed_before_keep_their_name(text: str, expected: set) -> None:
    assert _rows(text) == expected
