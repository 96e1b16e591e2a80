"""The learned segmenter: its character models, its training, and the shipped model's splits."""

import gzip
import hashlib
import json
from dataclasses import astuple
from importlib import resources

import pytest
from conftest import CTGOV

from tasks.parsers import segmenter
from tasks.parsers.field_model import FieldModel
from tasks.parsers.medpath_arms import read_arm_table
from tasks.parsers.medpath_tables import read_outcome_table, split_glued_time_frame
from tasks.parsers.outcome_split import flat_candidates, glue_cuts, split_outcome
from tasks.parsers.segment_training import train
from tasks.parsers.timeframe_text import is_time_point
from tasks.train_segmenter import iter_studies, outcome_lists, prose

TIME_FRAMES = ["Up to 2 years", "Baseline, Week 12", "Day 28 post infusion", "Through study completion, 1 year"]


def test_prefix_and_suffix_scores_equal_scoring_each_part_on_its_own():
    model = FieldModel.train(TIME_FRAMES)
    row = "Overall survivalup to 24 months"
    prefixes, suffixes = model.prefix_scores(row), model.suffix_scores(row)
    for cut in range(1, len(row)):
        assert prefixes[cut] == pytest.approx(model.log_prob(row[:cut]))
        assert suffixes[cut] == pytest.approx(model.log_prob(row[cut:]))


def test_a_field_model_prefers_text_of_its_kind_and_folds_digits():
    model = FieldModel.train(TIME_FRAMES)
    assert model.log_prob("Up to 3 years") > model.log_prob("Number of participants")
    assert model.log_prob("Week 16") == model.log_prob("Week 99")


def test_candidates_respect_the_registry_limits_and_include_the_true_cut():
    item = "Safety, Number of AEs, graded by CTCAE v5.0., Up to 2 years"
    candidates = flat_candidates(item)
    assert ("Safety", "Number of AEs, graded by CTCAE v5.0.", "Up to 2 years") in candidates
    assert candidates[0] == (item, None, None)
    assert all(len(m) <= 255 for m, _, _ in flat_candidates("x, " * 200 + "Day 1"))
    assert glue_cuts("Rate (ORR)Day 28") == [1, 2, 3, 6, 7, 8, 10, 11, 12, 15]


def test_training_is_deterministic():
    studies = sorted(
        iter_studies(CTGOV / "studies"), key=lambda s: s["protocolSection"]["identificationModule"]["nctId"]
    )
    first = train([outcome_lists(s) for s in studies], [p for s in studies for p in prose(s)])
    second = train([outcome_lists(s) for s in studies], [p for s in studies for p in prose(s)])
    assert json.dumps(first.to_json(), sort_keys=True) == json.dumps(second.to_json(), sort_keys=True)
    assert first.weights and set(first.models) == {"measure", "description", "time_frame", "prose"}


def test_the_shipped_version_is_the_hash_of_the_shipped_model():
    data = resources.files("tasks.parsers").joinpath("models", segmenter.MODEL_FILE).read_bytes()
    payload = gzip.decompress(data)
    assert hashlib.sha256(payload).hexdigest()[:12] == segmenter.shipped_version()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Objective response rate (ORR)Through study completion, an average of 2 years",
            ("Objective response rate (ORR)", "Through study completion, an average of 2 years"),
        ),
        (
            "ADAMinimum 2 years after KQ-2003 CAR T-cells infusion (Day 1)",
            ("ADA", "Minimum 2 years after KQ-2003 CAR T-cells infusion (Day 1)"),
        ),
        (
            "Number of participants with adverse eventsup to 24 months",
            ("Number of participants with adverse events", "up to 24 months"),
        ),
        (
            "Peak concentration (Cmax)one year after transplantation",
            ("Peak concentration (Cmax)", "one year after transplantation"),
        ),
        # Lower-case openings beyond the prepositions, and a time frame in brackets (rows written
        # for this test: the shipped model has seen every real one).
        (
            "Number of migraine daysfor the whole treatment period of 12 weeks",
            ("Number of migraine days", "for the whole treatment period of 12 weeks"),
        ),
        (
            "Serum ferritin levelmeasured at each scheduled visit up to 48 weeks",
            ("Serum ferritin level", "measured at each scheduled visit up to 48 weeks"),
        ),
        (
            "Grip strength of the dominant handpreoperatively and 6 weeks after surgery",
            ("Grip strength of the dominant hand", "preoperatively and 6 weeks after surgery"),
        ),
        (
            "Opioid consumptionassessed daily during the hospital stay, up to 7 days",
            ("Opioid consumption", "assessed daily during the hospital stay, up to 7 days"),
        ),
        ("Pain intensity at rest(day 1, day 3 and day 7)", ("Pain intensity at rest", "(day 1, day 3 and day 7)")),
        # A measure ending in the number its time frame opens with (written for this test).
        ("Change in sleep quality at week 2424 weeks", ("Change in sleep quality at week 24", "24 weeks")),
        ("Attacks per week in weeks 9-1212 weeks", ("Attacks per week in weeks 9-12", "12 weeks")),
        ("Hospital admissions up to Month 66 months", ("Hospital admissions up to Month 6", "6 months")),
        # A measure that ends in a semicolon or comma glues straight on too (written for this test).
        (
            "Quality of life by the HIT-6 questionnaire;3 months",
            ("Quality of life by the HIT-6 questionnaire;", "3 months"),
        ),
    ],
)
def test_glued_rows_are_cut_where_the_time_frame_begins(row, expected):
    assert split_glued_time_frame(row) == expected


