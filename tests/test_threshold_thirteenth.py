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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Healthy infants aged 2-12 months", {("age", ">=", 2.0, "months"), ("age", "<=", 12.0, "months")}),
        (
            "Children aged 6 to 24 months with acute otitis media",
            {("age", ">=", 6.0, "months"), ("age", "<=", 24.0, "months")},
        ),
        ("Infants aged 6 weeks to 6 months", {("age", ">=", 6.0, "weeks"), ("age", "<=", 6.0, "months")}),
        ("Men or women 18 to 65", {("age", ">=", 18.0, None), ("age", "<=", 65.0, None)}),
    ],
)
def test_a_persons_range_in_a_young_childs_unit_keeps_it(text: str, expected: set) -> None:
    assert {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Age between 6 months and < 18 years at enrolment",
            {("age", ">=", 6.0, "months"), ("age", "<", 18.0, "years")},
        ),
        ("Age from 28 days to <18 years", {("age", ">=", 28.0, "days"), ("age", "<", 18.0, "years")}),
    ],
)
def test_the_low_end_of_an_age_range_whose_high_end_has_a_sign(text: str, expected: set) -> None:
    assert {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LVEF below the institutional normal range by echocardiogram", {("lvef", "<", 1.0, "x LLN")}),
        ("Serum potassium below the normal range despite supplementation", {("potassium", "<", 1.0, "x LLN")}),
        ("Total bilirubin above the normal range", {("bilirubin", ">", 1.0, "x ULN")}),
        ("Hemoglobin below the lower limit of the normal range", {("hemoglobin", "<", 1.0, "x LLN")}),
    ],
)
def test_a_limit_against_the_normal_range_is_its_lower_or_upper_limit(text: str, expected: set) -> None:
    assert {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)} == expected


def test_within_the_normal_range_stays_at_most_its_upper_limit() -> None:
    assert _rows("Platelet count within the normal range") == {("platelets", "<=", 1.0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Symptomatic heart failure III or IV NYHA", {("nyha_class", ">=", 3.0), ("nyha_class", "<=", 4.0)}),
        ("Congestive heart failure (class III-IV NYHA)", {("nyha_class", ">=", 3.0), ("nyha_class", "<=", 4.0)}),
        ("Heart failure class III (NYHA)", {("nyha_class", "=", 3.0)}),
        (
            "Cardiac function by New York Cardiology Society grade III \\~ IV",
            {("nyha_class", ">=", 3.0), ("nyha_class", "<=", 4.0)},
        ),
    ],
)
def test_a_nyha_class_written_before_the_name_or_in_translation(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_a_length_of_time_after_nyha_is_no_class() -> None:
    assert ("nyha_class", "=", 1.0) not in _rows("Heart failure NYHA for 1 year before screening")


def test_a_roman_type_before_another_word_is_no_nyha_class() -> None:
    assert _rows("Type II diabetes and NYHA class 2") == {("nyha_class", "=", 2.0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 10% of the tumor tissue was confirmed as neuroendocrine carcinoma", {("tumor tissue", ">", 10.0)}),
        ("More than 30% of the bone marrow has been irradiated", {("bone marrow", ">", 30.0)}),
        (
            "Co-primary caregiver (i.e., assuming at least 40% of care activities alongside another caregiver)",
            {("care activities", ">=", 40.0)},
        ),
    ],
)
def test_a_share_of_a_noun_ends_at_the_verb_after_it(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Any verified Grade 4 laboratory abnormality at screening", {("ctcae_grade", "=", 4.0)}),
        ("History of a grade 3 infusion reaction to rituximab", {("ctcae_grade", "=", 3.0)}),
        ("Prior immune-mediated Grade 4 adverse event on a checkpoint inhibitor", {("ctcae_grade", "=", 4.0)}),
    ],
)
def test_a_bare_grade_of_a_named_toxicity_is_that_grade(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Toxicity of prior therapy not resolved to ≤ grade 1, excluding alopecia and grade 2 neuropathy",
        "Stage IB, grade 3, pN0, with substantial LVI",
    ],
)
def test_an_excepted_or_tumour_grade_sets_no_exact_limit(text: str) -> None:
    assert not any(symbol == "=" for _, symbol, _ in _rows(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patients under 18, or over 65 years", {("age", "<", 18.0), ("age", ">", 65.0)}),
        ("Children less than 6, and older than 16 years old", {("age", "<", 6.0), ("age", ">", 16.0)}),
    ],
)
def test_the_first_of_two_ages_sharing_a_unit_after_a_comma(text: str, expected: set) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Multiple brain metastases (3 or more)", {("brain metastases", ">=", 3.0)}),
        ("Patients with several liver lesions (2 or more) on MRI", {("liver lesions", ">=", 2.0)}),
        ("Multiple foci [4 or greater] of CIS", {("foci of cis", ">=", 4.0)}),
    ],
)
def test_a_limit_in_a_bracket_after_its_noun_is_named_by_the_noun(text: str, expected: set) -> None:
    # the bracket holds the value and its comparator only; the quantifier the number makes redundant goes
    assert _rows(text) == expected


def test_a_bracket_after_a_named_quantity_keeps_the_name() -> None:
    assert _rows("ECOG (0 or 1)") == {("ecog", ">=", 0.0), ("ecog", "<=", 1.0)}
