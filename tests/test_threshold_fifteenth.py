"""The fifteenth session's readers of limits missed entirely: made-up criteria in each shape, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float]]:
    return {(t.variable, t.comparator, t.value) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prior malignancy is allowed if a complete remission was achieved at least 5 years prior to enrolment",
            {("complete remission", ">=", 5.0)},
        ),
        (
            "No chemotherapy within 14 days (hydroxyurea is permitted more than 48 hours before the first dose)",
            {("hydroxyurea", ">", 48.0)},
        ),
        ("Leucovorin rescue is allowed at least 72 hours before the infusion", {("leucovorin rescue", ">=", 72.0)}),
    ],
)
def test_a_passive_of_what_is_allowed_names_the_thing_before_it(
    text: str, expected: set[tuple[str, str, float]]
) -> None:
    assert expected <= _rows(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle with no auxiliary was already read, and still is
        ("A capsulotomy performed more than 30 days before screening", {("capsulotomy", ">", 30.0)}),
        # "completed" keeps its time since the treatment
        (
            "Bridging therapy must be completed ≥ 7 days before leukapheresis",
            {("time since bridging therapy", ">=", 7.0)},
        ),
    ],
)
def test_other_passives_keep_their_reading(text: str, expected: set[tuple[str, str, float]]) -> None:
    assert expected <= _rows(text)


@pytest.mark.parametrize(
    "text",
    [
        # a test's or a procedure's schedule is conduct, not the participant's limit
        "A pregnancy test must be performed within 7 days before the first dose",
        "Evaluation of ECOG is to be performed within 14 days before registration.",
    ],
)
def test_a_performed_schedule_stays_no_limit(text: str) -> None:
    assert all(variable != "pregnancy test" and "evaluation" not in variable for variable, _, _ in _rows(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Within 4 weeks before the first dose, they have received more than 30% bone marrow irradiation",
            {("bone marrow irradiation", ">", 30.0)},
        ),
        (
            "Within 14 days prior to enrolment, patients received more than 25% pelvic irradiation",
            {("pelvic irradiation", ">", 25.0)},
        ),
    ],
)
def test_a_value_after_a_time_window_s_anchor_is_named_in_its_own_clause(text: str, expected: set) -> None:
    # the anchor's comma ends the window's clause: the words after it name the value's quantity
    assert expected <= _rows(text)


def test_a_quantity_named_before_the_window_still_names_its_value() -> None:
    assert ("platelets", "<", 50.0) in _rows("Within 4 weeks before the first dose, a platelet count below 50 x 10^9/L")
