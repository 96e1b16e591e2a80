"""Normalised endpoints, time frames, criteria thresholds and doses: the seeds' acceptance values."""

import pytest
from conftest import seed_text

from tasks.normalize.criteria import Threshold, categorize_criterion, extract_thresholds
from tasks.normalize.doses import parse_dose
from tasks.normalize.endpoints import classify_endpoint
from tasks.normalize.time_frames import parse_time_frame
from tasks.normalize.units import to_canonical
from tasks.parsers import parse_text

SEEDS = ("000", "001", "002", "003", "004")
MONTH, YEAR = 30.4375, 365.25


def seed_endpoints():
    return [e for number in SEEDS for e in parse_text(seed_text(number))[1].endpoints]


def test_every_seed_time_frame_has_a_horizon():
    frames = {e.time_frame for e in seed_endpoints()}
    assert len(frames) == 26
    assert [f for f in frames if parse_time_frame(f).horizon_days is None] == []


@pytest.mark.parametrize(
    ("text", "points", "anchor"),
    [
        ("Day 1 - Month 60", [1, 60 * MONTH], None),
        ("at month 3 and month 6 of first infusion", [3 * MONTH, 6 * MONTH], "infusion"),
        (
            "month 1, 2, 3, 4, 5, 6 and every 6 months until 2 years of follow up",
            [m * MONTH for m in (1, 2, 3, 4, 5, 6)] + [12 * MONTH, 18 * MONTH, 24 * MONTH],
            None,
        ),
        (
            "at screening, at day +28, at day +100, at month 6, 12, 18 and 24",
            [0, 28, 100, 6 * MONTH, 12 * MONTH, 18 * MONTH, 24 * MONTH],
            None,
        ),
        ("Through study completion, an average of 2 years", [2 * YEAR], None),
        ("From the date of signing ICF to the date (2 years after infusion", [2 * YEAR], "consent"),
        ("Up to 24 hours post-dose", [1.0], "first_dose"),
        ("Day -6 to Day 28 after randomisation", [-6, 28], "randomization"),
        ("1-6 months after collecting last sample", [MONTH, 6 * MONTH], None),
        ("Through study completion", [], None),
        ("Day 14 to 17", [14, 17], None),
        ("Day 39 + 48 hours", [41], None),
        ("5 years and 2 months", [5 * YEAR + 2 * MONTH], None),
        ("up to one and a half years", [1.5 * YEAR], None),
        ("half a year after the last dose", [0.5 * YEAR], "first_dose"),
        ("Cycle 5 Day 1, each cycle is 21 days", [85], None),
        ("at the end of each cycle (28 days) for a maximum of 32 cycles", [28 * 32], None),
        ("Cycle 2 Day 15", [], None),  # the cycle's length is not stated
        ("Cycle 1 Day 15", [15], None),  # the first cycle starts on day 1, whatever its length
        ("Day 1 to Day 28 of Cycle 1", [1, 28], None),
        ("Cycle 1 Day 8; subsequent cycles Day 1", [], None),
        ("3-months- 6-months", [3 * MONTH, 6 * MONTH], None),  # a hyphen after a unit is no minus sign
        ("Two weeks prior to treatment", [-14], None),
        ("At the beginning of the study", [0], None),
        ("At enrolment", [0], "enrollment"),
        ("the day before the surgery", [-1], None),
        ("on the morning of the first postoperative day", [1], None),
        ("preoperative", [0], None),
        ("At the end of cycle 1 and 2 (each cycle is 28 days in duration)", [28, 56], None),
        ("End of cycle 2, 28-day cycles", [56], None),  # "2, 28" is no list of cycles
        ("Day 1 to Day 28 (Cycle 1, 28 days)", [1, 28], None),
        ("Baseline, Pre-Intervention; Immediately after intervention", [], None),  # the later point has no number
        ("0-120 seconds after intubation", [0, 0.001389], None),
        ("one year after surgery", [YEAR], None),
        ("six-month follow-up visit", [6 * MONTH], None),  # a number word hyphenated to its unit
        ("at the two-week visit", [14], None),
        ("3 days before surgery", [-3], None),
        ("pre-treatment", [0], None),
        ("the final 7 days of the study", [], None),
        ("at noon and at 1 a.m. (+/- 2 hours)", [], None),  # a tolerance on its own is no time point
        ("12 months ± 60 days post-operative examination", [12 * MONTH], None),
        ("24 (±15 minutes) hours", [1.0], None),  # a bracket between a number and its unit
        ("every 4 weeks until Week 12, then every 8 weeks until disease progression", [], None),  # goes on
        ("Every 12 weeks unless the patient leaves the study", [], None),
        ("At enrollment and every 3 months thereafter (up to 3 years)", [0, 3 * MONTH, 3 * YEAR], "enrollment"),
        ("Day 0, 24 weeks", [0, 168], None),  # the last item has a unit of its own
        ("Day 1, 8 and 15", [1, 8, 15], None),
    ],
)
def test_time_frames_in_days(text, points, anchor):
    frame = parse_time_frame(text)
    assert list(frame.timepoints_days) == pytest.approx(sorted(points), abs=1e-3)
    assert frame.horizon_days == (pytest.approx(max(points)) if points else None)
    assert frame.anchor == anchor


