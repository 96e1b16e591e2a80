"""The nineteenth session's readers: made-up criteria in each new shape, asserting the exact rows, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float, str | None]]:
    return {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pulmonary embolism or deep vein thrombosis in 3 months.",
            {("pulmonary embolism or deep vein thrombosis", "<=", 3.0, "months")},
        ),
        (
            "Hospitalisation for heart failure in two years; or dialysis",
            {("hospitalisation for heart failure", "<=", 2.0, "years")},
        ),
    ],
)
def test_a_window_in_n_months_closing_its_clause_bounds_the_event_before_it(text: str, expected: set) -> None:
    # "EVENT in 6 months." drops "the past": the period closes the clause, as "within 6 months" would
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 3 migraine attacks in 2 months.", {("migraine attacks", ">", 3.0, None)}),  # a count's period
        ("Three falls in a year.", set()),  # a frequency, and "a" is no count
    ],
)
def test_a_period_in_n_months_that_is_no_window_is_left_alone(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eight weeks of supervised exercise therapy", {("supervised exercise therapy", "=", 8.0, "weeks")}),
        (
            "Patient has completed 3 months of conservative care without relief",
            {("conservative care", "=", 3.0, "months")},
        ),
    ],
)
def test_a_length_of_treatment_with_no_comparator_is_exact(text: str, expected: set) -> None:
    # as "2 cycles of induction" is = 2 cycles, "8 weeks of therapy" is = 8 weeks of it
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 8 weeks of physiotherapy", {("physiotherapy", ">=", 8.0, "weeks")}),  # the open reader's
        ("Admitted within the first 10 days of therapy", {("therapy", "<=", 10.0, "days")}),  # a window
        ("Stable symptoms after 2 weeks of steroid treatment", set()),  # the clause names something else
    ],
)
def test_a_length_of_treatment_with_a_comparator_or_in_a_window_is_not_exact(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_first_length_in_words_before_half_lives_gives_the_half_life_limit() -> None:
    # "less than four weeks prior to screening or 5 half-lives": the same event's limit in the drug's half-lives
    text = "Change in the dose of antiepileptic drugs less than four weeks prior to screening or 5 half-lives"
    assert _rows(text) == {
        ("change in the dose of antiepileptic drugs", "<", 4.0, "weeks"),
        ("change in the dose of antiepileptic drugs", "<", 5.0, "half-lives"),
    }
