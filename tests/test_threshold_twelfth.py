"""Limits the twelfth session's classes read: made-up criteria in each class's shape, and one each leaves alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float]]:
    return {(t.variable, t.comparator, t.value) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Carriers of latent TB are eligible if they have received isoniazid prophylaxis for at least 6 months",
            {("isoniazid prophylaxis", ">=", 6.0)},
        ),
        (
            "Melanoma treated by excision unless there has been no sign of recurrence for at least 4 years",
            {("no sign of recurrence", ">=", 4.0)},
        ),
    ],
)
def test_what_a_condition_introduces_is_what_lasts(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_condition_that_names_nothing_keeps_the_event_before_it() -> None:
    assert _rows("Topical retinoids are allowed if stopped within 7 days before baseline") == {
        ("topical retinoids", "<=", 7.0)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exposed to a monoclonal antibody within 90 days of randomisation", {("monoclonal antibody", "<=", 90.0)}),
        (
            "Subjects who withdrew or were withdrawn from a gene therapy study within 1 year",
            {("gene therapy study", "<=", 1.0)},
        ),
        (
            "Currently enrolled in a weight management programme within the last 6 months",
            {("weight management programme", "<=", 6.0)},
        ),
        ("Has remained in the same care home for at least 8 weeks", {("same care home", ">=", 8.0)}),
    ],
)
def test_how_one_took_part_is_not_the_event(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The thyroid replacement dose is stable for at least 6 weeks",
            {("stable thyroid replacement dose", ">=", 6.0)},
        ),
        ("Seizure control has been stable for at least 3 months", {("stable seizure control", ">=", 3.0)}),
    ],
)
def test_a_thing_said_to_be_stable_is_a_stable_thing(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_who_is_stable_names_no_stable_thing() -> None:
    assert all(not v.startswith("stable ") for v, _, _ in _rows("Patients who are stable for at least 2 weeks"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Use of systemic retinoids for 6 months to randomization.", {("systemic retinoids", "<=", 6.0)}),
        ("Myocardial infarction for 1 year to the screening visit", {("myocardial infarction", "<=", 1.0)}),
    ],
)
def test_a_length_to_a_reference_point_is_a_window_before_it(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_state_that_lasts_to_a_reference_point_keeps_its_length() -> None:
    assert _rows("Off anticoagulants for 5 days to randomisation") == {("off anticoagulants", "=", 5.0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Involuntary ≥ 10% weight loss in the past 6 months",
            {("weight loss", ">=", 10.0), ("weight loss", "<=", 6.0)},
        ),
        ("A > 3 g/dL haemoglobin drop after the first cycle", {("haemoglobin drop", ">", 3.0)}),
        ("Body weight stable, defined as < 3% weight loss or gain", {("weight change", "<", 3.0)}),
    ],
)
def test_a_change_named_after_its_value_is_what_it_limits(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_quantity_named_after_its_value_without_a_change_is_the_quantity() -> None:
    assert _rows("Adults with ≥ 45 kg body weight") == {("weight", ">=", 45.0)}
