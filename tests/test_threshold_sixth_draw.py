"""Shapes the sixth labelled draw (``dev3``) showed the readers missing, each in a made-up sentence.

Windows that open a criterion or sit in a bracket, exact lengths before an anchor, a second limit
in half-lives or against the lower limit of normal, a sign written after its value, a late relapse,
and names as labellers write them. Every sentence is written for these tests in a real shape; a
sentence next to it checks what the rule must leave alone.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a window that opens the criterion bounds the clause after its anchor's comma
        (
            "Within 10 days before the first dose, received a strong CYP3A inhibitor.",
            [("strong cyp3a inhibitor", "<=", 10, "days")],
        ),
        (
            "Within 3 weeks before randomization, the patient has undergone major surgery (such as laparotomy).",
            [("major surgery", "<=", 3, "weeks")],
        ),
        # up to a limit of its own
        (
            "Within 4 weeks before the first administration, any bleeding event ≥ CTCAE grade 3",
            [("bleeding event", "<=", 4, "weeks"), ("ctcae_grade", ">=", 3, None)],
        ),
        # a bracketed window after "or": the event after the bracket, without the group it is for
        (
            "current use (or within previous 12 months) of systemic steroids in adults",
            [("systemic steroids", "<=", 12, "months")],
        ),
        ("Active (within the past 3 months) suicidal ideation", [("suicidal ideation", "<=", 3, "months")]),
        # an exact length before an anchor is a window; a state that lasted is a duration
        ("History of myocarditis for 6 months before the screening.", [("myocarditis", "<=", 6, "months")]),
        ("Must be off prazosin for 3 days prior to enrollment.", [("off prazosin", "=", 3, "days")]),
        ("Stable weight for 3 months", [("stable weight", "=", 3, "months")]),
    ],
)
def test_windows(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # from the seventh draw's misses: a bracketed window that ends the clause, a restated window then its
        # event, "within a period of", a passive "was completed"
        (
            "Recent smoking history or substance abuse (within six weeks).",
            [("smoking history or substance abuse", "<=", 6, "weeks")],
        ),
        (
            "Has participated in the last 3 months (12 weeks) in a clinical study of a device",
            [("clinical study of a device", "<=", 3, "months")],
        ),
        (
            "Participation in a drug study within a period of 30 days prior to dosing",
            [("drug study", "<=", 30, "days")],
        ),
        (
            "Whole brain radiotherapy was completed at least 2 weeks prior to the first dose",
            [("time since whole brain radiotherapy", ">=", 2, "weeks")],
        ),
        ("Recent (within 3 months) initiation of a weight-loss diet program recommended by a dietitian", []),
        ("HgbA1c 8 or above", [("hba1c", ">=", 8, None)]),
        # courses of a treatment: exact with no comparator, the comparator of the count they are an alternative to
        (
            "Not achieving a CR after 2 cycles of induction chemotherapy",
            [("induction chemotherapy cycles", "=", 2, None)],
        ),
        (
            "Refractory MDS with at least 4 cycles of decitabine or 6 cycles of azacitidine",
            [("decitabine cycles", ">=", 4, None), ("azacitidine cycles", ">=", 6, None)],
        ),
        ("Cycle 1 Day 1 of treatment", []),
        # "N must have elapsed for X / if prior X", one after another (the statements do not overlap)
        (
            "2 weeks must have elapsed for local radiotherapy; 6 months must have elapsed if prior craniospinal RT",
            [("time since local radiotherapy", ">=", 2, "weeks"), ("time since craniospinal rt", ">=", 6, "months")],
        ),
        # the periods of a sentence about avoiding pregnancy are conduct
        (
            "Agrees to follow the Methods for Avoiding Pregnancy for at least 30 days after discontinuation of the drug",
            [],
        ),
        # the least or greatest value, its word before the quantity's name
        ("Patient must have a minimum VAF of 5%.", [("vaf", ">=", 5, "%")]),
        ("with a minimum weight of 50 kg", [("weight", ">=", 50, "kg")]),
        ("Minimum posterior disc height of 5 mm", [("posterior disc height", ">=", 5, "mm")]),
        ("Maximum cord dose 45 Gy", [("cord dose", "<=", 45, "Gy")]),
        ("Smartphone with Android (minimum version 8.0)", []),  # a version is no limit
        ("A baseline maximum diameter of 10 mm or more", [("diameter", ">=", 10, "mm")]),  # read by the open reader
        # an acronym keeps a hyphen between letters (the labels' "hct-ci", "ldl-c"), joins one before a number
        ("HCT comorbidity index (HCT-CI) < 5", [("hct-ci", "<", 5, None)]),
        ("Prodromal Questionnaire (PQ-16) score of 6 or more", [("pq16", ">=", 6, None)]),
    ],
)
def test_seventh_draw_shapes(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the half-lives alternative after the first length's anchor, after "less than", and as "times half-life"
        (
            "Any anticancer therapy within 3 weeks prior to Day 1 or five half-lives, whichever is shorter",
            [("anticancer therapy", "<=", 3, "weeks"), ("anticancer therapy", "<=", 5, "half-lives")],
        ),
        (
            "Investigational agents less than 14 days or 5 half-lives before the first dose",
            [("investigational agents", "<", 14, "days"), ("investigational agents", "<", 5, "half-lives")],
        ),
        (
            "Received any investigational product within 28 days, or within 5 times half-life of the product",
            [("investigational product", "<=", 28, "days"), ("investigational product", "<=", 5, "half-lives")],
        ),
    ],
)
def test_half_life_alternatives(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second limit against the lower limit of normal
        (
            "Ejection fraction < 50% (or lower limit of institutional normal value)",
            [("lvef", "<", 50, "%"), ("lvef", "<", 1, "x LLN")],
        ),
        (
            "LVEF < 45% or below the institutional lower limit of normal",
            [("lvef", "<", 45, "%"), ("lvef", "<", 1, "x LLN")],
        ),
        ("Platelets 50 or lower", [("platelets", "<=", 50, None)]),  # a postfix comparator stays one
        # a condition in brackets, then the same quantity's limit for it
        (
            "ALT and AST ≤ 2.5 × ULN (liver metastasis ≤ 5 × ULN)",
            [
                ("alt", "<=", 2.5, "x ULN"),
                ("ast", "<=", 2.5, "x ULN"),
                ("alt", "<=", 5, "x ULN"),
                ("ast", "<=", 5, "x ULN"),
            ],
        ),
        (
            "Total bilirubin ≤ 1.5 × ULN (except for Gilbert syndrome ≤ 3 × ULN)",
            [("bilirubin", "<=", 1.5, "x ULN"), ("bilirubin", "<=", 3, "x ULN")],
        ),
        # a sign written after its value, before a clause word
        ("Mini-Mental State Exam score of 24 ≥ at screening", [("mmse", ">=", 24, None)]),
        ("CTCAE 5.0 ≥ grade 2 neuropathy", [("ctcae_grade", ">=", 2, None)]),  # a version, then the limit
        # "equal to A or B" on a scale is both ends
        ("ECOG performance status equal to 2 or 3", [("ecog", ">=", 2, None), ("ecog", "<=", 3, None)]),
        # a unit ending in a digit, then what it measures
        ("Prior exposure to > 400 mg/m2 of doxorubicin", [("doxorubicin", ">", 400, "mg/m2")]),
        # a translated name of the NYHA classification
        ("New York Society of Cardiology class ≥ III", [("nyha_class", ">=", 3, None)]),
        # how late an event came
        ("Relapse after 18 months of first remission", []),  # the length of the remission, not the relapse
        ("Relapse after 18 months", [("relapse", ">", 18, "months")]),
    ],
)
def test_values(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how long menopause lasted defines who cannot become pregnant, not who may enrol
        (
            "To be considered of non-childbearing potential a woman must be post-menopausal for at least 2 years",
            [],
        ),
        # outside such a sentence it is a limit
        ("Postmenopausal for at least 12 months prior to study", [("postmenopausal", ">=", 12, "months")]),
    ],
)
def test_childbearing_definitions(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recent nasal surgery (< 3 months)", [("nasal surgery", "<", 3, "months")]),
        ("Participants who took NSAIDs within 1 week", [("nsaids", "<=", 1, "weeks")]),
        ("Active malignancy or prior history of malignancy within 3 years", [("malignancy", "<=", 3, "years")]),
        ("Active hepatitis or history of any type of hepatitis within 6 months", [("hepatitis", "<=", 6, "months")]),
        # how a drug was taken is no part of its name, its routes are
        ("Current or prior use of anticoagulants within 14 days", [("anticoagulants", "<=", 14, "days")]),
        (
            "Oral or inhaled administration of corticosteroids within 7 days",
            [("oral or inhaled corticosteroids", "<=", 7, "days")],
        ),
        ("Antiviral therapy for any indication within 5 days", [("antiviral therapy", "<=", 5, "days")]),
        ("Stroke resulting in hemiparesis within 6 months", [("stroke", "<=", 6, "months")]),
        # a stable dose lasts, whatever it is of
        ("Antidepressants are allowed if taken at a stable dose for 3 months", [("stable dose", "=", 3, "months")]),
        ("Free of prophylactic medication or on stable dose for at least 4 weeks", [("stable dose", ">=", 4, "weeks")]),
        # two different things stay both
        ("Epilepsy or history of stroke within 6 months", [("epilepsy or history of stroke", "<=", 6, "months")]),
    ],
)
def test_names(text, expected):
    assert rows(text) == expected
