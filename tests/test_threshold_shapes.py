"""Counts, unitless age ranges, limits of normal, half-life windows, grade lists and scores, as criteria write them.

Each case is made-up text in the shape real criteria use; the expected rows follow the labelling
guide in ``tests/data/labels/README.md``.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count whose clause names nothing else counts the noun after it, in the plural
        ("Has been treated with more than two antiepileptic drugs.", [("antiepileptic drugs", ">", 2, None)]),
        ("Has more than 3 involved nodes requiring biopsy", [("involved nodes", ">", 3, None)]),
        ("At least one evaluable lesion outside the irradiated field", [("evaluable lesions", ">=", 1, None)]),
        ("has at least 1 target lesion and no brain metastases", [("target lesions", ">=", 1, None)]),
        # a number word with no comparator is no count; a list selector is no count
        ("Two of the following conditions", []),
        ("At least one of these symptoms: fever, cough", []),
        ("Has received more than 13.6 Gy prior radiation", []),
        # a clause that ends in a link ("with", "of", "by") names its quantity after the value:
        # counted without a unit, measured (as written) with one
        ("Chronic cluster headache with at least one attack daily", [("attacks", ">=", 1, None)]),
        ("Subjects with 5 or more warts on the upper or lower limbs", [("warts", ">=", 5, None)]),
        ("Disc herniation with > 50% canal narrowing", [("canal narrowing", ">", 50, "%")]),
        ("Instability, as defined by ≥ 3 mm translation", [("translation", ">=", 3, "mm")]),
        ("Heavy alcohol use defined as a score of 2 or higher on the PDSQ", [("pdsq", ">=", 2, None)]),
    ],
)
def test_counts(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Men or women 20 to 70 with chronic migraine", [("age", ">=", 20, None), ("age", "<=", 70, None)]),
        ("Healthy volunteers 21-55, non-smokers", [("age", ">=", 21, None), ("age", "<=", 55, None)]),
        ("Are 30-60 age", [("age", ">=", 30, None), ("age", "<=", 60, None)]),
        # "gestational age" is its own quantity, not the participant's age
        ("infants, gestational age > 34 weeks", [("gestational age", ">", 34, "weeks")]),
    ],
)
def test_unitless_age_ranges(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text", ["Patients 50 to 90 kg", "Women 40-60% of the time", "Subjects 1 to 2 mg/kg daily"])
def test_a_persons_range_in_another_unit_is_not_an_age(text):
    assert "age" not in {t.variable for t in extract_thresholds(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a known quantity named between the age word and the limit takes the limit
        ("Creatinine outside normal for age: CrCl > 60 mL/min", [("creatinine_clearance", ">", 60, "mL/min")]),
        (
            "Women over 60 years of age who weigh less than 140 pounds",
            [("age", ">", 60, "years"), ("weight", "<", 140, "pounds")],
        ),
        ("Aged ≥ 18", [("age", ">=", 18, "years")]),
    ],
)
def test_the_limit_after_an_age_word_belongs_to_the_quantity_named_next_to_it(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an age is in years unless the text says months, weeks or days, each limit in its own unit
        ("Age ≥ 6 months", [("age", ">=", 6, "months")]),
        ("patients aged ≥12 weeks and <12 months", [("age", ">=", 12, "weeks"), ("age", "<", 12, "months")]),
        ("≥ 28 days to < 18 years of age", [("age", ">=", 28, "days"), ("age", "<", 18, "years")]),
        ("Age from 28 days to 17 years", [("age", ">=", 28, "days"), ("age", "<=", 17, "years")]),
        ("Age 6 months to 17 years", [("age", ">=", 6, "months"), ("age", "<=", 17, "years")]),
        # a duration in months beside an age is no age
        (
            "Age ≥ 18 years; life expectancy ≥ 3 months",
            [("age", ">=", 18, "years"), ("life_expectancy", ">=", 3, "months")],
        ),
    ],
)
def test_ages_of_young_children_keep_their_unit(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a limit with nothing named goes on with the quantity before it ...
        ("QTc (male > 450 ms; female > 470 ms)", [("qtc", ">", 450, "ms"), ("qtc", ">", 470, "ms")]),
        # ... but not as a duration, nor in the next sentence
        ("aged 18-75 years, treated for 6 to 12 months", [("age", ">=", 18, "years"), ("age", "<=", 75, "years")]),
        (
            "ECOG ≤ 2 (adults). Children (10-17 years) < 50%",
            [("ecog", "<=", 2, None), ("age", ">=", 10, "years"), ("age", "<=", 17, "years")],
        ),
    ],
)
def test_a_limit_inherits_the_quantity_before_it_only_within_its_sentence(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sodium ≥ LLN; Calcium ≥ LLN", [("sodium", ">=", 1, "x LLN"), ("calcium", ">=", 1, "x LLN")]),
        (
            "serum ALT and serum AST ≤ 3 x ULN or ≤ 5 x ULN with liver metastases",
            [
                ("alt", "<=", 3, "x ULN"),
                ("ast", "<=", 3, "x ULN"),
                ("alt", "<=", 5, "x ULN"),
                ("ast", "<=", 5, "x ULN"),
            ],
        ),
        ("Serum amylase and lipase ≤ 2 x ULN", [("amylase", "<=", 2, "x ULN"), ("lipase", "<=", 2, "x ULN")]),
        # "within normal limits" is at most the upper limit of normal (the guide), even without a digit
        ("total bilirubin within normal institutional limits", [("bilirubin", "<=", 1, "x ULN")]),
        (
            "AST and ALT within the normal range; creatinine clearance ≥ 60 mL/min",
            [("ast", "<=", 1, "x ULN"), ("alt", "<=", 1, "x ULN"), ("creatinine_clearance", ">=", 60, "mL/min")],
        ),
        ("ECG within normal limits", []),  # names no quantity the vocabulary knows
    ],
)
def test_limits_of_normal(text, expected):
    assert rows(text) == expected


def test_a_window_in_half_lives_has_no_length_in_days():
    (row,) = extract_thresholds("Use of strong CYP3A4 inhibitors within 5 half-lives of the first dose")
    assert (row.variable, row.comparator, row.value, row.unit, row.window_days) == (
        "strong cyp3a4 inhibitors",
        "<=",
        5,
        "half-lives",
        None,
    )


def test_a_window_stated_in_days_or_half_lives_gives_both_limits():
    found = rows("Received any investigational agent within 28 days (or within 5 half-lives, whichever is longer)")
    assert found == [("investigational agent", "<=", 28, "days"), ("investigational agent", "<=", 5, "half-lives")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of grades is a range to its last item
        ("ECOG performance status of 0, 1, or 2", [("ecog", ">=", 0, None), ("ecog", "<=", 2, None)]),
        ("NYHA class 2/3 heart failure", [("nyha_class", ">=", 2, None), ("nyha_class", "<=", 3, None)]),
        ("New York Heart Association class III ~ IV", [("nyha_class", ">=", 3, None), ("nyha_class", "<=", 4, None)]),
        ("NYHA class III or higher", [("nyha_class", ">=", 3, None)]),
        # "N times higher than the ULN": the comparator stands between the value and the ULN
        ("Serum bilirubin 3 times higher than the upper limit of normal", [("bilirubin", ">", 3, "x ULN")]),
        # "or lower than" opens a second limit; it is not the postfix "50 or lower"
        ("LVEF lower than 45% or lower than the institutional normal", [("lvef", "<", 45, "%")]),
        ("be ≥ 0.5 year old", [("age", ">=", 0.5, "years")]),
        ("Relapsed after 3 lines of therapy", [("prior_lines", "=", 3, None)]),
        # a score named after the value it is read on
        ("Knee pain ≥ 5 on a 0 to 10 numeric rating scale (NRS)", [("nrs", ">=", 5, None)]),
        ("Itch of at least 4 points according to the visual analogue scale", [("vas", ">=", 4, "points")]),
    ],
)
def test_scales_grades_and_scores(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CT.gov escapes "&" as "\&" in markdown; the alias group still holds
        ("liver (AST \\& ALT ≤ 3x ULN)", [("ast", "<=", 3, "x ULN"), ("alt", "<=", 3, "x ULN")]),
        # "pulse oxygen" is a saturation, "pulse" alone a heart rate
        ("pulse oxygen > 94% on room air", [("spo2", ">", 94, "%")]),
        ("pulse > 110 bpm at rest", [("heart rate", ">", 110, "bpm")]),
        ("resting heart rate < 50 beats/min", [("resting heart rate", "<", 50, "beats/min")]),
        ("received lung field radiotherapy > 30Gy", [("lung field radiotherapy", ">", 30, "Gy")]),
        (
            "Any prior therapeutic radiation therapy > 500 cGy",
            [("prior therapeutic radiation therapy", ">", 500, "cGy")],
        ),
        ("FVC ≥ 50% of predicted or pulse-oximetry ≥ 92%", [("fvc", ">=", 50, "%"), ("spo2", ">=", 92, "%")]),
        ("Expected life span of more than 6 months", [("life_expectancy", ">", 6, "months")]),
    ],
)
def test_aliases_as_registries_write_them(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X of N or more" bounds X, as "X of ≥ N" does
        ("A Charlson comorbidity index of 3 or more", [("charlson comorbidity index", ">=", 3, None)]),
        ("A tumour diameter of 3 cm or more", [("tumour diameter", ">=", 3, "cm")]),
        # a bare score is named by the instrument it is read on: its acronym where one is written
        ("A score of 6 or more on the Prodromal Questionnaire (PQ-16)", [("pq16", ">=", 6, None)]),
        ("A score of at least 10 on the Beck Depression Inventory", [("beck depression inventory", ">=", 10, None)]),
        ("Drug Abuse Screening Test-10 (DAST-10) (score greater than 2)", [("dast10", ">", 2, None)]),
        # with no instrument named, the score stays a score
        ("A total score of 12 or higher", [("total score", ">=", 12, None)]),
    ],
)
def test_a_score_is_named_by_its_instrument(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a duration followed by "of" measures how long the thing after it lasted
        (
            "Is unresponsive to at least six weeks of non-surgical conservative care",
            [("non-surgical conservative care", ">=", 6, "weeks")],
        ),
        (
            "At least 6 weeks of failed conservative treatment prior to surgery",
            [("conservative treatment", ">=", 6, "weeks")],
        ),
        # a rate is no duration: "60 mg/day of morphine equivalents" keeps the quantity named before it
        # (a steroid's dose is named by the steroid: tests/test_threshold_open_misses.py)
        ("Opioid dose > 60 mg/day of morphine equivalents", [("opioid dose", ">", 60, "mg/day")]),
        ("At least 18 years of age", [("age", ">=", 18, "years")]),
    ],
)
def test_a_duration_of_an_activity_names_the_activity(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CTCAE written with a space, or its grade called a level
        ("Active serious infection (≥CTC AE grade 2 infection)", [("ctcae_grade", ">=", 2, None)]),
        ("Residual toxicity greater than CTCAE level 1", [("ctcae_grade", ">", 1, None)]),
        # prior regimens qualified by what they were
        ("More than 3 prior systemic anticancer therapy regimens", [("prior_lines", ">", 3, None)]),
        ("At least 2 prior chemotherapy regimens", [("prior_lines", ">=", 2, None)]),
        # milliequivalents are a unit, after the value or before a spelled comparator
        ("Serum potassium level of 4.9 mEq/L or higher", [("potassium", ">=", 4.9, "mEq/L")]),
        # "reported" only frames the count
        ("Reported >2 UTI in 6 months", [("uti", ">", 2, None)]),
    ],
)
def test_grades_regimens_and_units_as_registries_write_them(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what is suffered, done or reported is counted; "documented" only frames the count
        (
            "Must suffer at least 2 migraine attacks per year and no more than 5 attacks per month",
            [("migraine attacks", ">=", 2, None), ("migraine attacks", "<=", 5, None)],
        ),
        ("Performing at least four (4) finger sticks per day", [("finger sticks", ">=", 4, None)]),
        ("Has had at least 3 documented attacks", [("attacks", ">=", 3, None)]),
        # a treatment history is no limit of its own
        ("Disease despite receiving at least 2 cycles of azacitidine", []),
        # a range of a counted noun
        ("Patients with 1 to 5 metastases", [("metastases", ">=", 1, None), ("metastases", "<=", 5, None)]),
        # "NAME score N or higher" bounds the score
        ("Pittsburgh Sleep Quality Index (PSQI) score 6 or higher", [("psqi", ">=", 6, None)]),
        ("Peripheral neuropathy ≥ CTCAE degree 2", [("ctcae_grade", ">=", 2, None)]),
    ],
)
def test_counts_and_scores_before_a_spelled_comparator(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reversed double inequality whose quantity restates its acronym in brackets
        (
            "0.27mIU/L ≤ Thyroid-stimulating hormone (TSH) ≤ 4.2mIU/L",
            [("tsh", ">=", 0.27, "mIU/L"), ("tsh", "<=", 4.2, "mIU/L")],
        ),
        # "gm/dl" and "per cu mm" are units: a spelled comparator after them is read
        ("Hemoglobin of 9.0 gm/dl or more", [("hemoglobin", ">=", 9.0, "gm/dl")]),
        ("Platelet count of 100,000 per cu mm or more", [("platelets", ">=", 100000, "per cu mm")]),
    ],
)
def test_units_and_bracketed_names_inside_a_limit(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count whose spelled comparator follows its noun
        ("Oligometastatic disease (five metastatic lesions or less)", [("metastatic lesions", "<=", 5, None)]),
        ("3 relapses or more", [("relapses", ">=", 3, None)]),
        # a unit is no counted noun
        ("18 years or more", [("age", ">=", 18, "years")]),
    ],
)
def test_a_comparator_after_the_counted_noun(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dose keeps its unit, and the drug named after it with "of" is the quantity
        ("Prednisone <= 20 mg daily", [("prednisone", "<=", 20, "mg")]),
        ("Patients receiving <5 mg of prednisone daily may be included", [("prednisone", "<", 5, "mg")]),
        ("More than 10 mg/day of prednisone", [("prednisone", ">", 10, "mg/day")]),
    ],
)
def test_a_dose_keeps_its_unit(text, expected):
    assert rows(text) == expected


def test_a_scale_value_is_never_an_age_in_its_bracket():
    found = rows("Lansky (age < 16 years) or Karnofsky (age ≥ 16 years) performance status ≥ 70")
    assert ("karnofsky", ">=", 70, "%") in found
    assert ("age", "<", 16, "years") in found and ("age", ">=", 16, "years") in found
    assert not [row for row in found if row[0] in ("lansky", "karnofsky") and row[2] == 16]


def test_an_age_closed_by_its_bracket_bounds_nothing_after_it():
    assert rows("Lansky ≥ 50 (for participants < 16 years of age) or ≥ 50 percent") == [
        ("lansky", ">=", 50, "%"),
        ("age", "<", 16, "years"),
    ]


def test_a_value_before_another_scales_name_is_that_scales():
    # the Lansky limit is the first; the second, with "percent (%)" and a square-bracketed "[<]", is Karnofsky's
    text = (
        "Performance status greater than or equal to (\\>=) 50 by lansky scale (for participants less than "
        "\\[\\<\\] 16 years of age) or \\>=50 percent (%) karnofsky scale (for participants \\>=16 years of age)"
    )
    assert sorted(row[:3] for row in rows(text)) == [
        ("age", "<", 16),
        ("age", ">=", 16),
        ("karnofsky", ">=", 50),
        ("lansky", ">=", 50),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a signed range is a limit, whichever end is written first
        (
            "BMD equivalent to a T-score classification of -1.0 to -2.5",
            [("t-score", ">=", -2.5, None), ("t-score", "<=", -1.0, None)],
        ),
        ("RASS of 0 to -5 at enrollment", [("rass", ">=", -5, None), ("rass", "<=", 0, None)]),
        # a hyphen inside a name is no minus sign; a dash between two values is no minus sign either
        ("HIV-1 and 2 antibodies", []),
        ("Aged 18 -65 years", [("age", ">=", 18, "years"), ("age", "<=", 65, "years")]),
    ],
)
def test_signed_ranges(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "an average of", "a total of" only frame the count of the noun after them
        ("Reports an average of ≥ 4 cluster attacks/week", [("cluster attacks", ">=", 4, None)]),
        # RECIST's definition: a lesion that can be accurately measured is a measurable lesion; the
        # dimensions it is measured in (after a clause ending in "in") set no limit
        (
            "At least 1 lesion that can be accurately measured in at least 2 dimensions",
            [("measurable lesions", ">=", 1, None)],
        ),
        # a verb names nothing: the quantity is named after the value with "of"
        ("24 hour urine must demonstrate < 500 mg of protein", [("protein", "<", 500, "mg")]),
        # the numeric pain rating scale, abbreviated NPRS, is the NRS
        ("Pain more than 3 on NPRS", [("nrs", ">", 3, None)]),
    ],
)
def test_framing_words_and_links_before_a_count(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "expected to survive" states the life expectancy, not a duration of its own
        (
            "ECOG 0-2 and be expected to survive for at least 12 weeks",
            [("ecog", ">=", 0, None), ("ecog", "<=", 2, None), ("life_expectancy", ">=", 12, "weeks")],
        ),
        # "if" opens a clause; a dose in Gy ends one
        (
            "If patient received anesthesia or corticosteroid within 4 weeks",
            [("anesthesia or corticosteroid", "<=", 4, "weeks")],
        ),
        (
            "Received >30 Gy of thoracic radiation therapy within 4 weeks",
            [("thoracic radiation therapy", ">", 30, "Gy"), ("thoracic radiation therapy", "<=", 4, "weeks")],
        ),
        # a condom sentence is conduct
        ("While in this study and for 30 days after, he must use a condom", []),
    ],
)
def test_clause_openers_and_survival(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "presence of", "a history of" only frame a count of the noun after them...
        ("Presence of more than two (2) symptomatic discs", [("symptomatic discs", ">", 2, None)]),
        (
            "A personal medical history of more than 1 deep venous thrombosis",
            [("deep venous thrombosis", ">", 1, None)],
        ),
        # ...but a history measured in a unit is the quantity (in pack-years its one name, "smoking history")
        ("Prior smoking history of more than 10 pack years", [("smoking history", ">", 10, "pack years")]),
        # "N of the following" selects from a list
        ("BMI ≥ 27 kg/m² and presence of at least 1 of the following comorbidities", [("bmi", ">=", 27, "kg/m²")]),
        # an angle in degrees, named after "of"
        (">10 degrees of coronal deformity", [("coronal deformity", ">", 10, "degrees")]),
        # a participle after the quantity is dropped; a verb alone names nothing
        ("A capsulotomy performed more than 30 days before screening", [("capsulotomy", ">", 30, "days")]),
        ("Currently performs at least 3 finger sticks/week", [("finger sticks", ">=", 3, None)]),
    ],
)
def test_framing_nouns_selectors_and_participles(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a smoker smokes is counted
        ("Smokes at least 5 cigarettes a day", [("cigarettes", ">=", 5, None)]),
        # BG is blood glucose
        ("BG 140-199 mg/dl", [("glucose", ">=", 140, "mg/dl"), ("glucose", "<=", 199, "mg/dl")]),
    ],
)
def test_smokers_and_blood_glucose(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of regimens or lines qualified by up to two words
        ("Defined as receiving one or more cytotoxic containing regimens", [("prior_lines", ">=", 1, None)]),
        ("Not achieved a CR after > 2 chemotherapy regimens", [("prior_lines", ">", 2, None)]),
    ],
)
def test_qualified_regimens_count_prior_lines(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # willingness is conduct, up to a clause of state joined by "and"
        ("Endorsed willingness to use the app for 10+ minutes/day for 30 days", []),
        ("Willingness to consent and be of age 18 and older", [("age", ">=", 18, "years")]),
    ],
)
def test_willingness_is_conduct(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "as evidenced by" and "(not) responded to" only frame the quantity
        (
            "Instability as evidenced by subluxation greater than 3 millimeters",
            [("subluxation", ">", 3, "millimeters")],
        ),
        (
            "Has not responded to conservative treatment for at least 3 months",
            [("conservative treatment", ">=", 3, "months")],
        ),
    ],
)
def test_evidence_and_response_frame_the_quantity(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "from X to less than Y": the upper end is strict
        ("BMI from 18.5 to less than 25.0", [("bmi", ">=", 18.5, None), ("bmi", "<", 25.0, None)]),
        ("Age 4 to <8 years", [("age", ">=", 4, "years"), ("age", "<", 8, "years")]),
        # two statements with their own comparators stay two statements
        ("Age between >18 and <65 years", [("age", ">", 18, "years"), ("age", "<", 65, "years")]),
        # a number opening a compound is part of the name; grams are a unit
        ("Confirmed 24-hour urine protein ≥ 1.0g", [("24-hour urine protein", ">=", 1.0, "g")]),
    ],
)
def test_half_open_ranges_and_compound_names(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a comparator said twice is read once
        (
            "Has failed at least ≥6 months of non-operative treatment that may have included physical therapy",
            [("non-operative treatment", ">=", 6, "months")],
        ),
        # the phrase after "of" ends before "without"
        (
            "Completed at least 6 weeks of conservative treatment without adequate relief",
            [("conservative treatment", ">=", 6, "weeks")],
        ),
        # micrometres are a unit
        ("Mean CST ≥300 μm on optical coherence tomography", [("mean cst", ">=", 300, "μm")]),
    ],
)
def test_doubled_comparators_and_micrometres(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a signed range whose ends are joined by a dash
        ("T-score −2.5 – −1.0 at the femoral neck", [("t-score", ">=", -2.5, None), ("t-score", "<=", -1.0, None)]),
        # "has not recurred" is no event
        ("Prior malignancy that has not recurred within 5 years", []),
        # "-for-age" is no age, "height-for-age" no height
        (
            "Height-for-age z-score between -3 and -2",
            [("height-for-age z-score", ">=", -3, None), ("height-for-age z-score", "<=", -2, None)],
        ),
        # grades, stages and letters are no counted nouns: a grade is a grade
        ("Grade 2 neuropathy or greater", [("ctcae_grade", ">=", 2, None)]),
        ("Patients 65 yo or more", []),
        # lines that are no lines of therapy
        (
            "Must have at least 2 peripheral intravenous lines in place",
            [("peripheral intravenous lines", ">=", 2, None)],
        ),
        # a noun ending in -megaly names a quantity; an adverb does not
        ("Splenomegaly ≥ 5 cm below the left costal margin", [("splenomegaly", ">=", 5, "cm")]),
        # a trailing phrase is no instrument
        ("Total score ≥ 20 in the past week", [("total score", ">=", 20, None)]),
        # conduct joined by "and be" stays conduct
        ("Agree to refrain from blood donation and be abstinent for at least 90 days", []),
        # an angle's unit does not reach the words after it; "per" is not counted
        ("Hallux valgus angle > 20° on weight-bearing radiograph", [("hallux valgus angle", ">", 20, "°")]),
        ("A prednisone dose of 20 mg or more per day", [("prednisone dose", ">=", 20, "mg")]),
        # grams per deciliter and Fahrenheit are units; a temperature is not an event
        ("Hemoglobin ≥ 9 grams per deciliter", [("hemoglobin", ">=", 9, "grams per deciliter")]),
        ("Fever > 100.4°F within 48 hours prior to enrollment", [("temperature", ">", 100.4, "°F")]),
        ("Received > 2 G-CSF injections", [("g-csf injections", ">", 2, None)]),
        ("Age (years) ≥ 18", [("age", ">=", 18, "years")]),
    ],
)
def test_review_of_this_rounds_readers(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pressure pair without mmHg where the clause names a blood pressure
        (
            "Hypertension must be well-controlled (< 160/90) on therapy",
            [("systolic_bp", "<", 160, None), ("diastolic_bp", "<", 90, None)],
        ),
        ("Blood pressure > 140/90", [("systolic_bp", ">", 140, None), ("diastolic_bp", ">", 90, None)]),
        # a fraction elsewhere is no pressure (here an HLA match, tests/test_threshold_values.py)
        (
            "Availability of a 9-10/10 HLA matched donor",
            [("hla match", ">=", 9, "/10"), ("hla match", "<=", 10, "/10")],
        ),
        (
            "Hypertension defined as blood pressure 140/90 or higher",
            [("systolic_bp", ">=", 140, None), ("diastolic_bp", ">=", 90, None)],
        ),
        # another sentence's pressure, a dose ratio and a count before the pair are no pressures
        ("History of hypertension. Visual acuity 20/40 or better", [("visual acuity", ">=", 0.5, "Snellen")]),
        ("Hypertension treated with valsartan/HCTZ 160/12.5 mg", []),
        (
            "Hypertension requiring ≥ 2 medications or BP > 150/95",
            [("systolic_bp", ">", 150, None), ("diastolic_bp", ">", 95, None)],
        ),
    ],
)
def test_pressures_without_a_unit(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "equal to or older than" includes the value
        ("Equal to or older than 22 years of age", [("age", ">=", 22, "years")]),
        # the spelled-out eGFR unit
        (
            "eGFR ≤ 30 milliliter per minute per 1.73 square meter",
            [("egfr", "<=", 30, "mL/min/1.73 m2")],
        ),
        # "administered" only frames the event; the phrase after "of" ends before "within"
        ("Administered any immunosuppressant within 2 weeks", [("immunosuppressant", "<=", 2, "weeks")]),
        (
            "More than 6 weeks of steroid use within 12 months of surgery",
            [("steroid use", ">", 6, "weeks"), ("steroid use", "<=", 12, "months")],
        ),
    ],
)
def test_spelled_comparators_units_and_framing(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a limit joined to conduct by "and be" is kept
        ("Willing to provide informed consent and be at least 18 years old", [("age", ">=", 18, "years")]),
        # prior regimens named by their class
        ("Failed at least 2 prior anti-TNF regimens", [("prior_lines", ">=", 2, None)]),
        # instruments named in lower case; a place is no instrument
        ("A score of at least 30 on the PTSD checklist", [("ptsd checklist", ">=", 30, None)]),
        ("A score ≥ 5 on the short form health survey", [("short form health survey", ">=", 5, None)]),
        ("Score ≥ 3 in the Emergency Department", [("score", ">=", 3, None)]),
        # "weight-for-age" is neither a weight nor an age
        ("Weight-for-age z-score < -2", [("weight-for-age z-score", "<", -2, None)]),
        # a grade with its toxicity named before "or higher"
        ("Grade 2 peripheral neuropathy or higher", [("ctcae_grade", ">=", 2, None)]),
        ("Grade 2 spondylolisthesis or higher", [("spondylolisthesis grade", ">=", 2, None)]),
    ],
)
def test_second_review_of_this_rounds_readers(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cycles count the courses of the therapy named after them
        ("Has completed at least two cycles of maintenance therapy", [("maintenance therapy cycles", ">=", 2, None)]),
        (
            "Received 3 to 6 cycles of an induction therapy that includes a proteasome inhibitor",
            [("induction therapy cycles", ">=", 3, None), ("induction therapy cycles", "<=", 6, None)],
        ),
        ("At least 2 cycles", [("cycles", ">=", 2, None)]),
    ],
)
def test_cycles_of_a_therapy(text, expected):
    assert rows(text) == expected


def test_a_time_after_completed_is_not_named_by_the_words_after_it():
    variables = {row[0] for row in rows("Radiotherapy must be completed ≥ 28 days before the first dose")}
    assert "before the first dose" not in variables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of failed treatments keeps "failed" in its name (the labelling guide's example)
        (
            "Failure to respond to two or more preventive therapies, including: topiramate",
            [("failed preventive therapies", ">=", 2, None)],
        ),
        ("Has failed at least two antidepressants", [("failed antidepressants", ">=", 2, None)]),
        # prior lines stay prior lines
        ("Patients who failed at least 2 prior lines of therapy", [("prior_lines", ">=", 2, None)]),
        # a number word before "or more" is a count too
        ("History of one or more severe hypoglycemic episodes", [("severe hypoglycemic episodes", ">=", 1, None)]),
    ],
)
def test_counts_of_failed_treatments(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "number of" frames the counted thing; "equal to at least" is "at least"
        ("Number of seizures during baseline equal to at least 24;", [("seizures", ">=", 24, None)]),
        ("Total number of lesions < 5", [("lesions", "<", 5, None)]),
    ],
)
def test_number_of_frames_a_count(text, expected):
    assert rows(text) == expected
