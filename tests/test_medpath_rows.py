"""MedPath outcome rows that older records and shared time frames make hard to cut.

Every row here is written for this test in the shape real tables take, not copied from one.
"""

from __future__ import annotations

import pytest

from tasks.parsers.medpath_evidence import Evidence, cut_at_opening, opening, shared_ending
from tasks.parsers.medpath_tables import read_outcome_table, split_glued_time_frame
from tasks.parsers.timeframe_text import time_frame_score


def _rows(lines: list[str]) -> list[tuple[str, str | None, str | None]]:
    return [(e.measure, e.description, e.time_frame) for e in read_outcome_table("primary", lines)]


@pytest.mark.parametrize("name", ["McGill Pain Score", "SF-12 Mental Health Survey", "Oswestry Disability Index"])
def test_a_row_where_nothing_reads_as_a_time_frame_states_none(name):
    # Older records state no time frame: the name is not cut into "Mc" + "Gill Pain Score".
    assert split_glued_time_frame(name, "row") == (name, None)


def test_a_table_of_names_without_time_frames_keeps_every_name_whole():
    assert _rows(["Knee Pain Index", "Walking Distance Scale", "Grip Strength"]) == [
        ("Knee Pain Index", None, None),
        ("Walking Distance Scale", None, None),
        ("Grip Strength", None, None),
    ]


def test_a_glued_capitalised_time_frame_the_rules_do_not_read_is_still_cut():
    row = "Decision regret scoreRecorded right after the consultation"
    assert split_glued_time_frame(row, "row") == ("Decision regret score", "Recorded right after the consultation")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Length of stay in the wardAt the end of hospitalization", ("Length of stay in the ward", "At the end of hospitalization")),
        ("Neck mobilityImmediate postop, 6 weeks, 12 months", ("Neck mobility", "Immediate postop, 6 weeks, 12 months")),
        ("Trunk flexion range3rd week", ("Trunk flexion range", "3rd week")),
        ("TTFtime from first dose until treatment failure, up to 3 years", ("TTF", "time from first dose until treatment failure, up to 3 years")),
        ("Knee pain scorechange between baseline and the 6th month visit", ("Knee pain score", "change between baseline and the 6th month visit")),
    ],
)  # fmt: skip
def test_a_row_after_a_description_is_cut_at_openings_of_real_time_frames(row, expected):
    # After a description paragraph a row must show a time-frame opening, or it is text.
    assert split_glued_time_frame(row, "either") == expected


def test_ordinal_time_points_read_as_time_frames():
    assert time_frame_score("4th week") > 0
    assert time_frame_score("at the 12th month control") > 0


def test_digits_glued_between_name_and_time_frame_go_where_the_rows_share_a_time_frame():
    # "Uptake-26 months": "Uptake-2" + "6 months", as its sibling rows read.
    lines = [
        "Uptake-16 months", "", "Share of clinics that adopt the tool", "",
        "Uptake-26 months", "", "Share of clinicians who use the tool", "",
        "Adherence-19 months", "", "Weeks with at least one session", "",
        "Adherence-29 months", "", "Sessions per week", "",
    ]  # fmt: skip
    assert [(m, t) for m, _, t in _rows(lines)] == [
        ("Uptake-1", "6 months"),
        ("Uptake-2", "6 months"),
        ("Adherence-1", "9 months"),
        ("Adherence-2", "9 months"),
    ]


def test_a_number_that_opens_every_time_frame_stays_with_it():
    # Different whole time frames: no reading makes them shared, so the cut stands.
    lines = [
        "Disc degeneration60 months after surgery",
        "",
        "MRI grade",
        "",
        "Disc degeneration120 months after surgery",
    ]
    assert [t for _, _, t in _rows(lines)] == ["60 months after surgery", "120 months after surgery"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Overall survivalestimated about 24 months.", ("Overall survival", "estimated about 24 months.")),
        ("Loneliness scorebase-line, four weeks, and eight weeks", ("Loneliness score", "base-line, four weeks, and eight weeks")),
        ("Skin moisture contentweek0, 2, 4 and 8", ("Skin moisture content", "week0, 2, 4 and 8")),
        ("Asthma controlon admission and discharge from the ward", ("Asthma control", "on admission and discharge from the ward")),
        ("Change in hemoglobin A1cchange from baseline to 12 weeks", ("Change in hemoglobin A1c", "change from baseline to 12 weeks")),
        ("Anxiety after 6 months follow-upfrom enrollment to 6 months", ("Anxiety after 6 months follow-up", "from enrollment to 6 months")),
    ],
)  # fmt: skip
def test_lower_case_time_frames_open_after_codes_and_compounds(row, expected):
    # Letters that end a code ("A1c") or a compound ("follow-up") are no short word to keep whole.
    assert split_glued_time_frame(row, "row") == expected


