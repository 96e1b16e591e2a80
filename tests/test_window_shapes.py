"""Time windows as criteria write them without "within": counts before an anchor, "in last N", brackets, the future.

Each case is made-up text in the shape real criteria use; the expected rows follow the labelling
guide in ``tests/data/labels/README.md`` (an event "N units prior to" is ``<= N``; the period a
frequency is counted over is no limit of its own).
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count before an anchor bounds how recent the event is
        ("Use of monoclonal antibodies 3 months prior to enrollment.", [("monoclonal antibodies", "<=", 3, "months")]),
        ("Received a live vaccine 30 days before the first dose", [("live vaccine", "<=", 30, "days")]),
        # a comparator in words before a number word is kept
        ("Tubal ligation at least six months prior to enrollment", [("tubal ligation", ">=", 6, "months")]),
        ("Diagnosis of asthma at least 24 weeks prior to screening", [("time since diagnosis", ">=", 24, "weeks")]),
        # a count that is part of a duration or a range is read as that shape, once (a stable weight, as labels name it)
        ("Weight stable for 3 months prior to the first visit", [("stable weight", "=", 3, "months")]),
        (
            "Radiotherapy 2 to 4 weeks before enrollment",
            [("radiotherapy", ">=", 2, "weeks"), ("radiotherapy", "<=", 4, "weeks")],
        ),
        # "not later than" compares; it names no event
        ("An attack that started not later than 1 week prior to screening", []),
    ],
)
def test_a_count_before_an_anchor_is_a_window(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Myocardial infarction in last one month.", [("myocardial infarction", "<=", 1, "months")]),
        ("Unstable angina in previous three months", [("unstable angina", "<=", 3, "months")]),
        ("Stroke in the 6 months before screening", [("stroke", "<=", 6, "months")]),
        ("History of malignancy within last 5 yrs., excluding skin cancer", [("malignancy", "<=", 5, "years")]),
        ("Stroke within 3 mos. of screening", [("stroke", "<=", 3, "months")]),
        # a window in brackets after a word of state bounds what follows the bracket
        ("Active (within the past 3 months) suicidal ideation.", [("suicidal ideation", "<=", 3, "months")]),
        # windows ahead count the same way
        ("Plans to relocate in the next 12 months", [("relocate", "<=", 12, "months")]),
        ("Surgery planned within the next 30 days", [("planned surgery", "<=", 30, "days")]),
    ],
)
def test_windows_without_within(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A mean of 2 or more headaches per day in the 3 days preceding inclusion",
        "Stable weekly seizure frequency in the 4 weeks prior to screening",
    ],
)
def test_the_period_a_frequency_is_counted_over_is_no_window(text):
    assert not [t for t in extract_thresholds(text) if t.window_days is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the items of a list before its last pair are the event too
        (
            "Use of NSAIDs, triptans or opiates in the previous 24 hours",
            [("nsaids, triptans or opiates", "<=", 24, "hours")],
        ),
        # a pair that opens with a preposition or "no" is a clause of its own, not the end of a list
        # (the window bounds the recurrence, whatever the negation)
        (
            "Carcinoma treated radically, with no recurrence or progression within 5 years",
            [("recurrence or progression", "<=", 5, "years")],
        ),
    ],
)
def test_a_window_after_a_list_names_the_whole_list(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Has had at least 2 bouts previously", [("bouts", ">=", 2, None)]),
        # the counted phrase must end in its noun
        ("Has more than 2 tumors accessible to biopsy", []),
    ],
)
def test_a_count_names_its_noun_without_the_words_after_it(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "another" is part of the event as written: another study, not this one
        ("Participation in another clinical study within 30 days", [("another clinical study", "<=", 30, "days")]),
        # "diagnosis of", "suspected" and a closing "diagnosed" only frame the event
        (
            "Diagnosis of Still's disease within 15 months prior to enrollment",
            [("still's disease", "<=", 15, "months")],
        ),
        ("Known or suspected history of drug abuse within the last 2 years", [("drug abuse", "<=", 2, "years")]),
        ("Active malignancy diagnosed within 3 years before randomization", [("active malignancy", "<=", 3, "years")]),
        # ... and so does a trailing "as defined by"
        (
            "A recent (within 7 days prior to treatment) haematology assessment as defined by adequate marrow",
            [("haematology assessment", "<=", 7, "days")],
        ),
    ],
)
def test_the_event_is_named_without_its_frame(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each window of a list bounds its own event, named after the previous window's anchor
        (
            "Chemotherapy within 3 weeks, radiotherapy within 2 weeks, or investigational agents within 4 weeks",
            [
                ("chemotherapy", "<=", 3, "weeks"),
                ("radiotherapy", "<=", 2, "weeks"),
                ("investigational agents", "<=", 4, "weeks"),
            ],
        ),
        (
            "Tocilizumab within 4 weeks prior to enrollment or rituximab within 6 months prior to enrollment",
            [("tocilizumab", "<=", 4, "weeks"), ("rituximab", "<=", 6, "months")],
        ),
        (
            "Suicidal ideation within the past week and/or a suicide attempt within the past 30 days",
            [("suicidal ideation", "<=", 1, "weeks"), ("suicide attempt", "<=", 30, "days")],
        ),
        # the anchor's sentence ends it: the next sentence's list is the next event
        (
            "Fever within 3 days before screening; serum or urine pregnancy test negative within 7 days",
            [("fever", "<=", 3, "days"), ("negative serum or urine pregnancy test", "<=", 7, "days")],
        ),
        # a second window joined by "or" with no event of its own bounds the same event
        (
            "An investigational drug within 30 days or within 5 half-lives, whichever is longer",
            [("investigational drug", "<=", 30, "days"), ("investigational drug", "<=", 5, "half-lives")],
        ),
        # an event written as a verb is named as a noun; "not recurred" stays as written
        (
            "Relapsed within 12 months of the last therapy, or disease progressed within 60 days",
            [("relapse", "<=", 12, "months"), ("disease progression", "<=", 60, "days")],
        ),
        # "(NRS of 5) or higher": a comparator's tail names no event
        ("Pain NRS of 5 or higher during the preceding 3 days", [("nrs", ">=", 5, None)]),
    ],
)
def test_every_window_of_a_list_is_read(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "any of the following" only introduces the event
        (
            "Any of the following cardiovascular diseases occurred within 6 months before screening:",
            [("cardiovascular diseases", "<=", 6, "months")],
        ),
        # "must not be given" is the passive of the event named before it
        (
            "Additional prior cancer therapies must not be given within 4 weeks prior to enrollment",
            [("additional prior cancer therapies", "<=", 4, "weeks")],
        ),
        # unwillingness is conduct, as willingness is
        ("Patients unwilling to undergo follow-up for 15 years", []),
    ],
)
def test_introductions_passives_and_unwillingness(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the state that lasts is the clause before the comma, past an inserted aside
        ("Chronic migraine, for at least 12 months", [("chronic migraine", ">=", 12.0, "months")]),
        (
            "Stable on medications, including those for prevention, for at least 60 days prior to baseline",
            [("stable on medications", ">=", 60.0, "days")],
        ),
        # a clause with a number of its own is another limit, not what lasts
        ("Age 18 or older, for 3 months", [("age", ">=", 18.0, "years")]),
    ],
)
def test_a_duration_after_a_comma_bounds_the_clause_before_it(text, expected):
    assert [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a window right after a limit, with only words about measuring between, times the measurement
        (
            "eGFR < 60 mL/min/1.73 m2 (MDRD equation) as measured within 2 weeks",
            [("egfr", "<", 60.0, "mL/min/1.73 m2"), ("egfr measurement", "<=", 2.0, "weeks")],
        ),
        (
            "HbA1c 7.0% to 10.9% (within 30 days of signing consent)",
            [("hba1c", ">=", 7.0, "%"), ("hba1c", "<=", 10.9, "%"), ("hba1c measurement", "<=", 30.0, "days")],
        ),
    ],
)
def test_a_window_after_a_limit_times_its_measurement(text, expected):
    assert [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Platelets ≥ 75,000/µL without transfusion within 7 days",  # an event of its own between
        "A change in body weight > 5 kg within 90 days prior to screening",  # the period of a change
    ],
)
def test_a_window_with_its_own_event_is_no_measurement(text):
    assert not [t for t in extract_thresholds(text) if t.variable.endswith("measurement")]


@pytest.mark.parametrize(
    ("text", "variable"),
    [
        # a term defined by a bracketed acronym that modifies the next word, or a technical one, is the acronym
        ("Received Cytochrome P450 3A (CYP3A) inhibitors within 3 days of starting venetoclax", "cyp3a inhibitors"),
        (
            "Used a strong inhibitor of cytochrome P450 3A4 (CYP3A4) within 7 days prior to the first dose",
            "strong inhibitor of cyp3a4",
        ),
        # a common term keeps its name
        ("Myocardial infarction (MI) within 6 months", "myocardial infarction"),
        ("Use of nonsteroidal anti-inflammatory drugs (NSAIDs) within 7 days", "nonsteroidal anti-inflammatory drugs"),
    ],
)
def test_a_term_defined_by_its_acronym(text, variable):
    assert [t.variable for t in extract_thresholds(text)] == [variable]


def test_a_count_unit_ends_the_clause_before_a_window():
    rows = extract_thresholds("ANC ≥ 1.5 x 10^9/L without growth factor support within 7 days")
    assert [t.variable for t in rows] == ["anc", "growth factor support"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a window between two lengths bounds the event before it from both sides
        (
            "Diagnosis of asthma within the last 6-18 months",
            [("asthma", ">=", 6, "months"), ("asthma", "<=", 18, "months")],
        ),
        (
            "Chemotherapy within the past 2 to 4 weeks",
            [("chemotherapy", ">=", 2, "weeks"), ("chemotherapy", "<=", 4, "weeks")],
        ),
    ],
)
def test_a_window_between_two_lengths_names_its_event(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "any of the following" names no event: the colon's list does (its first item's mark aside)
        (
            "Any of the following within the 6 months prior to study entry: myocardial infarction, "
            "unstable angina (Class III), stroke.",
            [("myocardial infarction, unstable angina, stroke", "<=", 6, "months")],
        ),
        (
            "Use of any of the following drugs within 3 days prior to randomization: a. Prokinetic agents.",
            [("prokinetic agents", "<=", 3, "days")],
        ),
        # without a list after it, the words before the window stay the event
        ("Treatment with any of the following agents within 28 days of Screening:", [("agents", "<=", 28, "days")]),
    ],
)
def test_the_following_list_is_the_windows_event(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second window that names its own event after "from" bounds that event
        (
            "Within 60 days from prior total body irradiation, or within 14 days from local radiation therapy.",
            [("total body irradiation", "<=", 60, "days"), ("local radiation therapy", "<=", 14, "days")],
        ),
        # counted from the last dose, it is the first event's alternative window
        (
            "Prior chemotherapy within 30 days from enrollment or within 5 half-lives from the last dose",
            [("prior chemotherapy", "<=", 30, "days"), ("prior chemotherapy", "<=", 5, "half-lives")],
        ),
        (
            "Participation in another study within 30 days or within 5 half-lives of the last dose",
            [("another study", "<=", 30, "days"), ("another study", "<=", 5, "half-lives")],
        ),
    ],
)
def test_a_second_window_with_its_own_event(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a digit inside a name ("CYP3A", "IL-6") is no number of the clause's own: the clause names the event
        (
            "Treatment with strong CYP3A inhibitors (like itraconazole), within 4 weeks prior to randomization.",
            [("strong cyp3a inhibitors", "<=", 4, "weeks")],
        ),
        ("Use of IL-6 inhibitors, within 8 weeks before enrollment", [("il-6 inhibitors", "<=", 8, "weeks")]),
        # a clause with a number of its own is another limit
        ("Age 18 or older, within 4 weeks prior to randomization.", [("age", ">=", 18, "years")]),
    ],
)
def test_a_digit_inside_a_name_still_names_the_event(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a washout of a stated length, with no comparator, is "=" its length, named as written
        ("A 1-week washout is permitted for palliative radiation.", [("washout", "=", 1, "weeks")]),
        (
            "Strong CYP3A4 inducers (a one week wash-out period is necessary for patients on them)",
            [("wash-out period", "=", 1, "weeks")],
        ),
        ("A 5-half-life washout of the agent must occur prior to Day 0.", [("washout", "=", 5, "half-lives")]),
        # with a comparator it is a statement, read as such
        (
            "A washout period of at least 5 half-lives before study entry is required",
            [("washout period", ">=", 5, None)],
        ),
    ],
)
def test_a_washout_of_a_stated_length(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a label and a colon right before the window name its event (the NCI templates' "Chemotherapy: ...")
        ("Radiotherapy: within 14 days prior to enrollment", [("radiotherapy", "<=", 14, "days")]),
        ("Chemotherapy: within 21 days of the first dose.", [("chemotherapy", "<=", 21, "days")]),
        (
            "Biologics (for example, antibodies): within 28 days or 5 half-lives, whichever is longer.",
            [("biologics", "<=", 28, "days"), ("biologics", "<=", 5, "half-lives")],
        ),
        # unless the window names its own event after since/from
        (
            "Immunotherapy: within 42 days since tumor vaccines and checkpoint inhibitors.",
            [("tumor vaccines and checkpoint inhibitors", "<=", 42, "days")],
        ),
    ],
)
def test_a_label_before_a_colon_names_the_window(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nothing named before the window: "after" names its event, as "since" and "from" do
        ("Subjects within 4 weeks after surgery", [("surgery", "<=", 4, "weeks")]),
        # an anchor after "after" is no event; the event before the window still is
        ("Relapse within 12 months after the start of treatment", [("relapse", "<=", 12, "months")]),
    ],
)
def test_a_window_names_the_event_after_after_when_none_precedes_it(text, expected):
    assert rows(text) == expected
