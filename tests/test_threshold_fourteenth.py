"""Numbers the fourteenth session's rules read as no limit: made-up criteria in each class's shape, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float]]:
    return {(t.variable, t.comparator, t.value) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Planning to become pregnant during the study or within 6 months following the last dose of study drug",
        "Expecting to father a child within 90 days after the last dose of trial treatment",
        "Must not receive live vaccines up to 30 days after the final dose of IMP",
        "Contraceptive methods must be used during the trial and for at least 6 months after the last dose of XY-1234.",
        "Men must use a method with a failure rate of less than 1% per year",
    ],
)
def test_a_period_after_the_study_treatment_is_conduct(text: str) -> None:
    assert _rows(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 4 weeks after the last dose of the previous investigational agent",
            {("time since last dose of previous investigational agent", ">=", 4.0)},
        ),
        ("Chemotherapy within 14 days before the first dose of study drug", {("chemotherapy", "<=", 14.0)}),
    ],
)
def test_a_washout_before_the_study_treatment_stays(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aged ≥ 18 years (or the legal age of adulthood if the legal age is > 18 years)", {("age", ">=", 18.0)}),
        ("For minors under the age of majority, at least one parent must consent", set()),
        ("Legal guardian aged 18 years or older", {("age", ">=", 18.0)}),
        ("Participants aged over 21 years of age", {("age", ">", 21.0)}),
    ],
)
def test_an_age_the_law_sets_is_not_the_participants(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_table_of_a_classifications_stages_is_no_limit() -> None:
    text = (
        "AKI by RIFLE criteria: stage 1: serum creatinine ≥ 1.5 × baseline or urine output < 0.5 mL/kg/h for 6 h; "
        "stage 2: serum creatinine ≥ 2.0 × baseline; stage 3: serum creatinine ≥ 3.0 × baseline"
    )
    assert _rows(text) == set()


def test_one_labelled_stage_keeps_its_limits() -> None:
    rows = _rows("Chronic kidney disease stage 3: eGFR 30-59 mL/min/1.73 m2")
    assert rows == {("ckd stage", "=", 3.0), ("egfr", ">=", 30.0), ("egfr", "<=", 59.0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PD-L1 expression on ≥ 50% of tumor cells (TPS ≥ 50%)", {("pd-l1 expression", ">=", 50.0)}),
        (
            "ALT ≤ 3 x ULN (≤ 5 x ULN with liver metastases); AST ≤ 3 x ULN (≤ 5 x ULN with liver metastases)",
            {("alt", "<=", 3.0), ("alt", "<=", 5.0), ("ast", "<=", 3.0), ("ast", "<=", 5.0)},
        ),
    ],
)
def test_a_bracket_naming_the_limit_just_stated_adds_none(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_how_long_the_study_follows_is_no_limit() -> None:
    text = "Adults who had one or two level lumbar fusion • Note that these patients will be followed for up to 2 years"
    assert _rows(text) == {("fusion levels", ">=", 1.0), ("fusion levels", "<=", 2.0)}


def test_whom_a_procedure_is_for_keeps_its_age() -> None:
    text = "All patients 50 years and older will undergo a DEXA scan as part of enrolment."
    assert _rows(text) == {("age", ">=", 50.0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Healthy volunteers of Fitzpatrick skin types I to VI", set()),
        ("ASA I-VI patients scheduled for surgery", set()),
        ("Fitzpatrick skin type I-III", {("fitzpatrick skin type", ">=", 1.0), ("fitzpatrick skin type", "<=", 3.0)}),
        ("ASA I-III", {("asa", ">=", 1.0), ("asa", "<=", 3.0)}),
    ],
)
def test_a_classifications_whole_scale_bounds_nothing(text: str, expected: set) -> None:
    assert _rows(text) == expected
