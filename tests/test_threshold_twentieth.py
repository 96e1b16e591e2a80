"""The twentieth session's readers: made-up criteria in each new shape, asserting the exact rows, and ones left alone."""

from __future__ import annotations

import pytest

from tasks.normalize.criteria import extract_thresholds


def _rows(text: str) -> set[tuple[str, str, float, str | None]]:
    return {(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patients who suffered from a myocardial infarction within 6 months before screening",
            {("myocardial infarction", "<=", 6.0, "months")},
        ),
        (
            "Subject suffering from an acute infection within 14 days prior to randomization",
            {("acute infection", "<=", 14.0, "days")},
        ),
        ("Must have tried physical therapy for at least 6 weeks", {("physical therapy", ">=", 6.0, "weeks")}),
        (
            "Participant has completed radiotherapy at least 4 weeks before the first dose",
            {("radiotherapy", ">=", 4.0, "weeks")},
        ),
    ],
)
def test_a_verb_of_having_opening_the_name_is_no_part_of_it(text: str, expected: set) -> None:
    # "suffered from X", "completed X", "tried X" name X, as "received X" and "experienced X" do
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 3 months from autologous stem cell transplant without maintenance",
            {("time since autologous stem cell transplant", ">=", 3.0, "months")},
        ),
        (
            "No more than 6 months have elapsed since the final vaccination in the parent study",
            {("time since final vaccination", "<=", 6.0, "months")},
        ),
    ],
)
def test_a_qualifier_after_the_event_a_time_runs_from_is_no_part_of_its_name(text: str, expected: set) -> None:
    # which infusion or injection counts ("on either protocol", "without conditioning") is said after the event
    assert _rows(text) == expected


def test_a_one_word_event_keeps_its_place() -> None:
    # "relapse in the central nervous system": with one word before it, the phrase may say what the event is
    assert _rows("At least 6 months since relapse in the central nervous system") == {
        ("time since relapse in the central nervous system", ">=", 6.0, "months")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chronic use of corticosteroids at a dose of > 10 mg/day of prednisone or equivalent",
            {("prednisone dose", ">", 10.0, "mg/day")},
        ),
        ("Patients on steroid dose ≥ 20 mg/day of prednisone or equivalent", {("steroid dose", ">=", 20.0, "mg/day")}),
        # no "dose" written: the steroid names the limit, as before
        ("Patients receiving > 10 mg/day of prednisone or equivalent", {("prednisone", ">", 10.0, "mg/day")}),
    ],
)
def test_a_steroid_limit_written_as_a_dose_is_a_dose(text: str, expected: set) -> None:
    # "aspirin, dose > 300 mg/d" is the aspirin dose; "at a dose of > 10 mg of prednisone" the prednisone dose
    assert _rows(text) == expected


def test_a_symbol_restated_in_words_is_one_comparator() -> None:
    # "< less than 1+": the symbol and its words are one comparator, so the name is read before both
    text = "Serum creatinine ≤ 1.5 x ULN; protein on urine dipstick of < less than 2+"
    assert _rows(text) == {
        ("creatinine", "<=", 1.5, "x ULN"),
        ("protein on urine dipstick", "<", 2.0, None),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Treated brain metastases are allowed if clinically stable and without the requirement of corticosteroids "
            "for at least 7 days",
            {("without corticosteroids", ">=", 7.0, "days")},
        ),
        (
            "The time requirement for no evidence of disease for at least 5 years does not apply to basal cell carcinoma",
            {("no evidence of disease", ">=", 5.0, "years")},
        ),
        ("Insulin requirements in excess of 1 U/kg per day", {("insulin requirements", ">", 1.0, None)}),  # no frame
    ],
)
def test_a_requirement_frames_the_condition_it_requires(text: str, expected: set) -> None:
    # "without (the) requirement of X for ≥ N days" bounds how long the participant is without X
    assert _rows(text) == expected


def test_states_listed_before_a_negated_condition_are_conditions_of_their_own() -> None:
    # "asymptomatic, stable condition, and not requiring steroids": the duration bounds the last condition
    text = "Brain metastases are eligible if asymptomatic, stable condition, and not requiring steroids for at least 4 weeks"
    assert _rows(text) == {("not requiring steroids", ">=", 4.0, "weeks")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Requires chronic systemic steroid therapy (in dosing exceeding 20 mg daily of prednisone equivalent)",
            {("systemic steroid dose", ">", 20.0, "mg")},
        ),
        (
            "Use of oral corticosteroids (> 5 mg/day of prednisolone or equivalent) within 4 weeks",
            {("oral corticosteroids", ">", 5.0, "mg/day"), ("oral corticosteroids", "<=", 4.0, "weeks")},
        ),
        # a therapy that is no steroid class: the reference steroid names the dose, as before
        (
            "Requires systemic immunosuppressive therapy (> 5 mg prednisone daily or equivalent)",
            {("prednisone", ">", 5.0, "mg")},
        ),
    ],
)
def test_a_bracketed_steroid_dose_bounds_the_steroid_therapy_before_it(text: str, expected: set) -> None:
    # the dose in brackets right after "systemic steroid therapy" doses that therapy, whatever steroid it is counted in
    assert _rows(text) == expected


def test_a_bracket_defining_clinical_significance_bounds_the_thing() -> None:
    # "clinically significant epistaxis (> 10 mL)": how much epistaxis is significant; the window keeps its name
    text = "Clinically significant epistaxis (> 10 mL) within 4 weeks before enrollment"
    assert _rows(text) == {
        ("epistaxis", ">", 10.0, "mL"),
        ("clinically significant epistaxis", "<=", 4.0, "weeks"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least one tumor lesion not previously irradiated, and can be accurately measured by CT",
            {("measurable lesions", ">=", 1.0, None)},
        ),
        (
            "At least one lesion that is not irradiated, ≥ 20 mm in long diameter, and can be accurately measured",
            {("measurable lesions", ">=", 1.0, None), ("long diameter", ">=", 20.0, "mm")},
        ),
        ("At least one tumor lesion in the liver", {("tumor lesions", ">=", 1.0, None)}),  # measurable is not said
    ],
)
def test_a_lesion_the_sentence_says_can_be_measured_is_a_measurable_lesion(text: str, expected: set) -> None:
    # RECIST's "at least one lesion ..., and can be accurately measured": the count of measurable lesions, and a
    # length continuing it the lesion's diameter
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Participants must have discontinued all immunosuppressive medications for at least 4 weeks",
            {("off immunosuppressive medications", ">=", 4.0, "weeks")},
        ),
        (
            "Eligible if no longer taking corticosteroids for at least 14 days prior to enrollment",
            {("off corticosteroids", ">=", 14.0, "days")},
        ),
        ("Patients who have stopped smoking less than 6 months ago", {("stopped smoking", "<", 6.0, "months")}),
    ],
)
def test_how_long_a_treatment_was_discontinued_is_how_long_the_participant_is_off_it(text: str, expected: set) -> None:
    # "off prazosin for 2 days" is labelled "off prazosin"; "discontinued X", "no longer taking X" say the same
    assert _rows(text) == expected
