"""Flat outcome cuts, thirteenth session: evidence the segmenter learns about where fields meet."""

from dataclasses import astuple

from tasks.parsers import segmenter
from tasks.parsers.outcome_split import flat_candidates, split_outcome
from tasks.parsers.segment_features import closing_qualifier, continues_title, inside_list, list_piece, title_cased


def test_what_reads_as_one_item_of_a_list():
    assert list_piece("Potassium")
    assert list_piece("Alkaline Phosphatase (ALP)")  # the bracket is the item's unit or acronym
    assert list_piece("AUC0-12h")
    assert not list_piece("Measured by ELISA in the morning")  # too many words for an item
    assert not list_piece("* Summary statistics")  # a bullet opens a description
    assert not list_piece("Defined below.")  # ends a clause


def test_a_cut_between_two_items_of_a_list():
    assert inside_list("Chemistry following dosing: Glucose, Potassium", "Sodium, Blood urea nitrogen (mmol/L)")
    assert inside_list("Plasma glucose, parameters evaluated: AUC0-4h", "AUC0-12h, Cmax and tmax")
    # the measure holds no list: its comma is the measure's end, not an item's
    assert not inside_list("Vital signs", "Heart rate, Respiratory rate, Body temperature")
    # the text after opens with a sentence, not an item
    assert not inside_list("Blood count: Platelets", "Counted by the central laboratory in each sample")


def test_a_measure_listing_its_parameters_is_not_cut_inside_the_list():
    item = (
        "Change from Baseline in renal parameters following administration of IV infusion: Creatinine, "
        "Cystatin C (Micromoles per liter), Baseline and Up to Week 24"
    )
    measure = item.rsplit(", ", 1)[0]
    wrong = (measure.split(", Cystatin")[0], "Cystatin C (Micromoles per liter)", "Baseline and Up to Week 24")
    model = segmenter.shipped()
    assert wrong in flat_candidates(item)
    assert segmenter.item_features(model, wrong)["d_inside_list"] == 1.0
    assert model.weights["d_inside_list"] < 0
    assert astuple(split_outcome(item)) == (measure, None, "Baseline and Up to Week 24")


def test_a_description_listing_items_after_a_plain_measure_is_left_alone():
    item = "Vital signs, Heart rate, Respiratory rate, Body temperature, Day 1 to Day 28"
    assert astuple(split_outcome(item)) == (
        "Vital signs",
        "Heart rate, Respiratory rate, Body temperature",
        "Day 1 to Day 28",
    )


def test_what_reads_as_a_title():
    assert title_cased("Change From Baseline in the Number of Weekly Attacks", 2)  # minor words stay lower case
    assert not title_cased("Change from baseline in the number of attacks", 2)
    assert not title_cased("PFS", 2)  # one word says nothing about a title
    assert continues_title("Averaged Over Weeks 1-4")
    assert continues_title("General Satisfaction Subscale, Six items rated on a scale")  # its first piece only
    assert not continues_title("Defined as the time from randomisation to death")
    assert not continues_title("LIPID PROFILE")  # an acronym or a shout, not a title
    assert not continues_title("Measured By ELISA.")  # ends a sentence


def test_a_title_case_piece_after_a_title_case_measure_stays_in_the_measure():
    item = (
        "Patient Satisfaction Questionnaire (PSQ-18), General Satisfaction Subscale, Six items rated on a "
        "5-point scale (1 = strongly agree to 5 = strongly disagree), End of treatment (8 weeks)"
    )
    scale, subscale = "Patient Satisfaction Questionnaire (PSQ-18)", "General Satisfaction Subscale"
    description = "Six items rated on a 5-point scale (1 = strongly agree to 5 = strongly disagree)"
    wrong = (scale, f"{subscale}, {description}", "End of treatment (8 weeks)")
    model = segmenter.shipped()
    assert wrong in flat_candidates(item)
    assert segmenter.item_features(model, wrong)["d_continues_title"] == 1.0
    assert model.weights["d_continues_title"] < 0
    assert astuple(split_outcome(item)) == (f"{scale}, {subscale}", description, "End of treatment (8 weeks)")


def test_a_title_case_description_of_a_few_words_is_left_alone():
    assert astuple(split_outcome("Heart Rate, Measured From Fitbit, Week 4")) == (
        "Heart Rate",
        "Measured From Fitbit",
        "Week 4",
    )


def test_what_is_only_a_qualifier_of_the_measure():
    assert closing_qualifier("in minutes")
    assert closing_qualifier("compared to baseline")
    assert closing_qualifier("across treatment groups")
    assert not closing_qualifier("In week 3 compared to baseline")  # a capital opens a field of its own
    assert not closing_qualifier("according to sleep diary")  # real descriptions open so
    assert not closing_qualifier("in the morning before the first dose after rest")  # a phrase of its own


def test_a_closing_qualifier_stays_in_the_measure():
    item = "Change in body weight, in kilograms, Baseline, Week 24"
    wrong = ("Change in body weight", "in kilograms", "Baseline, Week 24")
    model = segmenter.shipped()
    assert wrong in flat_candidates(item)
    assert segmenter.item_features(model, wrong)["d_qualifier"] == 1.0
    assert model.weights["d_qualifier"] < 0
    assert astuple(split_outcome(item)) == ("Change in body weight, in kilograms", None, "Baseline, Week 24")


def test_a_description_opening_with_a_preposition_is_left_alone():
    item = "Seated blood pressure, in the morning before the first dose after five minutes of rest, Week 12"
    description = "in the morning before the first dose after five minutes of rest"
    assert astuple(split_outcome(item)) == ("Seated blood pressure", description, "Week 12")
