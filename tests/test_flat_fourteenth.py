"""Flat exports, fourteenth session: fields read by their place, time frames cut where they start.

The outcome texts are made up; they follow ClinicalTrials.gov's conventions, not any record's wording.
"""

from dataclasses import astuple

from conftest import FLAT_DESCRIPTION, FLAT_HEADER

from tasks.parsers import ctgov_flat, segmenter
from tasks.parsers.flat_position import first_field_by_place
from tasks.parsers.outcome_split import split_outcome
from tasks.parsers.segment_features import restarts_time_frame


def _endpoints(lines: list[str]) -> list[tuple]:
    record = ctgov_flat.parse("\n".join(lines))
    return [(e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints]


def test_the_first_field_is_read_by_its_place_when_its_time_frame_is_a_bare_year():
    field = "Share of rides finished with warm fingers, 2031"
    assert _endpoints([*FLAT_HEADER, field, FLAT_DESCRIPTION]) == [
        ("primary", "Share of rides finished with warm fingers", None, "2031")
    ]


def test_the_first_field_is_read_by_its_place_when_it_ends_the_document():
    field = "Finger temperature after the ride, Compared between the two rides, Single visit"
    assert _endpoints([*FLAT_HEADER, field])[0][3] == "Single visit"


def test_a_description_paragraph_in_the_first_fields_place_stays_prose():
    paragraph = "Cyclists rode in the hills, in the winter of 2031"
    # a paragraph of a description is followed by a blank line, never directly by another line
    assert not first_field_by_place([*FLAT_HEADER, paragraph, "", FLAT_DESCRIPTION], 4)
    # a sentence break inside makes it prose
    assert not first_field_by_place([*FLAT_HEADER, "Rides were long. Hands got cold, in 2031", FLAT_DESCRIPTION], 4)
    # nothing after its last comma names a time
    assert not first_field_by_place([*FLAT_HEADER, "Warm hands, dry gloves", FLAT_DESCRIPTION], 4)
    record = ctgov_flat.parse("\n".join([*FLAT_HEADER, paragraph, "", FLAT_DESCRIPTION]))
    assert not record.endpoints


def test_a_time_frame_restarted_after_a_description_is_evidence_against_its_cut():
    merged = "Riders are asked about numb fingers at the end of each ride up to 8 weeks, Every two weeks up to 8 weeks"
    assert restarts_time_frame(merged) == "U"
    assert restarts_time_frame("Grip temperature is logged after each ride in the cold, 2 and 4 weeks after the start")
    # a list of time points, a short head, and a piece continued in lower case restart nothing
    assert restarts_time_frame("Week 2, Week 4, Week 6 (end of rides)") is None
    assert restarts_time_frame("Baseline, Week 8") is None
    assert restarts_time_frame("Time from the first ride to the first frostbite, assessed up to 8 weeks") is None
    model = segmenter.shipped()
    assert model.weights["t_restarts=U"] < 0 and model.weights["t_restarts=9"] < 0


def test_a_description_is_not_merged_into_the_time_frame_it_precedes():
    # the shipped model of version 1.36 read the description as the head of the time frame
    item = "Grip comfort, Change in grip comfort score after 3 weeks and 6 weeks, 2 months"
    assert astuple(split_outcome(item)) == (
        "Grip comfort",
        "Change in grip comfort score after 3 weeks and 6 weeks",
        "2 months",
    )