def test_every_seed_endpoint_has_a_category_unless_it_is_none_of_them():
    others = [
        e.measure for e in seed_endpoints() if classify_endpoint(e.measure, e.description).categories == ("other",)
    ]
    assert others == []  # performance status counts with quality of life (a functional measure)


@pytest.mark.parametrize(
    ("measure", "domain", "categories"),
    [
        ("Cytokine release syndrome rate", "safety", ("cytokine_release_syndrome",)),
        ("Microscopic Residual Disease (MRD) Negativity Rate and Duration", "efficacy", ("mrd_negativity",)),
        ("Stringent complete response rate (sCRR)", "efficacy", ("complete_response",)),
        ("Presence of neurological toxicity", "safety", ("neurotoxicity",)),
        ("Levels of soluble BCMA in serum", "pharmacodynamics", ("biomarkers",)),
        ("Occurrence rate of antidrug antibody", "immunogenicity", ("anti_drug_antibodies",)),
        ("Evaluate utilization of hospital resources", "resource_use", ("hospital_resource_use",)),
        ("Incidence of DLTs and treatment-emergent adverse events", "safety", ("dlt", "adverse_events")),
    ],
)
def test_endpoint_classification(measure, domain, categories):
    assert classify_endpoint(measure) == classify_endpoint(measure).__class__(domain, categories)


def test_seed_001_thresholds():
    _, record = parse_text(seed_text("001"))
    rows = {(c.kind, t) for c in record.criteria for t in extract_thresholds(c.text)}
    expected = {
        ("inclusion", Threshold("age", ">=", 18, "years")),
        ("inclusion", Threshold("ecog", "<=", 2)),
        ("inclusion", Threshold("life_expectancy", ">=", 12, "weeks")),
        ("exclusion", Threshold("nyha_class", ">=", 3)),
        ("exclusion", Threshold("fev1", "<", 50, "%")),
        ("exclusion", Threshold("ctcae_grade", "<=", 1)),
        ("exclusion", Threshold("gvhd_grade", ">=", 2)),
    }
    assert expected <= rows
    # Windows: the event as written; the names of schema 10 are now its category.
    windows = {
        (t.event_category, t.comparator, t.value, t.unit, t.window_days, t.anchor_event): t.variable
        for kind, t in rows
        if kind == "exclusion" and t.window_days is not None
    }
    assert {
        ("vaccination", "<=", 4, "weeks", 28, "pbmc_collection"): "vaccination",
        ("active_infection", "<=", 14, "days", 14, "pbmc_collection"): "uncontrolled active infection",
        ("immunosuppressive_therapy", "<=", 7, "days", 7, "enrollment"): "immunosuppressive therapy",
        ("asct", "<=", 12, "weeks", 84, "pbmc_collection"): (
            "bcma-cd19 dual-target car-t cell products or autologous stem cell transplantation"
        ),
        ("investigational_drug", "<=", 3, "months", 91.3125, "pbmc_collection"): "investigational drugs",
    }.items() <= windows.items()


