"""Flat exports, sixteenth session: restated measures, fields ended by the line below, lists read twice.

The outcome texts are made up; they follow ClinicalTrials.gov's conventions, not any record's wording.
"""

from dataclasses import astuple

from conftest import FLAT_DESCRIPTION, FLAT_HEADER

from tasks.parsers import ctgov_flat
from tasks.parsers.flat_position import one_line_field
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


def test_a_lone_field_right_above_a_list_ends_there():
    # its time frame is none the rules read, so version 1.38 read on into the list below
    primary = (
        "Grip Assessment, Grip strength was measured with a hand dynamometer. Each hand was tested three times "
        "and the best value was kept., the change of grip strength was measured twice by a physiotherapist "
        "before and after the rides"
    )
    secondary = (
        "Warmth Assessment, Skin temperature of the fingertips was read with a probe., the change of finger warmth "
        "was assessed before the rides, after the last ride and 3 months after the rides|Comfort Assessment, Riders "
        "rated the comfort of their hands on a 10-point scale., the change of comfort assessed before the rides and "
        "3 months after the rides"
    )
    record = ctgov_flat.parse("\n".join([*FLAT_HEADER, primary, secondary, FLAT_DESCRIPTION]))
    assert [(e.kind, e.measure) for e in record.endpoints] == [
        ("primary", "Grip Assessment"),
        ("secondary", "Warmth Assessment"),
        ("secondary", "Comfort Assessment"),
    ]
    assert record.endpoints[0].time_frame.endswith("before and after the rides")
    assert record.detailed_description == FLAT_DESCRIPTION


def test_a_line_is_no_field_of_its_own_when_it_holds_a_list_or_a_blank_line_follows():
    listed = "Warmth, 1 month|Comfort, 3 months"
    assert one_line_field(["Grip, the change of grip strength before and after the rides", listed], 0)
    assert not one_line_field(["Grip, 1 month|Reach, 2 months", listed], 0)
    assert not one_line_field(["", listed], 0)
    assert not one_line_field(["Grip, 1 month", ""], 0)


def test_an_outcome_line_followed_directly_by_text_is_a_whole_field():
    # a field whose time frame no rule reads, right above the next field's first paragraph
    primary = "Grip strength, Measured with a hand dynamometer., After the last ride of the study."
    secondary = ["Finger Warmth, Skin temperature of the fingertips.", "", "Read with a probe., 3 months"]
    record = ctgov_flat.parse("\n".join([*FLAT_HEADER, primary, *secondary, FLAT_DESCRIPTION]))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Grip strength", "After the last ride of the study."),
        ("secondary", "Finger Warmth", "3 months"),
    ]


def test_a_line_that_opens_a_list_item_goes_on_with_the_field_above():
    assert one_line_field(["Grip, Measured with a dynamometer., 1 month", "Warmth, 1 month"], 0)
    assert not one_line_field(["Grip, The scores are:", "1. strength of the left hand"], 0)
    assert not one_line_field(["Grip, * strength of the left hand", "* strength of the right hand, 1 month"], 0)


def test_a_list_is_read_again_knowing_how_its_neighbours_were_read_with_theirs():
    # read alone, two of three items lack a description, so version 1.40's reading with neighbours
    # merged the first item's description into its time frame; the second reading sees them described
    field = (
        "Ride duration, Time in minutes from the first pedal stroke until the bike is parked, at the end of the ride|"
        "Warm-up duration, time in minutes from mounting the bike to the first climb, at the end of the warm-up|"
        "Finger temperature, measured with a skin probe, at the end of the ride"
    )
    assert [astuple(part) for part in split_outcome_list(field)] == [
        (
            "Ride duration",
            "Time in minutes from the first pedal stroke until the bike is parked",
            "at the end of the ride",
        ),
        ("Warm-up duration", "time in minutes from mounting the bike to the first climb", "at the end of the warm-up"),
        ("Finger temperature", "measured with a skin probe", "at the end of the ride"),
    ]
