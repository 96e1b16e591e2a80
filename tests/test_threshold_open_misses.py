"""Shapes the open draws (``dev3`` to ``dev6``) showed the readers missing, each in a made-up sentence.

A longer window for the agents a bracket names, windows counted "since" or "from" an event, a
bracketed window before "/current use of", "within at least", a short unit with its full stop,
and a pregnancy test's timing inside a contraception sentence. Every sentence is written for these
tests in a real shape; a sentence next to it checks what the rule must leave alone.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return sorted((t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the bracket's agents have a window of their own, right after the window or after its anchor
        (
            "Cytotoxic therapy within 3 weeks (8 weeks for nitrosoureas or mitomycin C) before enrolment",
            [("cytotoxic therapy", "<=", 3, "weeks"), ("nitrosoureas or mitomycin c", "<=", 8, "weeks")],
        ),
        (
            "Has received chemotherapy within 14 days prior to the first infusion of study drug (42 days for nitrosoureas).",
            [("chemotherapy", "<=", 14, "days"), ("nitrosoureas", "<=", 42, "days")],
        ),
        # a bracket that is no agent's window stays what it was
        ("Major surgery within 4 weeks (28 days) before the first dose", [("major surgery", "<=", 4, "weeks")]),
        # "within N days since / from X": X is the event; from an anchor, the label before the colon is
        (
            "Antibody therapy: within 30 days since monoclonal antibodies, and within 14 days since receipt of cytokines.",
            [("cytokines", "<=", 14, "days"), ("monoclonal antibodies", "<=", 30, "days")],
        ),
        ("Radiotherapy: within 21 days from prior pelvic radiation.", [("pelvic radiation", "<=", 21, "days")]),
        ("Transfusion: within 7 days from enrolment.", [("transfusion", "<=", 7, "days")]),
        # "within at least N days before" is a window of N days
        (
            "Use of strong CYP2C8 inhibitors within at least 14 days before the first dose",
            [("strong cyp2c8 inhibitors", "<=", 14, "days")],
        ),
        # a bracketed window after a word of state, then "/current use of" the drug
        (
            "Recent (within the last 3 months)/current use of oral anticoagulants",
            [("oral anticoagulants", "<=", 3, "months")],
        ),
        # "mos." with its full stop is a unit; a bracket's "of SV" is the anchor, not the event
        ("Surgery within 2 yrs. of screening", [("surgery", "<=", 2, "years")]),
        # a pregnancy test's timing is a limit inside a contraception sentence; the contraception is not
        (
            "Women of childbearing potential must have a negative urine pregnancy test result within 5 days before "
            "the first dose and must agree to use contraception for 90 days after the last dose.",
            [("negative urine pregnancy test", "<=", 5, "days")],
        ),
        (
            "Must have had a blood pregnancy test with a negative result within 10 days of enrolment; "
            "contraception for 6 months after the last dose.",
            [("negative blood pregnancy test", "<=", 10, "days")],
        ),
        (
            "Must have a negative pregnancy test and agree to use contraception with no plans for pregnancy within "
            "12 months of the study.",
            [],
        ),
        # a steroid dose is named by the steroid, whatever therapy the sentence is about
        (
            "Requires systemic immunosuppressive therapy (> 7.5 mg prednisone daily or equivalent)",
            [("prednisone", ">", 7.5, "mg")],
        ),
        (
            # the bracketed dose bounds the steroid therapy before it (twentieth round)
            "receiving chronic steroid therapy (in dosing exceeding 15 mg daily of prednisolone equivalent)",
            [("steroid dose", ">", 15, "mg")],
        ),
        ("Dexamethasone ≤ 4 mg/day for brain oedema is allowed", [("dexamethasone", "<=", 4, "mg/day")]),
        # a dose of another drug keeps its own name
        ("Methotrexate > 25 mg weekly", [("methotrexate", ">", 25, "mg")]),
        # an aside between the length and "has elapsed"
        (
            "At least 6 weeks (from day 1) has elapsed from autologous transplant.",
            [("time since autologous transplant", ">=", 6, "weeks")],
        ),
        # a kidney disease's stage or grade where the text says so, as written
        ("Chronic kidney disease stage 3-5", [("ckd stage", ">=", 3, None), ("ckd stage", "<=", 5, None)]),
        (
            "Severe chronic kidney disease (CKD) grades 4 and 5",
            [("ckd grade", ">=", 4, None), ("ckd grade", "<=", 5, None)],
        ),
        (
            "No change of treatment for chronic kidney disease in the past 4 weeks",
            [("change of treatment for chronic kidney disease", "<=", 4, "weeks")],
        ),
        # "involvement of more than two X" counts the X
        ("Symptomatic involvement of more than two cervical discs", [("cervical discs", ">", 2, None)]),
        # "in the following 12 months" is a window ahead
        (
            "Planning to undergo elective surgery in the following 12 months",
            [("undergo elective surgery", "<=", 12, "months")],
        ),
        # the Canadian Cardiovascular Society's angina class is no NYHA class
        (
            "Angina classified higher than Canadian Cardiovascular Society (CCS) class 2, or NYHA class III",
            [("ccs class", ">", 2, None), ("nyha_class", "=", 3, None)],
        ),
        ("IMC > 35 kg/m2", [("bmi", ">", 35, "kg/m2")]),
        # an auxiliary before the comparator is no part of the name; "HgA1c" is HbA1c
        ("The number of hospital admissions does not exceed 3", [("hospital admissions", "<=", 3, None)]),
        ("HgA1c > 9%", [("hba1c", ">", 9, "%")]),
        # "c/mL" is copies per millilitre
        ("Plasma HIV-1 RNA < 200 c/mL at screening", [("hiv-1 rna", "<", 200, "c/mL")]),
        # examples closed by "etc." name no event: the phrase before them does
        (
            "Received a targeted therapy such as a monoclonal antibody, an ADC, etc. within 4 weeks before apheresis",
            [("targeted therapy", "<=", 4, "weeks")],
        ),
        (
            "Use of immunosuppressive drugs, e.g. cyclosporine, sirolimus, etc. within 2 weeks before infusion",
            [("immunosuppressive drugs", "<=", 2, "weeks")],
        ),
        ("Life-expectancy of at least 12 weeks", [("life_expectancy", ">=", 12, "weeks")]),
        # a state before "or" is no item of a pair: the quantity is the word after it
        ("Hepatitis B (HBsAg positive or HBV-DNA ≥ 500 IU/ml)", [("hbv-dna", ">=", 500, "IU/ml")]),
        ("HBsAg-positive or HBV-DNA ≥ 500 IU/ml", [("hbv-dna", ">=", 500, "IU/ml")]),
        ("CMV seropositive or viremia > 1000 copies/mL", [("viremia", ">", 1000, "copies/mL")]),
        ("Life expectance ≥ 3 months", [("life_expectancy", ">=", 3, "months")]),
        (
            "At least 14 days or 5 elimination half-lives, whichever is shorter, must have elapsed since any "
            "investigational agent",
            [
                ("time since investigational agent", ">=", 5, "half-lives"),
                ("time since investigational agent", ">=", 14, "days"),
            ],
        ),
        # examples closed by "etc.": "e.g.," opens them too; a single phrase before "etc." is the event
        (
            "Immunosuppressive agents, e.g., cyclosporine, etc., within 2 weeks",
            [("immunosuppressive agents", "<=", 2, "weeks")],
        ),
        ("Live vaccines etc. within 4 weeks", [("live vaccines", "<=", 4, "weeks")]),
        # the Zubrod scale is ECOG's (the legacy records' wording)
        ("Zubrod performance status 0-2", [("ecog", "<=", 2, None), ("ecog", ">=", 0, None)]),
    ],
)
def test_open_draw_shapes(text: str, expected: list) -> None:
    assert rows(text) == sorted((v, c, float(x), u) for v, c, x, u in expected)


def test_a_bracketed_anchor_names_no_event() -> None:
    # "of SV" closes the bracket: the screening visit is when, not what
    assert "sv" not in {
        row[0] for row in rows("Recent (within 6 mos. of SV) participation in a weight-loss programme.")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lab value next to a steroid keeps its name; another limit of the same value stays
        ("Total bilirubin > 2 mg/dL unless on dexamethasone.", [("bilirubin", ">", 2, "mg/dL")]),
        (
            "Prednisone > 10 mg daily; hemoglobin > 10 g/dL.",
            [("hemoglobin", ">", 10, "g/dL"), ("prednisone", ">", 10, "mg")],
        ),
        # another drug's dose after a steroid's name is that drug's
        ("Dexamethasone, MTX ≥ 15 mg/week.", [("mtx", ">=", 15, "mg/week")]),
        # an anchor after "from" is no event: the label before the colon is
        ("Transfusion: within 7 days from Cycle 1 Day 1.", [("transfusion", "<=", 7, "days")]),
        ("Transfusion: within 7 days from the start of study drug.", [("transfusion", "<=", 7, "days")]),
        # a bracket for a group of people is no agent's window; two agents in one bracket are two windows
        (
            "Palliative radiotherapy within 7 days (14 days for patients with bone lesions) before day 1",
            [("palliative radiotherapy", "<=", 7, "days")],
        ),
        (
            "Chemotherapy within 3 weeks (6 weeks for nitrosoureas and 4 weeks for antibodies) before day 1",
            [("antibodies", "<=", 4, "weeks"), ("chemotherapy", "<=", 3, "weeks"), ("nitrosoureas", "<=", 6, "weeks")],
        ),
        # a kidney disease's stage hides no toxicity grade across a comma, and none is read without its keyword
        (
            "CKD stage 3 or higher, or grade 2 or higher peripheral neuropathy",
            [("ckd stage", ">=", 3, None), ("ctcae_grade", ">=", 2, None)],
        ),
        ("CKD grade ≥ 3", [("ckd grade", ">=", 3, None)]),
        # no CKD grade; the neuropathy's bare grade is its exact toxicity grade (test_threshold_thirteenth.py)
        ("History of chronic kidney disease and grade 3 neuropathy", [("ctcae_grade", "=", 3, None)]),
        # the pregnancy test's clause ends at a comma; a bracketed window after the test bounds the test
        ("Negative pregnancy test at screening, with contraception required within 90 days after the last dose", []),
        (
            "WOCBP must have a negative pregnancy test (within 72 hours of dosing) and use contraception",
            [("negative pregnancy test", "<=", 72, "hours")],
        ),
        # a quantity named as a state ("detectable viral load") is no second quantity of the limit after it
        ("Known HIV infection with detectable viral load or CD4 count < 350 cells/µL", [("cd4", "<", 350, "cells/µL")]),
        # a name with no letter names nothing
        (
            "Karnofsky performance status of 80-100% for 16 years and older",
            [("age", ">=", 16, "years"), ("karnofsky", "<=", 100, "%"), ("karnofsky", ">=", 80, "%")],
        ),
        # "Within at least N" in any case; "within at least the last 3 months" is no window of N
        ("Use of warfarin Within at least 7 days before the first dose", [("warfarin", "<=", 7, "days")]),
        ("Stable dose of antidepressant within at least the last 3 months", []),
        # a list closed by "etc." with no opener, or an opener before a new clause, names no event
        ("Received chemotherapy, radiotherapy, immunotherapy, etc. within 4 weeks before the first dose", []),
        ("Patients who would like to receive radiotherapy, chemotherapy, etc. within 4 weeks", []),
        (
            "Patients with active infection such as HIV, or received steroids, immunosuppressants, etc. within 2 weeks",
            [],
        ),
    ],
)
def test_what_the_open_draw_rules_leave_alone(text: str, expected: list) -> None:
    assert rows(text) == sorted((v, c, float(x), u) for v, c, x, u in expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a scale's value with no comparator is exact (the labelling guide's rule)
        ("ECOG performance status of 2 at screening", [("ecog", "=", 2, None)]),
        ("Eastern Cooperative Oncology Group (ECOG) performance status (PS) of 1", [("ecog", "=", 1, None)]),
        ("Karnofsky performance status of 70", [("karnofsky", "=", 70, "%")]),
        # "or better" / "or worse" follow the scale's direction: lower ECOG, higher Karnofsky and Lansky
        ("ECOG performance status of 2 or better", [("ecog", "<=", 2, None)]),
        ("Lansky play score of 50 or worse", [("lansky", "<=", 50, "%")]),
        ("Karnofsky performance status of 70% or better", [("karnofsky", ">=", 70, "%")]),
        # left alone: a range, a list, a time after the scale, a value past the scale's end
        ("ECOG performance status of 0 or 1", [("ecog", "<=", 1, None), ("ecog", ">=", 0, None)]),
        ("ECOG performance status 2 days before the first dose", [("ecog performance status", "<=", 2, "days")]),
        ("ECOG performance status of 7", []),
    ],
)
def test_a_scale_value_without_a_comparator(text, expected):
    assert rows(text) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blood urea nitrogen is a quantity of its own, also where it shares a limit with creatinine
        (
            "Creatinine and blood urea nitrogen ≤1.5 times the upper limit of normal",
            [("bun", "<=", 1.5, "x ULN"), ("creatinine", "<=", 1.5, "x ULN")],
        ),
        ("BUN < 30 mg/dL", [("bun", "<", 30, "mg/dL")]),
    ],
)
def test_blood_urea_nitrogen(text, expected):
    assert rows(text) == sorted(expected)
