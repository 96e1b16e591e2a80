"""Eligibility texts without bullets give criteria: one per paragraph, line or unambiguous sentence."""

import json

import pytest
from conftest import CTGOV

from tasks.parsers.criteria_split import split_criteria


def rows(text):
    return [(c.kind, c.text) for c in split_criteria(text)]


def real_criteria(nct):
    study = json.loads((CTGOV / "more_studies" / f"{nct}.json").read_text())
    return split_criteria(study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"])


def test_paragraphs_under_headings_are_one_criterion_each():
    text = (
        "Inclusion Criteria:\n\nAdults with asthma for at least a year.\n\nAble to use an inhaler.\n\n"
        "Exclusion Criteria:\n\nCurrent smokers, or smokers who stopped less than a year ago.\n"
    )
    assert rows(text) == [
        ("inclusion", "Adults with asthma for at least a year."),
        ("inclusion", "Able to use an inhaler."),
        ("exclusion", "Current smokers, or smokers who stopped less than a year ago."),
    ]


def test_lines_that_are_statements_stay_apart_and_wrapped_lines_join():
    text = "Inclusion Criteria:\n\nSquamous cell carcinoma\nAdenocarcinoma\nmeasured on CT\n\nAge:\n\nNot specified\n"
    assert rows(text) == [
        ("inclusion", "Squamous cell carcinoma"),
        ("inclusion", "Adenocarcinoma measured on CT"),
        ("inclusion", "Not specified"),
    ]
    wrapped = (
        "Exclusion Criteria:\n\nPatients with uncontrolled infections requiring intravenous antivirals,\n"
        "Antibiotics or antifungals; patients on prolonged antifungal therapy with a history of\n"
        "fungal infection.\n"
    )
    assert len(rows(wrapped)) == 1


def test_short_fragment_sentences_split_and_dependent_sentences_do_not():
    fragments = "Exclusion criteria. History of stroke. Current alcohol abuse. End stage dementia. Currently pregnant."
    assert rows(fragments) == [
        ("exclusion", "History of stroke."),
        ("exclusion", "Current alcohol abuse."),
        ("exclusion", "End stage dementia."),
        ("exclusion", "Currently pregnant."),
    ]
    dependent = "Exclusion Criteria:\n\nActive infection. However, treated infections are allowed. Pregnancy."
    assert len(rows(dependent)) == 1
    long_sentence = "Exclusion Criteria:\n\nHIV. Hepatitis. Any condition that in the opinion of the investigator would make it unsafe."
    assert len(rows(long_sentence)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inclusion criteria: Age 18 or over Exclusion criteria: Pregnancy",
            [("inclusion", "Age 18 or over"), ("exclusion", "Pregnancy")],
        ),
        ("Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria: none", [("inclusion", "Adults")]),
        ("Inclusion Criteria:\n\nNil\n\nExclusion Criteria:\n\n\\-", []),
        (
            "• Inclusion Criteria:\n\nAdults\n\n• Exclusion Criteria:\n\nChildren",
            [("inclusion", "Adults"), ("exclusion", "Children")],
        ),
        (
            "Inclusion criteria:\n\n* Adults\n\nExclusion criteria:\n\n-Children",
            [("inclusion", "Adults"), ("exclusion", "Children")],
        ),
        (
            "Exclusion Criteria:\n\n* Patients not meeting all of the inclusion criteria",
            [("exclusion", "Patients not meeting all of the inclusion criteria")],
        ),
        ("Cohort 1\n\nInclusion Criteria:\n\n1. Adults", [("inclusion", "Adults")]),
        (
            "Inclusion Criteria:\n\n- Adults who meet all the\n  inclusion criteria. Consent",
            [("inclusion", "Adults who meet all the inclusion criteria. Consent")],
        ),
        ("Healthy adult volunteers aged 18 to 45", [("inclusion", "Healthy adult volunteers aged 18 to 45")]),
    ],
)
def test_headings_inline_bulleted_or_followed_by_placeholders(text, expected):
    assert rows(text) == expected


def test_a_long_numbered_lead_in_that_names_inclusion_criteria_stays_an_item():
    text = "1. Patients must meet all of the following inclusion criteria to take part:\n   1. Adults\n   2. Consent"
    assert [(c.text, c.parent) for c in split_criteria(text)] == [
        ("Patients must meet all of the following inclusion criteria to take part:", None),
        ("Adults", 1),
        ("Consent", 1),
    ]


def test_real_paragraph_criteria_give_one_row_per_paragraph():
    criteria = real_criteria("NCT06022848")
    inclusion = [c.text for c in criteria if c.kind == "inclusion"]
    assert len(inclusion) == 5
    assert inclusion[1] == "Patients who have given their written informed consent."
    assert sum(c.kind == "exclusion" for c in criteria) == 5


def test_real_run_on_criteria_with_inline_headings():
    criteria = real_criteria("NCT01105338")
    assert [c.kind for c in criteria] == ["inclusion", "exclusion"]
    assert criteria[1].text == "No concurrent finasteride or dutasteride"
    sentences = [c.text for c in real_criteria("NCT04664634") if c.kind == "exclusion"]
    assert sentences[:2] == [
        "History of aspiration pneumonia within the past 12 months.",
        "Unable to swallow saliva without a maneuver.",
    ]
    assert len(sentences) == 13