def test_a_window_after_a_relative_clause_names_what_the_clause_says():
    (row,) = extract_thresholds("Those who has been started or changed their antidepressant medication within 1 month")
    assert row.variable.endswith("antidepressant medication") and row.event_category == "prior_treatment"


@pytest.mark.parametrize(
    ("text", "variable", "comparator", "value", "category"),
    [
        ("Major surgery within 4 weeks prior to enrollment", "major surgery", "<=", 4, "surgery"),
        ("Has a history of drug or alcohol abuse within the last 12 months", "drug or alcohol abuse", "<=", 12, None),
        (
            "Has received certain types of psychotherapy within the last 6 months",
            "psychotherapy",
            "<=",
            6,
            "prior_treatment",
        ),
        (
            "Planning to move out of the geographic area within 2 months",
            "move out of the geographic area",
            "<=",
            2,
            None,
        ),
        ("All viral blips that occurred within 24 weeks prior to screening", "viral blips", "<=", 24, None),
        ("Triptans within 48 hours from the procedure", "triptans", "<=", 48, None),
        (
            "Within the first 120 days of starting buprenorphine treatment",
            "starting buprenorphine treatment",
            "<=",
            120,
            None,
        ),
        (
            "Female patients of childbearing age must have a negative serum or urine HCG test within 7 days",
            "negative serum or urine hcg test",
            "<=",
            7,
            None,
        ),
        ("Surgery for heart disease in the last three weeks", "surgery for heart disease", "<=", 3, "surgery"),
        (
            "Acute myocardial infarction, unstable angina, or stable angina in the last six months",
            "acute myocardial infarction, unstable angina, or stable angina",
            "<=",
            6,
            None,
        ),
        ("Has had a myocardial infarction within the previous 6-months", "myocardial infarction", "<=", 6, None),
        ("Participated in the previous 4 weeks in any other clinical study", "clinical study", "<=", 4, None),
        (
            "At least 14 days must have elapsed since the completion of cytotoxic therapy",
            "time since cytotoxic therapy",
            ">=",
            14,
            None,
        ),
        ("received the Gliadel wafer < 30 days from the date of planned resection", "gliadel wafer", "<", 30, None),
    ],
)
def test_windows_name_their_event_as_written(text, variable, comparator, value, category):
    rows = [t for t in extract_thresholds(text) if t.window_days is not None]
    assert [(t.variable, t.comparator, t.value) for t in rows] == [(variable, comparator, value)]
    assert category is None or rows[0].event_category == category


