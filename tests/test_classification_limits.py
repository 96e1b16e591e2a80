"""Limits on named clinical classifications, as eligibility criteria write them.

Each case is made-up text in the shape real criteria use (roman numerals, ranges and lists with
no comparator, a class letter before its points); the expected rows follow the labelling guide in
``tests/data/labels/README.md``.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float]]:
    return [(t.variable, t.comparator, t.value) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range or a list with no comparator gives both ends, in roman or arabic numerals
        ("ASA I-III, scheduled for surgery", [("asa", ">=", 1), ("asa", "<=", 3)]),
        ("patients with ASA score 1, 2 or 3.", [("asa", ">=", 1), ("asa", "<=", 3)]),
        ("American Society of Anesthesiologists (ASA) class I or II", [("asa", ">=", 1), ("asa", "<=", 2)]),
        ("Modified Rankin Scale (mRS) score of 0-2", [("mrs", ">=", 0), ("mrs", "<=", 2)]),
        ("GMFCS levels I to III", [("gmfcs", ">=", 1), ("gmfcs", "<=", 3)]),
        (
            "Kellgren-Lawrence grade 2 or 3 on X-ray",
            [("kellgren-lawrence grade", ">=", 2), ("kellgren-lawrence grade", "<=", 3)],
        ),
        ("Pfirrmann disc degeneration: Grade I-IV;", [("pfirrmann grade", ">=", 1), ("pfirrmann grade", "<=", 4)]),
        (
            "Modified Pfirrmann Grade 3-7",
            [("modified pfirrmann grade", ">=", 3), ("modified pfirrmann grade", "<=", 7)],
        ),
        ("Fitzpatrick skin type II to V.", [("fitzpatrick skin type", ">=", 2), ("fitzpatrick skin type", "<=", 5)]),
        ("Skin phototype 1-4", [("skin phototype", ">=", 1), ("skin phototype", "<=", 4)]),
        ("Hoehn and Yahr stages 2-3", [("hoehn and yahr stage", ">=", 2), ("hoehn and yahr stage", "<=", 3)]),
        # Child-Pugh's class letter before its points: the points are the value
        ("Child-Pugh score B7 or B8", [("child-pugh score", ">=", 7), ("child-pugh score", "<=", 8)]),
        ("Child-Pugh score ≤ 7", [("child-pugh score", "<=", 7)]),
        # a comparator, before the value or spelled after it; a single value with none is "="
        ("ASA > III", [("asa", ">", 3)]),
        ("Clavien-Dindo grade III or higher complications", [("clavien-dindo grade", ">=", 3)]),
        ("Gleason score 6", [("gleason score", "=", 6)]),
        # the grade of a named classification is no toxicity grade
        ("Knee osteoarthritis with KL grade ≥ 2", [("kl grade", ">=", 2)]),
    ],
)
def test_classification_limits(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Aspirin (ASA) 81 mg daily is allowed",  # a dose of the drug, not an ASA class
        "Child-Pugh class A liver function",  # a class letter alone states no number
        "grade II, III and IV (Pfirrmann MRI classification) lesions",  # no word of the name is a numeral
    ],
)
def test_what_is_no_classification_limit(text):
    assert not [row for row in rows(text) if "asa" in row[0] or "pugh" in row[0] or "pfirrmann" in row[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of spinal levels: glued by a hyphen, a range of two counts, an "or more"
        (
            "Subject undergoing one or two level lumbar interbody fusion",
            [("fusion levels", ">=", 1), ("fusion levels", "<=", 2)],
        ),
        ("Elective single- or two-level lumbar laminectomy", [("lumbar levels", ">=", 1), ("lumbar levels", "<=", 2)]),
        ("Requires > four-level fusion", [("fusion levels", ">", 4)]),
        ("Two- or more levels of positivity on lumbar SPECT/CT", [("levels of positivity", ">=", 2)]),
        # adjectives and an "of" phrase say which levels; where they lie ("adjacent") does not
        ("Symptomatic cervical disc disease at two contiguous levels from C3 to C7.", [("contiguous levels", "=", 2)]),
        ("Requires fusion at 2 adjacent or non-adjacent levels from L2 to S1;", [("fusion levels", "=", 2)]),
        ("Subjects with multilevel > 2 levels of symptomatic disease", [("levels of symptomatic disease", ">", 2)]),
        ("Disc herniation at a single level between C3 and C7", [("levels", "=", 1)]),
    ],
)
def test_spinal_level_counts(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "≥ Level 3 adverse events related to anti-PD-1",  # a level before its number is no count of levels
        "Prior surgery at any lumbar level",  # no number
        "Two levels of care are offered at the clinic",  # a line that speaks of no spine
    ],
)
def test_what_is_no_level_count(text):
    assert not [row for row in rows(text) if "level" in row[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blasts are named by the site they are counted in: before them, after them, or the clause's subject
        ("in first remission with < 5% bone marrow blasts before HSCT", [("bone marrow blasts", "<", 5)]),
        ("Relapsed AML with < 25% blasts in bone marrow;", [("bone marrow blasts", "<", 25)]),
        ("Bone marrow involvement with ≥ 20% lymphoblasts", [("bone marrow lymphoblasts", ">=", 20)]),
        (
            "Patients with > 1000/mm3 lymphoblasts in the peripheral blood",
            [("peripheral blood lymphoblasts", ">", 1000)],
        ),
        ("Peripheral blast count > 20,000/uL", [("peripheral blood blasts", ">", 20000)]),
        # a count in either site names none
        ("≥ 30% blasts in the bone marrow and/or peripheral blood", [("blasts", ">=", 30)]),
        ("≥ 5% blasts in the bone marrow (BM) or peripheral blood", [("blasts", ">=", 5)]),
    ],
)
def test_blasts_are_named_by_their_site(text, expected):
    assert rows(text) == expected