def test_an_acronym_glued_after_a_slash_is_not_cut():
    row = "Survival after CD19/CD22-CAR T cell infusion1 year"
    assert split_glued_time_frame(row, "row") == ("Survival after CD19/CD22-CAR T cell infusion", "1 year")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # two known words that make no known word together: a lower-case time frame glued to the name
        ("Comfortcomfort levels were measured on the first postoperative day",
         ("Comfort", "comfort levels were measured on the first postoperative day")),
        ("Pain intensitymeasured at baseline and after 6 weeks", ("Pain intensity", "measured at baseline and after 6 weeks")),
        ("Quality of lifeassessed at week 12", ("Quality of life", "assessed at week 12")),
    ],
)  # fmt: skip
def test_a_lower_case_time_frame_glued_inside_a_token_is_cut_between_two_known_words(row, expected):
    assert split_glued_time_frame(row, "row") == expected


def test_a_known_word_is_not_cut_into_two():
    # "outcome" is a word of the records: "out" + "come" is no glue point
    assert split_glued_time_frame("Patient outcome scale", "row") == ("Patient outcome scale", None)


def test_a_glue_point_never_falls_inside_brackets():
    from tasks.parsers.medpath_glue import word_cuts

    row = "Spinal alignmentthe angle (Cobb method) was measured by two readers"
    opening, closing = row.index("("), row.index(")")
    cuts = word_cuts(row)
    assert row.index("the angle") in cuts  # "alignment" + "the": two known words glued
    assert not [cut for cut in cuts if opening < cut <= closing]


@pytest.mark.parametrize(
    ("row", "at", "inside"),
    [
        ("Patients without evidence of progressive disease in 6 months", "ive disease", True),
        ("Number of headaches from baseline to month 3", "s from", True),
        ("Overall survivalup to 2 years", "up to", False),
    ],
)
def test_a_cut_inside_a_known_word_is_no_glue_point(row, at, inside):
    from tasks.parsers.known_words import inside_a_known_word

    assert inside_a_known_word(row, row.index(at)) is inside


def test_an_abbreviation_in_a_name_is_no_sentence_break():
    # "vs." and initials end no sentence: the row after a description still reads as a row.
    lines = [
        "Pain After 6 Weeks With Device 1 vs. Device 2Baseline and 6 weeks",
        "",
        "Pain measured on a visual analogue scale.",
        "",
        "Sleep After 6 Weeks With Device 1 vs. Device 2.Baseline and 6 weeks",
        "",
        "Sleep measured by the Pittsburgh index.",
    ]
    assert _rows(lines) == [
        (
            "Pain After 6 Weeks With Device 1 vs. Device 2",
            "Pain measured on a visual analogue scale.",
            "Baseline and 6 weeks",
        ),
        (
            "Sleep After 6 Weeks With Device 1 vs. Device 2.",
            "Sleep measured by the Pittsburgh index.",
            "Baseline and 6 weeks",
        ),
    ]


@pytest.mark.parametrize(
    "row",
    [
        "Questionnaire score (QS)One-time assessment within 30mins before the visit",
        "Heart rate variability (HRV)Continuous recording within 45minutes after the infusion",
    ],
)
def test_a_number_keeps_its_unit_of_minutes(row):
    # "30|mins" is no glue point: a number and its unit, as "35days" is.
    name, time_frame = split_glued_time_frame(row, "row")
    assert name.endswith(")") and time_frame.startswith(("One-time", "Continuous"))


def test_an_opening_that_completes_a_word_of_the_records_opens_no_time_frame():
    # "every|day life": "day" opens real time frames, but "everyday" is one word of the records.
    paragraphs = ["Short Form SF-12 survey.", "The SF-12 is a self-reported measure of health in everyday life."]
    lines = ["Quality of lifeAt 6 weeks", "", paragraphs[0], "", paragraphs[1]]
    assert _rows(lines) == [("Quality of life", "\n\n".join(paragraphs), "At 6 weeks")]


def test_a_row_the_rules_cannot_cut_is_not_cut_inside_its_brackets_or_an_acronym():
    # Only the character models would cut here: never where a bracket the name opens closes after the
    # cut ("free-|survival)"), nor between two capitals of one acronym ("PF|S").
    row = "PFS (progression free-survival), defined by the share of patients without progression in 6 months"
    assert split_glued_time_frame(row, "row") == (row, None)
    # a stray bracket of the name's own does not forbid the cut after it
    stray = "AUCτ (area under the curve) over a dosing interval τ)up to 17 months"
    assert split_glued_time_frame(stray, "row") == (
        "AUCτ (area under the curve) over a dosing interval τ)",
        "up to 17 months",
    )


