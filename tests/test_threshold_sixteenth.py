"""The sixteenth session's readers: made-up criteria in each new shape, asserting the exact rows, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float, str | None]]:
    return {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patients in complete remission after at least 2 consolidation blocks",
            {("consolidation blocks", ">=", 2.0, None)},
        ),
        ("Persistent disease after at least 2 cycles of azacitidine", {("azacitidine cycles", ">=", 2.0, None)}),
    ],
)
def test_a_count_after_after_names_the_noun_it_counts(text: str, expected: set) -> None:
    # the clause before ends in "after": it names when, and the words after the number name what is counted
    assert _rows(text) == expected


def test_a_phrase_with_after_inside_keeps_it() -> None:
    # only a clause that ends in "after" hands the name on; "bleeding after surgery" is the quantity itself
    assert _rows("Bleeding after surgery more than 500 mL") == {("bleeding after surgery", ">", 500.0, "mL")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Myelopathy (Nurick's score greater than 2)", {("nurick score", ">", 2.0, None)}),
        ("Subject's femoral neck width is less than 1.2 mm", {("femoral neck width", "<", 1.2, "mm")}),
    ],
)
def test_a_possessive_is_part_of_the_name_not_its_end(text: str, expected: set) -> None:
    # the apostrophe once cut the phrase to "s grade"; the possessor is the name, a person's possessive framing
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ALP > 2.5 x ULN", {("alkaline phosphatase", ">", 2.5, "x ULN")}),
        ("Alkaline phosphatase ≤ 2.5 x ULN", {("alkaline phosphatase", "<=", 2.5, "x ULN")}),
        ("Alkaline phosphatase (ALP) ≤ 2.5 x ULN", {("alkaline phosphatase", "<=", 2.5, "x ULN")}),
    ],
)
def test_alkaline_phosphatase_has_one_name_however_written(text: str, expected: set) -> None:
    # the open labels name the acronym "alp", but one analyte under two names would hide limits from a
    # query; the acronym bracketed after the spelled name is no second quantity
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pulse < 50 or > 100 bpm", {("heart rate", "<", 50.0, None), ("heart rate", ">", 100.0, "bpm")}),
        ("Heart rate > 100 bpm", {("heart rate", ">", 100.0, "bpm")}),
        ("Resting pulse < 45 bpm", {("resting heart rate", "<", 45.0, "bpm")}),
    ],
)
def test_a_pulse_is_the_heart_rate(text: str, expected: set) -> None:
    # the open labels write "pulse"; the warehouse keeps one name for the quantity
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The expect time of survive is above 3 months;", {("life_expectancy", ">", 3.0, "months")}),
        ("Survival is expected to be no less than 12 weeks", {("life_expectancy", ">=", 12.0, "weeks")}),
    ],
)
def test_translated_wordings_of_life_expectancy(text: str, expected: set) -> None:
    # registries' translated criteria word the expected survival in other orders; it is the life expectancy
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Less than 6 months postpartum", {("postpartum", "<", 6.0, "months")}),
        ("Is pregnant or less than 4-months postpartum", {("postpartum", "<", 4.0, "months")}),
        ("Kidney transplant recipients ≥ 1 year post-transplant", {("time post-transplant", ">=", 1.0, "year")}),
    ],
)
def test_a_time_before_postpartum_bounds_the_time_since_delivery(text: str, expected: set) -> None:
    # one word "postpartum" is named as written; "post-X" keeps its reading; "4-months" is a number and its unit
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patients older than 18 years and less than 70 years",
            {("age", ">", 18.0, "years"), ("age", "<", 70.0, "years")},
        ),
        ("Patients older than 12 and under 30 years", {("age", ">", 12.0, "years"), ("age", "<", 30.0, "years")}),
    ],
)
def test_a_person_s_two_age_limits_each_with_its_unit(text: str, expected: set) -> None:
    # the second limit of a person's age range is read whether the first writes "years" or shares it
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tumor size up to and including 3 cm", {("tumor size", "<=", 3.0, "cm")}),
        ("Instability up to and including Grade 1 spondylolisthesis", {("spondylolisthesis grade", "<=", 1.0, None)}),
        ("BMI not below 18", {("bmi", ">=", 18.0, None)}),
        ("BMI not under 18", {("bmi", ">=", 18.0, None)}),
        ("BMI not above 30", {("bmi", "<=", 30.0, None)}),
        ("BMI not over 30", {("bmi", "<=", 30.0, None)}),
        ("BMI greater or equal to 30", {("bmi", ">=", 30.0, None)}),
        ("BMI lower or equal to 30", {("bmi", "<=", 30.0, None)}),
        ("BMI less or equal to 30", {("bmi", "<=", 30.0, None)}),
    ],
)
def test_spelled_comparators(text: str, expected: set) -> None:
    # "not below" was read as "below" (the opposite limit), "greater or equal to" as "="
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Central disc height less than 4 mm", {("central disc height", "<", 4.0, "mm")}),
        ("Decreased disc height, on average by > 2 mm", {("decreased disc height", ">", 2.0, "mm")}),
        ("Height ≥ 150 cm", {("height", ">=", 150.0, "cm")}),
    ],
)
def test_a_disc_s_height_is_not_the_participant_s(text: str, expected: set) -> None:
    # "height" is the participant's; a disc's height is named as written, "on average by" only links it
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Progression after at least one EGFR tyrosine kinase inhibitor",
            {("egfr tyrosine kinase inhibitors", ">=", 1.0, None)},
        ),
        ("EGFR ≥ 60 mL/min/1.73 m2", {("egfr", ">=", 60.0, "mL/min/1.73 m2")}),
    ],
)
def test_the_egfr_gene_is_no_filtration_rate(text: str, expected: set) -> None:
    # "EGFR" before a tyrosine kinase inhibitor, a mutation or an exon is the gene, not the eGFR
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Enrolled in another device clinical investigation (currently or within past 30 days).",
            {("another device clinical investigation", "<=", 30.0, "days")},
        ),
        (
            "Receiving any other investigational agents concurrently or within 30 days prior to screening.",
            {("investigational agents", "<=", 30.0, "days")},
        ),
        (
            "Participation in other clinical studies at the time of screening visit, or within 30 days of screening.",
            {("other clinical studies", "<=", 30.0, "days")},
        ),
    ],
)
def test_an_event_now_or_within_a_window_is_named_before_currently(text: str, expected: set) -> None:
    # "currently or", "at the time of screening, or" say the event may be now too; the event is named before them
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Participation in any other investigational protocol in the prior twelve months",
            {("investigational protocol", "<=", 12.0, "months")},
        ),
        ("Myocardial infarction in the prior year", {("myocardial infarction", "<=", 1.0, "years")}),
        (
            "Screened positive for substance use on the day of the visit or in the prior year",
            {("screened positive for substance use", "<=", 1.0, "years")},
        ),
    ],
)
def test_in_the_prior_period_is_a_window(text: str, expected: set) -> None:
    # "in the prior" reads as "in the past": with a number word, or a unit alone ("the prior year": one year)
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toxicities of prior therapy must have recovered to at least grade 1", {("ctcae_grade", "<=", 1.0, None)}),
        ("Not recovered from adverse events (to at least grade 1)", {("ctcae_grade", "<=", 1.0, None)}),
        ("Any toxicity of at least grade 3", {("ctcae_grade", ">=", 3.0, None)}),
    ],
)
def test_recovery_to_at_least_a_grade_is_that_grade_or_lower(text: str, expected: set) -> None:
    # a toxicity that recovers "to at least grade 1" is grade 1 or better: ≤ 1 on the CTCAE scale
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "FIQR total score within the range of 35-80 at baseline.",
            {("fiqr", ">=", 35.0, None), ("fiqr", "<=", 80.0, None)},
        ),
        ("Pain score ranging from 4 to 8", {("pain score", ">=", 4.0, None), ("pain score", "<=", 8.0, None)}),
        ("Pain score ranging between 4 and 8", {("pain score", ">=", 4.0, None), ("pain score", "<=", 8.0, None)}),
    ],
)
def test_a_range_stated_as_a_range(text: str, expected: set) -> None:
    # "in the range of", like "between", says the two numbers bound the quantity; "ranging" is no part of its name
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Received lung field radiotherapy > 30 Gy within 6 months before the first dose",
            {("lung field radiotherapy", ">", 30.0, "Gy"), ("lung field radiotherapy", "<=", 6.0, "months")},
        ),
        (
            "A change in body weight > 5 kg (11 pounds) within 90 days prior to screening",
            {("change in body weight", ">", 5.0, "kg"), ("change in body weight", "<=", 90.0, "days")},
        ),
        # a concentration's window is no window of the event: the clause defines a measurement
        (
            "Increase in serum creatinine by ≥ 0.3 mg/dL within 48 h",
            {("increase in serum creatinine", ">=", 0.3, "mg/dL")},
        ),
        # "in the past N months" after a change is the period it is counted over
        ("No weight loss greater than 5% in the past 6 months", {("weight loss", ">", 5.0, "%")}),
    ],
)
def test_a_window_right_after_an_amount_bounds_the_same_event(text: str, expected: set) -> None:
    assert _rows(text) == expected


def test_years_or_more_before_an_event_is_no_age() -> None:
    # "5 years or more before study entry" is the time since the treatment, not an age
    text = "Unless definitive treatment was completed 5 years or more before study entry"
    assert ("age", ">=", 5.0, "years") not in _rows(text)
    assert _rows("Men aged 18 years or older") == {("age", ">=", 18.0, "years")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Surgery performed 4 weeks or less prior to enrollment", {("surgery", "<=", 4.0, "weeks")}),
        (
            "Unless definitive treatment was completed 5 years or more before study entry",
            {("definitive treatment", ">=", 5.0, "years")},
        ),
        ("Hormone therapy 3 months prior to enrollment", {("hormone therapy", "<=", 3.0, "months")}),
    ],
)
def test_a_time_before_an_anchor_with_its_comparator_after_it(text: str, expected: set) -> None:
    # "N weeks or less prior to X" keeps the comparator written after the count
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Measurable disease, defined as at least one lesion that can be accurately measured in at least one dimension",
            {("measurable lesions", ">=", 1.0, None)},
        ),
        (
            "At least 1 lesion that can be accurately measured in at least 2 dimensions with spiral CT scan",
            {("measurable lesions", ">=", 1.0, None)},
        ),
    ],
)
def test_recist_s_definition_of_a_measurable_lesion(text: str, expected: set) -> None:
    # a lesion "that can be accurately measured" is a measurable one; the dimensions it is measured in are no limit
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CD7+ (>99%) leukaemia associated immunophenotype", {("cd7+", ">", 99.0, "%")}),
        ("CD19+ cells > 20%", {("cd19+ cells", ">", 20.0, "%")}),
    ],
)
def test_a_marker_s_plus_sign_is_part_of_its_name(text: str, expected: set) -> None:
    # the "+" cut the phrase, so a marker named with it named nothing
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Subjects who have changed his/her dietary habits within the 4 weeks preceding the study",
            {("changed dietary habits", "<=", 4.0, "weeks")},
        ),
        (
            "Has had an exacerbation of their asthma within the prior 28 days",
            {("exacerbation of asthma", "<=", 28.0, "days")},
        ),
    ],
)
def test_an_inner_possessive_is_no_part_of_the_name(text: str, expected: set) -> None:
    # labellers drop "his/her", "their" inside the phrase, as they drop the leading ones
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Refractory to at least 2 TNF inhibitors", {("failed tnf inhibitors", ">=", 2.0, None)}),
        ("Intolerant to at least 2 preventive treatments", {("failed preventive treatments", ">=", 2.0, None)}),
        # a duration after "unresponsive to" stays the duration of the care
        (
            "Is unresponsive to at least six weeks of non-surgical conservative care",
            {("non-surgical conservative care", ">=", 6.0, "weeks")},
        ),
    ],
)
def test_refractory_or_intolerant_to_a_count_counts_failed_treatments(text: str, expected: set) -> None:
    # the count was named "refractory"/"intolerant"; it counts treatments that failed, named as the guide names them
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than two episodes of CH per day", {("ch episodes", ">", 2.0, None)}),
        ("History of ≥ 2 episodes of acute pancreatitis", {("acute pancreatitis episodes", ">=", 2.0, None)}),
        ("At least 3 episodes per month", {("episodes", ">=", 3.0, None)}),
    ],
)
def test_episodes_of_a_thing_are_named_as_cycles_of_it_are(text: str, expected: set) -> None:
    assert _rows(text) == expected