def test_seed_001_criterion_categories():
    _, record = parse_text(seed_text("001"))
    categories = [categorize_criterion(c.text) for c in record.criteria]
    assert categories[:5] == ["age", "prior_therapy", "performance_status", "life_expectancy", "measurable_disease"]
    assert categories.count("other") == 2  # venous access, and "any situation the investigator believes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "18 to 75 years old (including cut-off value), Male and female;",
            [Threshold("age", ">=", 18, "years"), Threshold("age", "<=", 75, "years")],
        ),
        ("Expected survival > 12 weeks;", [Threshold("life_expectancy", ">", 12, "weeks")]),
        ("ECOG performance status 0-1", [Threshold("ecog", ">=", 0), Threshold("ecog", "<=", 1)]),
        ("Urine M protein ≥ 200 mg/24h;", [Threshold("urine_m_protein", ">=", 200, "mg/24h")]),
        ("Received at least 3 prior lines of therapy", [Threshold("prior_lines", ">=", 3)]),
        ("Left ventricular ejection fraction (LVEF) ≥ 45%", [Threshold("lvef", ">=", 45, "%")]),
    ],
)
def test_thresholds_from_common_phrasings(text, expected):
    assert extract_thresholds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BMI ≥ 18.5 and ≤ 32", [("bmi", ">=", 18.5), ("bmi", "<=", 32)]),
        ("BMI between 18.5 and 32 kg/m2", [("bmi", ">=", 18.5), ("bmi", "<=", 32)]),
        ("7% ≤ HbA1c ≤ 9%", [("hba1c", ">=", 7), ("hba1c", "<=", 9)]),
        ("Hemoglobin ≥ 9,0 g/dl", [("hemoglobin", ">=", 9.0)]),
        ("Blood pressure < 150/100 mmHg", [("systolic_bp", "<", 150), ("diastolic_bp", "<", 100)]),
        ("AST/ALT <= 2.5 x ULN", [("ast", "<=", 2.5), ("alt", "<=", 2.5)]),
        ("Creatinine > 2 mg/dL", [("creatinine", ">", 2)]),
        ("Creatinine clearance no more than 60 mL/min", [("creatinine_clearance", "<=", 60)]),
        ("Total bilirubin < / = 1.5 x ULN; ANC ≥ 1,500/mm3", [("bilirubin", "<=", 1.5), ("anc", ">=", 1500)]),
        ("total bilirubin ≤ institutional upper limit of normal (ULN)", [("bilirubin", "<=", 1)]),
        ("QTcF over 470 ms", [("qtc", ">", 470)]),
        ("PANSS total score of at least 70", [("panss", ">=", 70)]),
        ("Tumor size ≥ 2 cm", [("tumor size", ">=", 2)]),
        ("SpO2 > 92% on room air", [("spo2", ">", 92)]),
        ("Use highly effective contraception for at least 3 months after the last dose", []),
        ("RECIST version 1.1", []),
        # spelled comparators restated by a bracketed symbol, and bracketed limits
        ("EASI score greater than or equal to (≥)16", [("easi", ">=", 16)]),
        ("eGFR lesser than or equal to (≤) 30 mL/min/1.73 m2", [("egfr", "<=", 30)]),
        ("less than or equal to (<=10) days of prior therapy", [("prior therapy", "<=", 10)]),
        # scores named by an acronym, limits after a copula, counts named after their number
        ("Either HAQ-DI score ≥ 0.25 points or PtGA score ≥ 3 points", [("haq-di", ">=", 0.25), ("ptga", ">=", 3)]),
        ("provided the urothelial component is ≥50%", [("urothelial component", ">=", 50)]),
        ("At least 2 previous episodes", [("previous episodes", ">=", 2)]),
        ("NYHA grade II or greater", [("nyha_class", ">=", 2)]),
        (
            "Peripheral neuropathy >/= Common Terminology Criteria for Adverse Events (CTCAE) Grade 2",
            [("ctcae_grade", ">=", 2)],
        ),
        ("TBL > 1.5 mg/dL", [("bilirubin", ">", 1.5)]),
        ("Greater than Grade 1 spondylolisthesis according to Meyerding classification", [("meyerding grade", ">", 1)]),
        ("Grade 2 or higher spondylolisthesis at the target disc", [("spondylolisthesis grade", ">=", 2)]),
        ("ALAT and ASAT of ≤2.5 UNL", [("ast", "<=", 2.5), ("alt", "<=", 2.5)]),
        ("Cooperative young adults (5-24-years-old)", [("age", ">=", 5), ("age", "<=", 24)]),
        ("Males and/or females over age 18", [("age", ">", 18)]),
        ("8 months of age or older with a body weight ≥ 10 kg", [("age", ">=", 8), ("weight", ">=", 10)]),
        # durations
        ("Diabetes mellitus type 2 for at least 6 months", [("diabetes mellitus type 2", ">=", 6)]),
        (
            "History of migraine or cluster headache persisting for at least 6 months",
            [("migraine or cluster headache history", ">=", 6)],
        ),
        ("At least 2 year history of episodic cluster headache", [("episodic cluster headache history", ">=", 2)]),
        ("Stable weight for 3 months", [("stable weight", "=", 3)]),
        ("Diagnosis of chronic LBP for a minimum of 3 months", [("time since diagnosis", ">=", 3)]),
        ("Failed a minimum of 6 weeks conservative treatment", [("conservative treatment", ">=", 6)]),
        ("hydroxyurea for 72 hours or less", [("hydroxyurea", "<=", 72)]),
        ("Willing to perform a minimum of 8 finger sticks per day during the study.", []),
        (
            "Expected duration of cluster period is at least 6 weeks but not longer than 24 weeks",
            [("expected duration of cluster period", ">=", 6), ("expected duration of cluster period", "<=", 24)],
        ),
        ("fever (≥ 38.0 degree Celsius)", [("temperature", ">=", 38)]),
        ("patients older then 18 years old", [("age", ">", 18)]),
        ("well-controlled (<150 systolic/<100 diastolic)", [("systolic_bp", "<", 150), ("diastolic_bp", "<", 100)]),
        ("For adolescents under 18 years of age", [("age", "<", 18)]),
        (
            "Patients with a dual-energy X-ray absorption (DXA) total hip T-score ≤ -3.0;",
            [("total hip t-score", "<=", -3.0)],
        ),
        ("A resident in Sweden of 18+ years of age", [("age", ">=", 18)]),
        (
            "Inadequate response to conservative medical care over a period of at least 6 weeks",
            [("conservative medical care", ">=", 6)],
        ),
        ("All screening laboratory tests should be performed within 10 days prior to the first dose.", []),
        # a conduct clause ends at its comma or colon: the limits after it stand
        (
            "Adequate organ function, with laboratory tests to be performed within 14 days prior to enrollment: "
            "ANC ≥ 1.5 x 10^9/L, platelets ≥ 100 x 10^9/L",
            [("anc", ">=", 1.5), ("platelets", ">=", 100)],
        ),
        ("aged 18 or older, willing to comply, with ECOG ≤ 2", [("age", ">=", 18), ("ecog", "<=", 2)]),
        ("Patients eligible for this study must be ≥ 18 years old", [("age", ">=", 18)]),
        ("Diabetes duration 10+ years", []),
        ("Smoking > 10 cigarettes per day", [("smoking", ">", 10)]),
        ("HAQ-DI Score ≥ 0.25", [("haq-di", ">=", 0.25)]),
        # an unknown quantity named with its acronym in brackets is the acronym, as scores are
        ("Physician's Global Assessment (PhGA) >= 1 during screening", [("phga", ">=", 1)]),
        ("Hemoglobin less then or equal to 9 g/dL", [("hemoglobin", "<=", 9)]),
        ("No chemotherapy within days of the last dose; ANC ≥ 1500/uL", [("anc", ">=", 1500)]),
        ("At least 2 weeks from the date of last chemotherapy", [("time since chemotherapy", ">=", 2)]),
        # an age limit of a person, and two limits sharing one unit (written for this test)
        ("Participants over 65 years", [("age", ">", 65)]),
        ("Volunteers must be under 40 years", [("age", "<", 40)]),
        ("Women under 20 or over 40 years of age", [("age", "<", 20), ("age", ">", 40)]),
        # a performance status that names no other scale is ECOG's, the scale named before or after
        ("Performance status of 0 or 1", [("ecog", ">=", 0), ("ecog", "<=", 1)]),
        ("Performance status 0-2 (ECOG)", [("ecog", ">=", 0), ("ecog", "<=", 2)]),
        ("Patients with psoriasis for over 10 years", [("psoriasis", ">", 10)]),
        # a number then a comma and a space ends the number (written for this test)
        ("Aged 18-70, regardless of gender;", [("age", ">=", 18), ("age", "<=", 70)]),
        ("All ages from 16 years old", [("age", ">=", 16)]),
        ("COVID-19 diagnosis within thirty (30) days prior to randomization.", [("covid-19 diagnosis", "<=", 30)]),
        ("WHO PS 0-1", [("ecog", ">=", 0), ("ecog", "<=", 1)]),
        ("White blood count must be <25,000/microliter", [("wbc", "<", 25000)]),
        ("Predicted survival ≥ 12 weeks;", [("life_expectancy", ">=", 12)]),
        ("Uncontrolled diabetes, hyperglycemia > 1.8 g/L", [("glucose", ">", 1.8)]),
        ("≥30.0 kg/m²,", [("bmi", ">=", 30)]),
        # the unit spelled out, as CT.gov's own records often write it, is still a body mass index
        ("≥30.0 kilogram/square meter (kg/m²),", [("bmi", ">=", 30)]),
    ],
)
def test_open_vocabulary_thresholds(text, expected):
    assert [(t.variable, t.comparator, t.value) for t in extract_thresholds(text)] == expected