def test_a_description_paragraph_is_not_taken_for_a_row():
    paragraph = (
        "Blood samples will be collected and used for pharmacodynamic to evaluate the levels about cytokine levels"
    )
    assert split_glued_time_frame(paragraph) is None


def test_a_clear_row_under_a_description_line_starts_the_next_outcome():
    # A misread row used to make every following line "continue" its description.
    lines = [
        "Overall response rate (ORR)Up to 24 months",
        "",
        "Proportion of participants with a partial response or better",
        "Overall survival (OS)Up to 5 years",
        "Progression-free survival (PFS)Up to 5 years",
    ]
    endpoints = read_outcome_table("secondary", lines)
    assert [(e.measure, e.description, e.time_frame) for e in endpoints] == [
        (
            "Overall response rate (ORR)",
            "Proportion of participants with a partial response or better",
            "Up to 24 months",
        ),
        ("Overall survival (OS)", None, "Up to 5 years"),
        ("Progression-free survival (PFS)", None, "Up to 5 years"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Response will be assessed by bone marrow aspirate after 28 days",  # not "…by b|one marrow…"
        "Rate of complete remission assessed by bone marrow biopsy one month after infusion",
        "The response rate of CD38 CAR-T treatment will be recorded and assessed according to IMWG criteria",
        "The proportion of participants that are free of relapse at 12 months",  # not "…th|at are free…"
    ],
)
def test_a_description_under_a_row_is_not_cut_into_a_row(paragraph):
    # Written for this test. A glued time frame that opens with a number counts time ("24 months",
    # "6, 12 and 24 weeks"); a number that counts nothing is part of the text. Where a description
    # is due, a "time frame" holding a finite verb is the rest of a clause.
    lines = ["Overall response rate (ORR)Up to 24 months", "", paragraph]
    endpoints = read_outcome_table("secondary", lines)
    assert [(e.measure, e.description, e.time_frame) for e in endpoints] == [
        ("Overall response rate (ORR)", paragraph, "Up to 24 months")
    ]


def test_glued_time_frames_that_open_with_a_count_of_time_are_still_cut():
    assert split_glued_time_frame("Change in HbA1c6, 12 and 24 weeks") == ("Change in HbA1c", "6, 12 and 24 weeks")
    assert split_glued_time_frame("Pain score (VAS)1 and 3 months after surgery") == (
        "Pain score (VAS)",
        "1 and 3 months after surgery",
    )


def test_arms_without_interventions_are_rows_of_their_own():
    # Written for this test: an observational study's cohorts name no intervention, so each row
    # glues its label straight to its description, or has no description at all.
    rows = [
        "GroupInterventionDescription",
        "Screening PatientsWomen scheduled for a routine screening mammogram",
        "Biopsy PatientsWomen scheduled for a breast biopsy",
        "Healthy controls",
    ]
    assert [(a.label, a.description) for a in read_arm_table(rows, [])] == [
        ("Screening Patients", "Women scheduled for a routine screening mammogram"),
        ("Biopsy Patients", "Women scheduled for a breast biopsy"),
        ("Healthy controls", None),
    ]


def test_an_arm_lists_each_intervention_once_and_a_wrapped_line_stays_in_its_description():
    rows = [
        "GroupInterventionDescription",
        "Green tea drinkGreen tea drinkGreen tea drink",  # label, intervention and description alike
        "Low doseDrug XDrug X 10 mg daily for 4 weeks, then",
        "Drug X 20 mg daily until progression",  # a wrapped line that names the drug, unglued
    ]
    arms = read_arm_table(rows, ["Green tea drink", "Drug X"])
    assert [(a.label, a.description, a.intervention_names) for a in arms] == [
        ("Green tea drink", "Green tea drink", ("Green tea drink",)),
        ("Low dose", "Drug X 10 mg daily for 4 weeks, then\nDrug X 20 mg daily until progression", ("Drug X",)),
    ]


