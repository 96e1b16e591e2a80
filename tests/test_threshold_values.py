"""Values as registries write them: thousands with spaces, powers of ten before units of copies.

The sentences are written for these tests in the shapes of real criteria (a review of made-up
cardiology, metabolic, renal, hepatic, infectious-disease and paediatric lines, 2026-12-05).
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a space before three digits separates thousands before any amount's unit, not only cell counts
        ("HBV DNA > 20 000 IU/mL", [("hbv dna", ">", 20000, "IU/mL")]),
        ("HIV RNA < 1 000 000 copies/mL", [("hiv rna", "<", 1000000, "copies/mL")]),
        ("Platelets ≥ 100 000/mm3", [("platelets", ">=", 100000, "/mm3")]),
        # numbers that are not one: a range and a count
        ("Aged 18 to 65 years, 100 patients", [("age", ">=", 18, "years"), ("age", "<=", 65, "years")]),
    ],
)
def test_thousands_written_with_spaces(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HCV RNA ≥ 10^4 IU/mL", [("hcv rna", ">=", 10000, "IU/mL")]),
        ("HBV DNA > 1 x 10^5 IU/mL", [("hbv dna", ">", 100000, "IU/mL")]),
        ("HIV-1 RNA < 2.5 × 10^3 copies/mL", [("hiv-1 rna", "<", 2500, "copies/mL")]),
        # a cell count's power of ten is its unit, converted by the units table
        ("ANC ≥ 1.5 x 10^9/L", [("anc", ">=", 1.5, "x 10^9/L")]),
    ],
)
def test_powers_of_ten_before_units_of_copies(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "through" joins the ends of an age range as "to" does
        ("Aged 12 through 17 years", [("age", ">=", 12, "years"), ("age", "<=", 17, "years")]),
        ("Children 2 through 11 years of age", [("age", ">=", 2, "years"), ("age", "<=", 11, "years")]),
        # neonates, infants and children are people whose age a limit in days or months states
        ("Neonates ≤ 28 days old", [("age", "<=", 28, "days")]),
        ("Infants less than 6 months old", [("age", "<", 6, "months")]),
        ("Surgery less than 30 days old", [("surgery", "<", 30, "days")]),
        # a z-score or SDS of a quantity is another quantity, and "for-age" names no age limit
        ("Height z-score < -2.0", [("height z-score", "<", -2.0, None)]),
        ("Height SDS < -2.5", [("height sds", "<", -2.5, None)]),
        ("BMI-for-age z-score > 2", [("bmi-for-age z-score", ">", 2, None)]),
        # a change named before its value is the quantity, whatever it is a share of
        ("Weight loss of ≥ 5% of body weight", [("weight loss", ">=", 5, "%")]),
    ],
)
def test_paediatric_shapes(text, expected):
    assert rows(text) == expected


def test_a_window_after_a_free_named_value_times_its_measurement():
    # the unit of the value before the window names no event; the quantity was measured in it
    assert rows("BNP ≥ 150 pg/mL within 90 days before screening") == [
        ("bnp", ">=", 150, "pg/mL"),
        ("bnp measurement", "<=", 90, "days"),
    ]


def test_a_unit_names_nothing_that_lasts():
    # "for at least 6 months" after a value: how long the value held, named by nothing but its unit
    assert rows("HIV-1 RNA < 50 copies/mL for at least 6 months") == [("hiv-1 rna", "<", 50, "copies/mL")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the scale's maximum after a score is no value: "4/10 or greater" is >= 4
        ("Baseline NRS pain score of 4/10 or greater", [("nrs", ">=", 4, None)]),
        ("Pain score of 4 out of 10 or greater", [("pain score", ">=", 4, None)]),
        ("NRS ≥ 4/10", [("nrs", ">=", 4, None)]),
    ],
)
def test_a_score_out_of_its_maximum(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bracket after a name defines the event the window after it bounds; it times no measurement
        (
            "Hyperkalaemia (K+ > 5.5 mmol/L) within 4 weeks",
            [("potassium", ">", 5.5, "mmol/L"), ("hyperkalaemia", "<=", 4, "weeks")],
        ),
        (
            "Fever (temperature ≥ 38.0 °C) within 72 hours before vaccination",
            [("temperature", ">=", 38.0, "°C"), ("fever", "<=", 72, "hours")],
        ),
        # a value restated in brackets in another unit still times its measurement
        (
            "eGFR < 60 mL/min as measured within 2 weeks",
            [("egfr", "<", 60, "mL/min"), ("egfr measurement", "<=", 2, "weeks")],
        ),
        # "without" negates the event a window bounds, as "no" does
        (
            "Hb ≥ 10 g/dL without transfusion in the last 4 weeks",
            [("hemoglobin", ">=", 10, "g/dL"), ("transfusion", "<=", 4, "weeks")],
        ),
    ],
)
def test_what_a_window_after_a_value_bounds(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an onset or a diagnosis "before the age of N" is an age below N (named "age", as labellers name
        # "age at diagnosis ≤ 18 years")
        ("Onset of headache syndrome before the age of 50", [("age", "<", 50, "years")]),
        ("Onset of seizures before 2 years of age", [("age", "<", 2, "years")]),
        # any other event before an age states no limit
        ("Surgery before age 18 is allowed", []),
    ],
)
def test_an_onset_before_an_age(text, expected):
    assert rows(text) == expected


def test_a_window_in_hours_or_days_written_h_or_d():
    assert rows("Stroke within 24 h") == [("stroke", "<=", 24, "hours")]
    assert rows("Myocardial infarction within 14 d of screening") == [("myocardial infarction", "<=", 14, "days")]


def test_a_name_that_opens_with_digits():
    # "6MWD", "6MWT distance": a number glued to an acronym opens the name, it ends no clause
    assert rows("6MWD < 350 m") == [("6mwd", "<", 350, "m")]
    assert rows("6MWT distance ≥ 150 m") == [("6mwt distance", ">=", 150, "m")]


def test_a_speed_in_metres_per_second():
    assert rows("Gait speed of 0.6 m/s or less") == [("gait speed", "<=", 0.6, "m/s")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dot before three digits separates thousands before copies and IU too, as before cell counts
        ("HIV RNA < 1.000 copies/ml", [("hiv rna", "<", 1000, "copies/ml")]),
        # a unitless range after an index, a scale or a sign limits it
        ("Barthel Index 20-60", [("barthel index", ">=", 20, None), ("barthel index", "<=", 60, None)]),
        ("Risser sign 0-2", [("risser sign", ">=", 0, None), ("risser sign", "<=", 2, None)]),
        # a scale's roman numeral is part of its name
        ("APACHE II score > 15", [("apache ii", ">", 15, None)]),
    ],
)
def test_review_of_critical_care_and_rehabilitation_lines(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sign before the value of "N or lower/greater", and before a compared one
        ("RASS score of -2 or lower", [("rass", "<=", -2, None)]),
        ("Patient has osteopenia of the spine (T-score of -1.0 or lower).", [("t-score", "<=", -1.0, None)]),
        ("RASS +1 or greater for 2 assessments 1 hour apart", [("rass", ">=", 1, None)]),
        ("RASS ≥ +1", [("rass", ">=", 1, None)]),
        # capitals glued to the value, or a version, name no scale
        ("v. AML in RC2 or later;", []),
        ("Owns an iPhone with iOS 9 or higher or Android with OS 4.1 or higher", []),
    ],
)
def test_a_signed_value_after_a_scale(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a limit said again in brackets in another unit is one limit
        ("Hemoglobin <90 g/L (<9 g/dL);", [("hemoglobin", "<", 90, "g/L")]),
        ("Corrected serum calcium > 14 mg/dL (> 3.5 mmol/L)", [("corrected calcium", ">", 14, "mg/dL")]),
        (
            "Children between 1 year (≥ 12 months) and 18 years of age",
            [("age", ">=", 1, "years"), ("age", "<=", 18, "years")],
        ),
        # a bracket that says more than a unit is a limit of its own
        (
            "Fasting serum TG ≤ 150 mg/dL (<=175 mg/dL when not fasting)",
            [("fasting serum tg", "<=", 150, "mg/dL"), ("fasting serum tg", "<=", 175, "mg/dL")],
        ),
    ],
)
def test_a_limit_restated_in_another_unit(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shapes from a review of made-up rheumatology, nephrology, addiction, dental, endocrine,
        # reproductive and rehabilitation lines (2026-12-06)
        ("At least 20 natural teeth", [("natural teeth", ">=", 20, None)]),
        ("Runners with ≥ 20 km/week running volume", [("running volume", ">=", 20, "km/week")]),
        ("Anyone aged 60+ able to stand unsupported", [("age", ">=", 60, "years")]),
        (
            "Kidney transplant recipients ≥ 1 year post-transplant",
            [("time post-transplant", ">=", 1, "year")],
        ),
        ("ANA titer ≥ 1:80 by HEp-2 immunofluorescence", [("ana titer", ">=", 80, None)]),
        ("TSH outside 0.4-4.0 mIU/L at screening", [("tsh", "<", 0.4, "mIU/L"), ("tsh", ">", 4.0, "mIU/L")]),
        (
            "Current smokers aged 40-75 with ≥ 20 pack-years",
            [("age", ">=", 40, None), ("age", "<=", 75, None), ("smoking history", ">=", 20, "pack-years")],
        ),
        ("Positive for ≥ 1 islet autoantibody", [("islet autoantibodies", ">=", 1, None)]),
        ("Randomised 1:1 to either arm", []),
        (
            "AMH ≥ 1.2 ng/mL and antral follicle count (AFC) 8-20",
            [("amh", ">=", 1.2, "ng/mL"), ("afc", ">=", 8, None), ("afc", "<=", 20, None)],
        ),
        (
            "Recreationally active males, VO2max 40-55 mL/kg/min",
            [("vo2max", ">=", 40, "mL/kg/min"), ("vo2max", "<=", 55, "mL/kg/min")],
        ),
        ("Timed Up and Go ≥ 13.5 s or history of falls", [("timed up and go", ">=", 13.5, None)]),
        (
            "Post-total knee arthroplasty, 2-8 weeks after surgery",
            [("time since surgery", ">=", 2, "weeks"), ("time since surgery", "<=", 8, "weeks")],
        ),
        # the guide's lost sign: "eGFR <60 but 15" is the range 15..60
        (
            "Moderate renal impairment: eGFR <60 but 30 mL/min/1.73 m2",
            [("egfr", "<", 60, None), ("egfr", ">=", 30, "mL/min/1.73 m2")],
        ),
    ],
)
def test_review_of_other_specialties(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person, then two limits sharing the unit, with no age word
        (
            "Osteosarcoma patients older than 12 and under 30 years",
            [("age", ">", 12, "years"), ("age", "<", 30, "years")],
        ),
        (
            "Skeletally mature adults ≥22 and ≤80 years at the time of surgery",
            [("age", ">=", 22, "years"), ("age", "<=", 80, "years")],
        ),
    ],
)
def test_a_persons_two_limits_in_years(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of times after a spelled comparator
        ("Pleural effusion requiring drainage more than once a month", [("drainage", ">", 1, None)]),
        ("Relapse more than once.", [("relapse", ">", 1, None)]),
        # "twice weekly" is the frequency of what follows: a limit on the triptan use, not on the attacks
        ("Attacks managed by means involving no more than twice weekly triptan use", [("triptan use", "<=", 2, "per week")]),
    ],
)
def test_a_count_of_times(text, expected):
    assert rows(text) == expected


def test_a_creatinine_table_by_age_gives_each_maximum():
    text = (
        "Maximum Serum Creatinine (mg/dL) Age 1 to \\< 2 years Male 0.6 Female 0.6 Age 2 to \\< 6 years Male 0.8 "
        "Female 0.8 Age 6 to \\< 10 years Male 1.0 Female 1.0 Age ≥ 16 years Male 1.7 Female 1.4"
    )
    creatinine = [row for row in rows(text) if row[0] == "creatinine"]
    assert creatinine == [("creatinine", "<=", value, "mg/dL") for value in (0.6, 0.8, 1.0, 1.7, 1.4)]
    assert ("age", ">=", 16, "years") in rows(text)  # the bands stay the age readers'
    text = "Serum creatinine ≤ the maximum for age: < 1 year 0.5 mg/dL, 2-5 years 0.8 mg/dL, ≥ 13 years 1.5 mg/dL"
    assert [row for row in rows(text) if row[0] == "creatinine"] == [
        ("creatinine", "<=", value, "mg/dL") for value in (0.5, 0.8, 1.5)
    ]
    assert rows("Serum creatinine ≤ 1.5 mg/dL") == [("creatinine", "<=", 1.5, "mg/dL")]  # one value is no table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # HLA matching as a fraction of the alleles typed, its denominator the unit
        (
            "Availability of suitable graft from living donor (defined as 7/8 or 8/8 HLA-matched related donors)",
            [("hla match", ">=", 7, "/8"), ("hla match", "<=", 8, "/8")],
        ),
        (
            "Availability of a 9-10/10 human leukocyte antigen (HLA) matched donor or 5-8/8 matched cord blood unit",
            [
                ("hla match", ">=", 9, "/10"),
                ("hla match", "<=", 10, "/10"),
                ("hla match", ">=", 5, "/8"),
                ("hla match", "<=", 8, "/8"),
            ],
        ),
        ("Matched related donor who is an 8/8 match for HLA-A, -B, -C, and -DRB1", [("hla match", "=", 8, "/8")]),
        ("Score of 7/10 on the pain scale", []),  # a fraction without a match is none
    ],
)
def test_hla_matches(text, expected):
    assert rows(text) == expected