def test_a_spelled_out_bmi_unit_is_one_unit_not_kilograms():
    rows = extract_thresholds("BMI of 18.0 to 32.0 kilograms per square meter (kg/m^2)")
    assert [(t.variable, t.comparator, t.value, t.unit) for t in rows] == [
        ("bmi", ">=", 18.0, "kilograms per square meter"),
        ("bmi", "<=", 32.0, "kilograms per square meter"),
    ]


@pytest.mark.parametrize(
    ("variable", "value", "unit", "canonical"),
    [
        ("creatinine", 2, "mg/dL", (176.803395, "µmol/L")),
        ("bilirubin", 1.5, "x ULN", (1.5, "x ULN")),
        ("anc", 1500, "/mm3", (1.5, "10^9/L")),
        ("hemoglobin", 9, "g/dL", (90.0, "g/L")),
        ("life_expectancy", 12, "weeks", (84.0, "days")),
        ("age", 18, "years", (18.0, "years")),
        ("qtc", 470, "ms", (470.0, "ms")),
        ("ecog", 2, None, (None, None)),
        ("tumor size", 3, "lesions", (None, None)),
        ("bmi", 32, "kilograms per square meter", (32.0, "kg/m2")),
        ("hemoglobin", 9, "gm/dl", (90.0, "g/L")),
        ("platelets", 100000, "per cu mm", (100.0, "10^9/L")),
        # a milliequivalent is a millimole of a monovalent ion only
        ("potassium", 4.9, "mEq/L", (4.9, "mmol/L")),
        ("calcium", 4.9, "mEq/L", (None, None)),
        # a dose in milligrams, a body weight in kilograms
        ("prednisone", 10, "mg", (10.0, "mg")),
        ("urine protein", 1, "g", (1000.0, "mg")),
        # pounds are a body weight, not a dose; "grams per deciliter" is g/dL
        ("weight", 110, "lbs", (49.895161, "kg")),
        ("hemoglobin", 9, "grams per deciliter", (90.0, "g/L")),
        ("serum bicarbonate", 20, "mEq/L", (20.0, "mmol/L")),
        # a dose per week or per area; a birth weight in grams is a weight in kg; Fahrenheit has an offset
        ("methotrexate", 25, "mg per week", (3.571429, "mg/day")),
        ("cyclophosphamide", 750, "mg/m2", (750.0, "mg/m2")),
        ("weight", 2500, "g", (2.5, "kg")),
        ("temperature", 100.4, "°F", (38.0, "°C")),
        ("weight", 50, "kg", (50.0, "kg")),
    ],
)
def test_canonical_units(variable, value, unit, canonical):
    assert to_canonical(variable, value, unit) == canonical