def test_a_label_ending_in_its_number_or_a_word_run_into_an_acronym_is_cut_there():
    # Written for this test: observational cohorts without interventions glue label and description.
    rows = [
        "GroupInterventionDescription",
        "Cohort 1Participants who received two doses of the vaccine.",
        "Group-2LTBI and diabetes. Screened at entry.",
        "Control-armPOC glucose readings only. Blinded sensor.",
        "Radiotherapy 30Gy in 10 fractions",  # a unit glued to its number stays whole
    ]
    assert [(a.label, a.description) for a in read_arm_table(rows, [])] == [
        ("Cohort 1", "Participants who received two doses of the vaccine."),
        ("Group-2", "LTBI and diabetes. Screened at entry."),
        ("Control-arm", "POC glucose readings only. Blinded sensor."),
        ("Radiotherapy 30Gy in 10 fractions", None),
    ]


def test_the_items_of_a_list_a_description_opens_stay_in_it():
    # Written for this test: the numbered items are not arms, although they are short rows.
    rows = [
        "GroupInterventionDescription",
        "Radiotherapy aloneRadiotherapy according to the number of lesions:",
        "1. 30 Gy in 10 fractions for more than 5 lesions;",
        "2. 40 Gy in 15 fractions otherwise.",
        "ObservationFollow-up visits only",
    ]
    assert [(a.label, a.description) for a in read_arm_table(rows, [])] == [
        (
            "Radiotherapy alone",
            "Radiotherapy according to the number of lesions:\n1. 30 Gy in 10 fractions for more than 5 lesions;"
            "\n2. 40 Gy in 15 fractions otherwise.",
        ),
        ("Observation", "Follow-up visits only"),
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # Written for this test: a list of time points is one time frame, never a description's tail.
        (
            "Serum drug concentration, Measured with a validated assay, at Day 1, Day 8, Day 15 and Day 29",
            ("Serum drug concentration", "Measured with a validated assay", "at Day 1, Day 8, Day 15 and Day 29"),
        ),
        (
            "Grip strength, Measured with a dynamometer, 2 weeks, 6 weeks, 3 months",
            ("Grip strength", "Measured with a dynamometer", "2 weeks, 6 weeks, 3 months"),
        ),
    ],
)
def test_a_list_of_time_points_stays_one_time_frame(item, expected):
    assert astuple(split_outcome(item)) == expected


def test_time_points_alone_are_told_from_phrases_that_mention_a_time():
    points = ["6 weeks", "Week 12", "at Day 1", "and 24 months", "Baseline (Week 0)", "1-month", "Weeks 1-2"]
    assert all(is_time_point(point) for point in points)
    phrases = ["compared to baseline", "12 months after surgery", "Overall survival", "Day 1 of each cycle"]
    assert not any(is_time_point(phrase) for phrase in phrases)


def test_the_run_of_names_glued_to_the_label_wins_over_a_name_inside_the_label():
    # Written for this test: the label holds a bracketed name and a "+"-joined one; the glued
    # run of names (after the label's last character) is where the label ends.
    rows = [
        "GroupInterventionDescription",
        "Magnetic field (PEMF) treatment groupPEMFHot packPEMF and hot pack daily for 3 weeks.",
        "Drug A+Drug B armDrug BDrug ABoth drugs together.",
        "10 mg of Drug ADrug AComparator.",  # the name after a space is looked for again where glued
    ]
    arms = read_arm_table(rows, ["PEMF", "Hot pack", "Drug A", "Drug B"])
    assert [(a.label, a.description, a.intervention_names) for a in arms] == [
        ("Magnetic field (PEMF) treatment group", "PEMF and hot pack daily for 3 weeks.", ("PEMF", "Hot pack")),
        ("Drug A+Drug B arm", "Both drugs together.", ("Drug B", "Drug A")),
        ("10 mg of Drug A", "Comparator.", ("Drug A",)),
    ]


