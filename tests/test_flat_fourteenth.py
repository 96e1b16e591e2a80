"""Flat exports, fourteenth session: fields read by their place, time frames cut where they start.

The outcome texts are made up; they follow ClinicalTrials.gov's conventions, not any record's wording.
"""

from tasks.parsers import ctgov_flat
from tasks.parsers.flat_position import first_field_by_place

HEADER = [
    "Hand Warmth in Winter Cyclists",
    "This study tests whether heated grips keep the hands of winter cyclists warm on long rides.",
    "Cold Hands|Raynaud Phenomenon",
    "DEVICE: Heated grip",
]
DESCRIPTION = "Cyclists ride twice, with and without the grips, in random order on two cold mornings."


def _endpoints(lines: list[str]) -> list[tuple]:
    record = ctgov_flat.parse("\n".join(lines))
    return [(e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints]


def test_the_first_field_is_read_by_its_place_when_its_time_frame_is_a_bare_year():
    field = "Share of rides finished with warm fingers, 2031"
    assert _endpoints([*HEADER, field, DESCRIPTION]) == [
        ("primary", "Share of rides finished with warm fingers", None, "2031")
    ]


def test_the_first_field_is_read_by_its_place_when_it_ends_the_document():
    field = "Finger temperature after the ride, Compared between the two rides, Single visit"
    assert _endpoints([*HEADER, field])[0][3] == "Single visit"


def test_a_description_paragraph_in_the_first_fields_place_stays_prose():
    paragraph = "Cyclists rode in the hills, in the winter of 2031"
    # a paragraph of a description is followed by a blank line, never directly by another line
    assert not first_field_by_place([*HEADER, paragraph, "", DESCRIPTION], 4)
    # a sentence break inside makes it prose
    assert not first_field_by_place([*HEADER, "Rides were long. Hands got cold, in 2031", DESCRIPTION], 4)
    # nothing after its last comma names a time
    assert not first_field_by_place([*HEADER, "Warm hands, dry gloves", DESCRIPTION], 4)
    record = ctgov_flat.parse("\n".join([*HEADER, paragraph, "", DESCRIPTION]))
    assert not record.endpoints