def test_a_time_frame_worded_like_another_rows_marks_the_cut():
    # Neither the rules nor the character models read "Patients are followed up …" as a time frame; that
    # another row's time frame opens the same way does, in this table and in the document's others.
    opening = "Patients are followed up from the index date"
    table = [
        "Progression-free survival (PFS)" + opening + " to progression or death, up to 5 years.",
        "",
        "PFS defined from the index date.",
        "",
        "Overall survival (OS)" + opening + " to death, up to 5 years.",
        "",
        "OS defined from the index date.",
    ]
    assert [(e.measure, e.time_frame) for e in read_outcome_table("primary", table)] == [
        ("Progression-free survival (PFS)", opening + " to progression or death, up to 5 years."),
        ("Overall survival (OS)", opening + " to death, up to 5 years."),
    ]
    secondary = [
        "Adverse eventsUp to 90 days",
        "",
        "Any event.",
        "",
        "Time to metastasis" + opening + " to metastasis.",
    ]
    elsewhere = Evidence(frozenset({"Patients are followed"}))
    assert [(e.measure, e.time_frame) for e in read_outcome_table("secondary", secondary, elsewhere)] == [
        ("Adverse events", "Up to 90 days"),
        ("Time to metastasis", opening + " to metastasis."),
    ]


def test_a_shared_opening_inside_brackets_marks_no_cut():
    assert cut_at_opening("Change in weekly attack frequency(baseline, week 2)", {"baseline, week 2)"}) is None
    assert opening("Up to 2 years") is None  # short, common openings are no evidence


def test_rows_that_end_alike_share_their_time_frame():
    # Neither rules nor character models read "2019.7-2022.7" or "retrospective data analysis …" as a time
    # frame; every row ending in it, glued to a different name, does ("VT|Eretrospective" was cut before).
    dates = ["progression-free survival (PFS)2019.7-2022.7", "", "Time to progression.", ""]
    dates += ["overall survival (OS)2019.7-2022.7", "", "Time to death."]
    assert [(e.measure, e.time_frame) for e in read_outcome_table("primary", dates)] == [
        ("progression-free survival (PFS)", "2019.7-2022.7"),
        ("overall survival (OS)", "2019.7-2022.7"),
    ]
    tail = "retrospective data analysis from 2013 to 2020"
    rows = [f"Recurrence of VTE{tail}", f"Major bleedings{tail}", f"All-cause death{tail}"]
    assert [(e.measure, e.time_frame) for e in read_outcome_table("primary", rows)] == [
        ("Recurrence of VTE", tail),
        ("Major bleedings", tail),
        ("All-cause death", tail),
    ]


@pytest.mark.parametrize(
    ("row", "other", "expected"),
    [
        ("Sputum Eosinophil Percentages24 weeks", "Sputum IL-8 Levels24 weeks", "24 weeks"),  # names end alike
        ("Numeric pain rating scale for back8th weeks", "SLR8th weeks", "8th weeks"),  # an ordinal stays whole
        ("Change in mood on a scale.1 year follow up", "Quality of life.1 year follow up", "1 year follow up"),
        ("Satisfaction assessed by a 4-items question3-months", "Opinion assessed by a 6-items question3-months", None),
        ("Scale-184weeks, 8weeks after start", "Inventory4weeks, 8weeks after start", None),  # a number goes on
        ("Pain score painPre-operative", "Duration of the surgeryPerioperative", None),  # the end of a word only
        ("Secondary Efficacy28 weeks post-implant", "Primary Efficacy28 weeks post-implant", None),
    ],
)
def test_where_a_shared_ending_opens_a_time_frame(row, other, expected):
    start = shared_ending(row, (other,))
    assert (row[start:] if start is not None else None) == expected


def test_a_row_without_description_directly_above_a_clear_row_is_a_row():
    # After a description only a clear row ends it; but rows without a description follow each
    # other with no blank line, while a description's last paragraph is followed by one.
    bare = (
        "Comparison of disc heights of patients with values reported in the literature.Assessed during the study visit"
    )
    assert split_glued_time_frame(bare, "either") is None  # on its own it reads as description text
    lines = [
        "Pain intensity on a numeric rating scale6 months",
        "",
        "Pain is rated from 0 to 10 by the patient.",
        "",
        bare,
        "Walking distance on a treadmillMeasured at baseline and at 6 months follow-up",
        "",
        "Distance walked in six minutes.",
        "",
    ]
    assert _rows(lines) == [
        ("Pain intensity on a numeric rating scale", "Pain is rated from 0 to 10 by the patient.", "6 months"),
        ("Comparison of disc heights of patients with values reported in the literature.", None, "Assessed during the study visit"),
        ("Walking distance on a treadmill", "Distance walked in six minutes.", "Measured at baseline and at 6 months follow-up"),
    ]  # fmt: skip


def test_a_list_inside_a_description_stays_in_the_description():
    lines = [
        "Adverse events of special interestUp to 5 years",
        "",
        "Events of special interest include the following:",
        "",
        "* Diarrhoea / colitis and intestinal perforation",
        "* Pneumonitis / ILD",
        "* Hepatitis within 90 days of the last dose",
        "",
    ]
    [(measure, description, time_frame)] = _rows(lines)
    assert (measure, time_frame) == ("Adverse events of special interest", "Up to 5 years")
    assert description.endswith("* Hepatitis within 90 days of the last dose")
