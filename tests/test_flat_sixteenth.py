"""Flat exports, sixteenth session: what a description restates fixes where the measure ends.

The outcome texts are made up; they follow ClinicalTrials.gov's conventions, not any record's wording.
"""

from dataclasses import astuple

from tasks.parsers.outcome_split import restates_measure, split_outcome_list


def test_a_description_that_restates_its_measure_ends_the_measure_there():
    # neighbours without descriptions pulled the model of version 1.37 to one long measure
    field = (
        "Grip strength, 1 month|Finger stiffness, 1 month|"
        "numbness of the fingers, numbness of the fingers after riding (rating scale), 1 month"
    )
    assert astuple(split_outcome_list(field)[2]) == (
        "numbness of the fingers",
        "numbness of the fingers after riding (rating scale)",
        "1 month",
    )


def test_a_restated_measure_must_end_as_a_word():
    assert restates_measure("Grip strength, left hand", "Grip strength, left hand, in kilograms")
    assert restates_measure("Finger stiffness", "finger stiffness")
    # "Grip" is not restated by "Gripping force": the measure's last word runs on
    assert not restates_measure("Grip", "Gripping force of the hand")
    assert not restates_measure("Grip strength", "Strength of the grip")
