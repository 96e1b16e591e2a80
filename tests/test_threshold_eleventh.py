"""Limits the eleventh session's classes read: made-up criteria in each class's shape, and one each leaves alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float]]:
    return {(t.variable, t.comparator, t.value) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Needs no more than twice weekly rescue inhaler use (any brand)", {("rescue inhaler use", "<=", 2.0)}),
        ("Anaemia requiring greater than monthly transfusions", {("transfusions", ">", 1.0)}),
        ("Recurrent [more than once per month] episodes of syncope, or arrhythmia", {("syncope", ">", 1.0)}),
    ],
)
def test_frequency_word_counts_the_noun_after_it(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_frequency_keeps_its_period_as_the_unit() -> None:
    units = {t.variable: t.unit for t in extract_thresholds("Needs no more than twice weekly rescue inhaler use")}
    assert units == {"rescue inhaler use": "per week"}
    units = {t.variable: t.unit for t in extract_thresholds("Anaemia requiring greater than monthly transfusions")}
    assert units == {"transfusions": "per month"}


def test_frequency_word_without_a_noun_after_it_is_left_alone() -> None:
    assert _rows("Takes the study tablet at least once daily") == set()
    assert _rows("Was admitted more than once in the 2 weeks before screening") == set()
