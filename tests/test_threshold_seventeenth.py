"""The seventeenth session's readers: made-up criteria in each new shape, asserting the exact rows, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float, str | None]]:
    return {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Diastolic blood pressure above 90 mmHg if younger than 65 years of age and above 95 mmHg if older",
            {("diastolic_bp", ">", 90.0, "mmHg"), ("age", "<", 65.0, "years"), ("diastolic_bp", ">", 95.0, "mmHg")},
        ),
        ("8 years of age) at least 60% (see the appendix)", {("age", "=", 8.0, "years")}),
    ],
)
def test_an_age_group_does_not_name_a_limit_in_another_unit(text: str, expected: set) -> None:
    # an age is counted in time units: a limit in mmHg or % after an age group is the earlier quantity's, or nobody's
    assert _rows(text) == expected


def test_an_age_in_years_keeps_its_name() -> None:
    assert _rows("Adults aged at least 21 years") == {("age", ">=", 21.0, "years")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Former smokers with a cigarette smoking history of over 30 pack years",
            {("smoking history", ">", 30.0, "pack years")},
        ),
        ("Current smokers with at least 15 pack-years", {("smoking history", ">=", 15.0, "pack-years")}),
    ],
)
def test_a_limit_in_pack_years_is_the_smoking_history(text: str, expected: set) -> None:
    # pack-years measure one quantity, whatever words the clause puts before it
    assert _rows(text) == expected


def test_a_smoking_limit_in_another_unit_keeps_its_name() -> None:
    assert _rows("Smoking more than 10 cigarettes per day") == {("smoking", ">", 10.0, None)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chronic GVHD > grade 1", {("gvhd_grade", ">", 1.0, None)}),
        ("Acute graft-versus-host disease < grade 2 is allowed", {("gvhd_grade", "<", 2.0, None)}),
    ],
)
def test_a_comparator_before_the_gvhd_grade_word_is_read(text: str, expected: set) -> None:
    # "GVHD > grade 1" is strictly above grade 1, not the default "at least"
    assert _rows(text) == expected


def test_a_gvhd_grade_with_no_comparator_keeps_the_default() -> None:
    assert _rows("Acute GVHD grade 2 or higher") == {("gvhd_grade", ">=", 2.0, None)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Serum bilirubin within 2 times the upper limit of normal", {("bilirubin", "<=", 2.0, "x ULN")}),
        ("AST/ALT within 3x ULN", {("ast", "<=", 3.0, "x ULN"), ("alt", "<=", 3.0, "x ULN")}),
    ],
)
def test_within_a_multiple_of_the_normal_limit_is_at_most(text: str, expected: set) -> None:
    # "within" before a multiple of the ULN bounds the lab value from above, as "≤ N x ULN" does
    assert _rows(text) == expected


def test_within_a_multiple_of_a_half_life_is_left_to_the_window_readers() -> None:
    assert _rows("Any investigational drug within 5 times its half-life") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Known second malignancy that is growing or has required active treatment within the last 2 years",
            {("second malignancy", "<=", 2.0, "years")},
        ),
        (
            "A prior cancer which has recurred or has required therapy within the past 5 years",
            {("prior cancer", "<=", 5.0, "years")},
        ),
    ],
)
def test_a_treatment_window_after_two_alternatives_bounds_their_subject(text: str, expected: set) -> None:
    # "X that is progressing or has required active treatment within N": the window bounds X, not "active treatment"
    assert _rows(text) == expected


def test_a_treatment_window_with_one_predicate_names_the_treatment() -> None:
    text = "Active autoimmune disease that has required systemic treatment in the past 2 years"
    assert _rows(text) == {("systemic treatment", "<=", 2.0, "years")}