def test_seed_001_arm_doses():
    _, record = parse_text(seed_text("001"))
    doses = {a.label: parse_dose(a.description) for a in record.arms}
    assert {label: (d.value, d.unit) for label, d in doses.items()} == {
        "Phase 1: Medium dose group": (2.0e6, "cells/kg"),
        "Phase 1: High dose group": (3.0e6, "cells/kg"),
        "Phase 2a: RP2D": (None, None),
        "Phase 1: Low dose group": (1.0e6, "cells/kg"),
    }


@pytest.mark.parametrize(
    ("text", "value", "unit", "low", "high"),
    [
        ("2.0×10^6 CAR-T cells/kg", 2.0e6, "cells/kg", 2.0e6, 2.0e6),
        ("2.0x10^6 CAR-T cells/kg", 2.0e6, "cells/kg", 2.0e6, 2.0e6),
        ("2×10⁶ CAR-T cells/kg", 2.0e6, "cells/kg", 2.0e6, 2.0e6),
        ("2.0 × 10\\^6 CAR-T cells/kg", 2.0e6, "cells/kg", 2.0e6, 2.0e6),
        ("50×10^6 CAR+ T cells", 50.0e6, "cells", 50.0e6, 50.0e6),
        ("1.0-3.0 × 10^6/kg", None, "cells/kg", 1.0e6, 3.0e6),
        ("fludarabine 30 mg/m2 and cyclophosphamide 300 mg/m2", None, "mg/m2", 30, 300),
    ],
)
def test_dose_spellings(text, value, unit, low, high):
    dose = parse_dose(text)
    assert (dose.value, dose.unit, dose.minimum, dose.maximum) == (value, unit, low, high)
