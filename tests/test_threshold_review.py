"""Shapes a review of made-up criteria in real shapes found misread (2026-12-05), one case per cause.

Each sentence was written for the review, not taken from the labelled sets; the expected rows
follow the labelling guide in ``tests/data/labels/README.md``.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float]]:
    return [(t.variable, t.comparator, t.value) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "below A or above B": the second comparator starts the next limit, it is no "or above" of the first
        ("Heart rate below 45 bpm or above 110 bpm", [("heart rate", "<", 45), ("heart rate", ">", 110)]),
        ("Age under 18 or over 75 years", [("age", "<", 18), ("age", ">", 75)]),
        ("Pain duration of 6 months or longer", [("pain duration", ">=", 6)]),
    ],
)
def test_two_limits_joined_by_or(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the period a count is counted over is no window of its own
        ("Two or more relapses in the previous 24 months", [("relapses", ">=", 2)]),
        ("Gout with at least 2 flares in the previous 12 months", [("flares", ">=", 2)]),
        # a dose before its window is no count
        (
            "Received > 30 Gy of radiation therapy within 4 weeks",
            [("radiation therapy", ">", 30), ("radiation therapy", "<=", 4)],
        ),
    ],
)
def test_a_counts_period_is_no_window(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a known name inside a ratio, a change or a qualified kind is another quantity
        ("Urine albumin-to-creatinine ratio ≥ 300 mg/g", [("urine albumin-to-creatinine ratio", ">=", 300)]),
        ("FEV1/FVC ratio < 0.70", [("fev1/fvc ratio", "<", 0.7)]),
        ("FEV1/FVC < 0.7", [("fev1/fvc ratio", "<", 0.7)]),
        ("Weight change greater than 5 kg during the run-in period", [("weight change", ">", 5)]),
        ("Increase in serum creatinine ≥ 0.3 mg/dL", [("increase in serum creatinine", ">=", 0.3)]),
        # direct and conjugated bilirubin are named bilirubin, as the labels name them
        ("Direct bilirubin > 1.5 × ULN", [("bilirubin", ">", 1.5)]),
        ("Total bilirubin ≤ 1.5 x ULN", [("bilirubin", "<=", 1.5)]),
    ],
)
def test_a_name_inside_another_quantity(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # toxicity grades in roman numerals, and a list or range of grades with no comparator
        (
            "Grade III or IV infusion-related reaction to a monoclonal antibody",
            [("ctcae_grade", ">=", 3), ("ctcae_grade", "<=", 4)],
        ),
        ("Peripheral neuropathy ≥ grade II", [("ctcae_grade", ">=", 2)]),
        ("Neuropathy grade III or higher", [("ctcae_grade", ">=", 3)]),
        # a graded condition named before the grade names it
        ("Radiographic spondylolisthesis greater than grade 1", [("spondylolisthesis grade", ">", 1)]),
        # a tumour's grade classifies the disease; a grade with no comparator sets no limit
        ("Stage IB, grade 1 or 2, pN0, with or without LVI", []),
        ("excluding grade 2 neuropathy", []),
    ],
)
def test_grades(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # comparators of size; a volume in mL; an acronym bracketed before "of"
        ("Tumor size no larger than 5 cm", [("tumor size", "<=", 5)]),
        ("Donated more than 500 mL of blood", [("blood", ">", 500)]),
        ("Tumor proportion score (TPS) of ≥ 1%", [("tps", ">=", 1)]),
        # a dot before three digits of a cell count separates thousands
        ("Neutrophils < 1500/μl or platelets < 100.000/μl", [("anc", "<", 1500), ("platelets", "<", 100000)]),
        # a score read on a scale whose span is written as points or millimetres
        ("Average pain intensity ≥ 4 on an 11-point numeric rating scale (NRS)", [("nrs", ">=", 4)]),
        ("Pain intensity of at least 40 mm on a 100 mm VAS", [("vas", ">=", 40)]),
        # a hyphenated formula between a value and its measurement window
        (
            "CrCl >= 30 mL/min (Cockcroft-Gault) within 14 days before enrolment",
            [("creatinine_clearance", ">=", 30), ("creatinine_clearance measurement", "<=", 14)],
        ),
    ],
)
def test_words_units_and_numbers(text, expected):
    assert rows(text) == expected


def test_a_rate_spelled_out_is_the_egfr_unit():
    rows_ = extract_thresholds("GFR >= 60 milliliter per minute per 1.73 meter square")
    assert [(t.variable, t.unit) for t in rows_] == [("egfr", "mL/min/1.73 m2")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # half-lives first, then the time: both are limits of one window
        (
            "Use of investigational drug within 5 half-lives or 28 days, whichever is longer",
            [("investigational drug", "<=", 5), ("investigational drug", "<=", 28)],
        ),
        # singular nouns with an adjective's ending are counted
        ("At least one adverse event leading to discontinuation", [("adverse events", ">=", 1)]),
        ("At least one first-degree relative with early-onset disease", [("first-degree relatives", ">=", 1)]),
        ("1 or more tumors accessible to biopsy", []),
    ],
)
def test_half_lives_first_and_singular_counts(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ages and years spelled out
        ("Twenty-one years of age or older", [("age", ">=", 21)]),
        ("Aged eighteen or over", [("age", ">=", 18)]),
        ("Male or female, aged eighteen to sixty-five years", [("age", ">=", 18), ("age", "<=", 65)]),
        ("One of the following conditions", []),
    ],
)
def test_spelled_ages(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second "N or more" goes on with the quantity of the first
        (
            "CHA2DS2-VASc score of 2 or more in men or 3 or more in women",
            [("cha2ds2-vasc", ">=", 2), ("cha2ds2-vasc", ">=", 3)],
        ),
        (
            "Hemoglobin 10 g/dL or more in women or 11 g/dL or more in men",
            [("hemoglobin", ">=", 10), ("hemoglobin", ">=", 11)],
        ),
        # unless a noun after it says what it counts
        ("Ovarian volume > 10 cc, 12 or more peripherally located follicles", [("ovarian volume", ">", 10)]),
    ],
)
def test_a_second_postfix_limit_goes_on(text, expected):
    assert rows(text) == expected


def test_a_scales_span_is_no_limit():
    assert rows("Pain ≥ 4 on a 0-10 NRS") == [("nrs", ">=", 4)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Snellen fraction is its decimal; acuity is better the larger it is; the name is as written
        ("Normal or corrected vision with visual acuity up to 20/60", [("visual acuity", "<=", 0.333333)]),
        (
            "Best-corrected visual acuity of 20/40 to 20/320",
            [("best-corrected visual acuity", ">=", 0.0625), ("best-corrected visual acuity", "<=", 0.5)],
        ),
        ("Visual acuity worse than 20/200", [("visual acuity", "<", 0.1)]),
        ("BCVA 20/40 or better in the study eye", [("bcva", ">=", 0.5)]),
        # a pressure pair is no fraction
        ("Blood pressure < 140/90 mmHg", [("systolic_bp", "<", 140), ("diastolic_bp", "<", 90)]),
    ],
)
def test_snellen_fractions(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range's upper end with its plus sign; chart letters, diopters and doses per week as units
        (
            "Spherical equivalent refraction between -6.00 and +3.00 diopters",
            [("spherical equivalent refraction", ">=", -6), ("spherical equivalent refraction", "<=", 3)],
        ),
        ("BCVA of 24 to 78 ETDRS letters", [("bcva", ">=", 24), ("bcva", "<=", 78)]),
        ("Methotrexate at a stable dose of 7.5 to 25 mg/week", [("stable dose", ">=", 7.5), ("stable dose", "<=", 25)]),
    ],
)
def test_signed_ranges_and_more_units(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the treatment tried "despite" which a condition persists is no limit; the limit before it is
        ("Hypertension that cannot be lowered despite treatment with two or more antihypertensive medications", []),
        ("Uncontrolled glaucoma (IOP > 25 mmHg despite treatment with anti-glaucoma medication)", [("iop", ">", 25)]),
    ],
)
def test_what_was_tried_despite_a_condition(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prior lines as a range, exactly, received, or of a named regimen
        ("Relapsed after 1 to 3 prior lines of therapy", [("prior_lines", ">=", 1), ("prior_lines", "<=", 3)]),
        ("Previously treated with exactly one prior line of therapy", [("prior_lines", "=", 1)]),
        ("Received 2 prior lines of therapy", [("prior_lines", "=", 2)]),
        ("Refractory disease with at least 1 prior anti-CD20 based regimen", [("prior_lines", ">=", 1)]),
        ("Each regimen represents one line of therapy", []),
    ],
)
def test_prior_lines(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "in the prior N weeks" is a window (of the transfusion: "without" is no part of the event, as the
        # labels read "without blood transfusion during 14 days"); "defined as" links a value to the noun after it
        (
            "Hemoglobin >= 9 g/dL without RBC transfusion in the prior 2 weeks",
            [("hemoglobin", ">=", 9), ("rbc transfusion", "<=", 2)],
        ),
        (
            "Primary plasma cell leukemia, defined as ≥ 5% circulating plasma cells",
            [("circulating plasma cells", ">=", 5)],
        ),
        ("Substantial LVI is defined as >= 3 foci", [("foci", ">=", 3)]),
        # a grade before "acute GVHD" is a GvHD grade; urinary M-protein is urine M-protein
        ("Grade ≥ 2 acute graft-versus-host disease by MAGIC criteria", [("gvhd_grade", ">=", 2)]),
        ("Urinary M-protein ≥ 200 mg/24 h", [("urine_m_protein", ">=", 200)]),
        # "BCMA" names BCMA expression only where expression is meant
        (
            "Prior exposure to a BCMA-directed agent at least 3 months before enrolment",
            [("bcma-directed agent", ">=", 3)],
        ),
        ("BCMA expression on ≥ 5% of plasma cells", [("bcma_expression_percent", ">=", 5)]),
        # donating sperm is conduct
        ("Men must refrain from donating sperm for 3 months after the last dose", []),
    ],
)
def test_oncology_review(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range of a score the vocabulary does not name, read after "score (of)"
        ("International Prognostic Index (IPI) score of 2 to 5", [("ipi", ">=", 2), ("ipi", "<=", 5)]),
        ("FLIPI score 3-5 (high risk)", [("flipi", ">=", 3), ("flipi", "<=", 5)]),
        ("Meet the standards of 1 to 4 items.", []),
    ],
)
def test_unnamed_score_ranges(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negative power of ten is its decimal
        ("MRD ≥ 10^-4 in bone marrow by next-generation sequencing", [("mrd", ">=", 0.0001)]),
        # a count after ", or" names its own noun; "otherwise" names nothing
        ("hemoglobin < 10 g/dL, or ≥ 1 lytic bone lesion", [("hemoglobin", "<", 10), ("lytic bone lesions", ">=", 1)]),
        (
            "ALT and/or AST > 5 × ULN if liver involvement, otherwise > 2.5 × ULN",
            [("alt", ">", 5), ("ast", ">", 5), ("alt", ">", 2.5), ("ast", ">", 2.5)],
        ),
    ],
)
def test_myeloma_shapes(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a treatment that must be completed or stopped some time before: the time since it
        (
            "Bridging therapy must be completed at least 7 days before lymphodepletion",
            [("time since bridging therapy", ">=", 7)],
        ),
        (
            "Venetoclax must have been discontinued ≥ 7 days prior to the first dose",
            [("time since venetoclax", ">=", 7)],
        ),
    ],
)
def test_time_since_a_completed_treatment(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count followed by its size: both; a measurable lesion's size is its diameter
        (
            "More than one focal lesion ≥ 5 mm in size on whole-body MRI",
            [("focal lesions", ">", 1), ("focal lesion", ">=", 5)],
        ),
        (
            "At least 1 measurable lesion that can be measured as ≥ 10 mm in the longest diameter",
            [("measurable lesions", ">=", 1), ("longest diameter", ">=", 10)],
        ),
    ],
)
def test_a_count_and_its_size(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the event of a window after a comma is the clause before it
        (
            "Myocardial infarction or unstable angina, within 6 months prior to enrolment",
            [("myocardial infarction or unstable angina", "<=", 6)],
        ),
        ("Stroke, including transient ischaemic attack, within 6 months prior to enrolment", [("stroke", "<=", 6)]),
        # a window's "≤ 1 week" does not hide a "≤ 1 x ULN" read by the open reader
        (
            "INR < 1.5 and PTT no greater than upper limits of normal within 1 week prior to randomization",
            [("inr", "<", 1.5), ("ptt", "<=", 1), ("ptt measurement", "<=", 1)],
        ),
    ],
)
def test_solid_tumour_review(text, expected):
    assert sorted(rows(text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a space separating thousands of a cell count; "at or above"; PT in a group; a PSA kinetic; ALBI grade
        ("Platelets ≥ 150 000/mm3 and neutrophils ≥ 1 500/mm3", [("platelets", ">=", 150000), ("anc", ">=", 1500)]),
        ("Haemoglobin at or above 9 g/dL", [("hemoglobin", ">=", 9)]),
        ("Serum creatinine at or below 1.5 times the ULN", [("creatinine", "<=", 1.5)]),
        (
            "INR/PT/aPTT ≤ 1.5 × ULN unless on anticoagulants",
            [("inr", "<=", 1.5), ("pt", "<=", 1.5), ("aptt", "<=", 1.5)],
        ),
        ("Prostate-specific antigen doubling time < 10 months", [("prostate-specific antigen doubling time", "<", 10)]),
        (
            "Albumin-bilirubin (ALBI) grade 1 or 2",
            [("albumin-bilirubin grade", ">=", 1), ("albumin-bilirubin grade", "<=", 2)],
        ),
    ],
)
def test_solid_tumour_blocks(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bracketed alternative after a qualifier limits the same quantity
        (
            "Total bilirubin ≤ 1.5 × ULN (Gilbert's syndrome: ≤ 3 × ULN)",
            [("bilirubin", "<=", 1.5), ("bilirubin", "<=", 3)],
        ),
        (
            "AST or ALT > 3 x ULN (patients with liver metastases: > 5 x ULN)",
            [("ast", ">", 3), ("alt", ">", 3), ("ast", ">", 5), ("alt", ">", 5)],
        ),
        # unless the bracket names its own quantity
        ("ECG QTc prolongation (Male: > 450 ms, Female: > 470 ms)", [("qtc", ">", 450), ("qtc", ">", 470)]),
        # a life expectancy counted from a point is read once, as a life expectancy
        ("Life expectancy of ≥ 12 weeks from the start of study treatment", [("life_expectancy", ">=", 12)]),
    ],
)
def test_qualified_alternatives_and_life_expectancy(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a third review (2026-12-06): a tilde between two numbers is a range
        ("Age 18~75 years old", [("age", ">=", 18), ("age", "<=", 75)]),
        ("ECOG-PS: 0 ~ 2", [("ecog", ">=", 0), ("ecog", "<=", 2)]),
        ("Age 18～70 years", [("age", ">=", 18), ("age", "<=", 70)]),
        # older and younger speak of an age, with or without the word
        ("Older than 18 and younger than 80 years", [("age", ">", 18), ("age", "<", 80)]),
        ("Younger than 80 years", [("age", "<", 80)]),
        ("Not younger than 18 years", [("age", ">=", 18)]),
        ("Older than or equal to 65 years", [("age", ">=", 65)]),
        # a performance status's grade is that scale's, no toxicity grade
        ("ECOG grade ≤ 2", [("ecog", "<=", 2)]),
        ("ECOG performance status grade 0 to 1", [("ecog", ">=", 0), ("ecog", "<=", 1)]),
        ("ECOG ≤ 1 and no grade ≥ 2 peripheral neuropathy", [("ecog", "<=", 1), ("ctcae_grade", ">=", 2)]),
    ],
)
def test_tilde_ranges_older_and_younger_and_performance_grades(text, expected):
    assert sorted(rows(text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both ends of a count of prior lines, the lower one written first with its own comparator
        (
            "Relapsed or refractory myeloma after at least two but not more than four prior lines of therapy",
            [("prior_lines", ">=", 2), ("prior_lines", "<=", 4)],
        ),
        ("≥ 2 but ≤ 4 prior systemic therapies", [("prior_lines", ">=", 2), ("prior_lines", "<=", 4)]),
        ("Between 1 and 3 prior lines of therapy", [("prior_lines", ">=", 1), ("prior_lines", "<=", 3)]),
        ("At least 3 prior lines of therapy", [("prior_lines", ">=", 3)]),
    ],
)
def test_both_ends_of_a_count_of_prior_lines(text, expected):
    assert sorted(rows(text)) == sorted(expected)