def test_a_short_nameless_line_right_after_an_arm_row_is_the_next_arm():
    # Written for this test: the last arm names no intervention; a description's further
    # paragraph comes after a blank line and stays in it.
    lines = [
        "GroupInterventionDescription",
        "Digital therapyApp XCBT delivered through the app",
        "",
        "Sessions are weekly",
        "Usual careUsual care",
        "Treatment as usual",
    ]
    arms = read_arm_table(lines, ["App X", "Usual care"])
    assert [(a.label, a.description) for a in arms] == [
        ("Digital therapy", "CBT delivered through the app\nSessions are weekly"),
        ("Usual care", None),
        ("Treatment as usual", None),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # Written for this test: a cut one or two letters into a word, or after an acronym's first
        # capitals, is no glue point.
        ("Dynamics of bone marrow fat fractionDay 15", ("Dynamics of bone marrow fat fraction", "Day 15")),
        ("Number of Parents That Complete the DiaryDay 15", ("Number of Parents That Complete the Diary", "Day 15")),
        ("Percentage of patients in CR or PRup to 26 weeks", ("Percentage of patients in CR or PR", "up to 26 weeks")),
        ("Incidence of new-onset DMat 1 year", ("Incidence of new-onset DM", "at 1 year")),
        ("LDL-Cafter 6 months", ("LDL-C", "after 6 months")),
    ],
)
def test_a_time_frame_never_opens_inside_a_short_word_or_an_acronym(row, expected):
    assert split_glued_time_frame(row, "row") == expected


def test_the_description_gives_back_the_digits_of_a_name_glued_to_a_number():
    # Written for this test: "GLP-1" meets "6 months"; the description names GLP-1 whole.
    lines = ["Percent increase in GLP-16 months", "", "GLP-1 plasma levels at 6 months against baseline.", ""]
    [endpoint] = read_outcome_table("secondary", lines)
    assert (endpoint.measure, endpoint.time_frame) == ("Percent increase in GLP-1", "6 months")


def test_a_row_ending_in_the_time_frame_of_a_row_above_is_a_row():
    # Written for this test: the shared time frame alone reads as no time frame at all.
    lines = [
        "Demographicsat the beginning of the study", "", "Age and sex of participants", "",
        "Headache phenotype characteristicsat the beginning of the study", "", "Attack frequency and duration", "",
    ]  # fmt: skip
    assert [(e.measure, e.description, e.time_frame) for e in read_outcome_table("secondary", lines)] == [
        ("Demographics", "Age and sex of participants", "at the beginning of the study"),
        ("Headache phenotype characteristics", "Attack frequency and duration", "at the beginning of the study"),
    ]


def test_a_time_frame_that_opens_as_its_neighbours_do_is_evidence_for_its_cut():
    # one list states its times alike: a cut whose time frame opens as the others' do is likelier
    # than one that leaves the last items of a list of parameters at its head
    neighbours = segmenter.Neighbours.of(
        [
            ("Pulse rate", "Parameters: pulse AUC", "from predose until 10 hours postdose"),
            ("Serum sodium", None, "From predose until 20 hours postdose"),
            ("Body weight", None, "Week 4"),
        ]
    )
    model = segmenter.shipped()
    right = ("Blood sugar", "Parameters: AUC0-4h, Cmax and tmax", "from predose until 10 hours postdose")
    wrong = ("Blood sugar", "Parameters: AUC0-4h", "Cmax and tmax, from predose until 10 hours postdose")
    opens_alike = "time_frame_opens_as_neighbours"
    assert segmenter.item_features(model, right, neighbours)[opens_alike] == pytest.approx(2 / 3)
    assert opens_alike not in segmenter.item_features(model, wrong, neighbours)
    assert opens_alike not in segmenter.item_features(model, right)  # an item alone has no neighbours
    assert model.weights[opens_alike] > 0


def test_a_description_that_reads_as_a_time_frame_is_evidence_against_its_cut():
    # a list of sampling times cut inside it leaves a "description" that is only times; a real
    # description says what is measured, and the learned weight holds that against such a cut
    model = segmenter.shipped()
    item = (
        "Serum cortisol response to the cold pressor test, 15 minutes before immersion and 15 minutes, "
        "30 minutes, 45 minutes and 60 minutes after immersion"
    )
    right = ("Serum cortisol response to the cold pressor test", None, item.split(", ", 1)[1])
    wrong = (
        right[0],
        "15 minutes before immersion and 15 minutes",
        "30 minutes, 45 minutes and 60 minutes after immersion",
    )
    assert {right, wrong} <= set(flat_candidates(item))
    timed = segmenter.item_features(model, wrong)["d_rule"]
    prose_like = segmenter.item_features(model, (right[0], "Measured by ELISA in the morning", right[2]))["d_rule"]
    assert timed > prose_like
    assert "d_rule" not in segmenter.item_features(model, right)  # no description, nothing to read
    assert model.weights["d_rule"] < 0
    assert astuple(split_outcome(item)) == right
