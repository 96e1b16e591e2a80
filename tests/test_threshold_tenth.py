"""Classes of misses the open draws (``dev3``-``dev7``) showed, each in made-up sentences.

Every sentence is written for these tests in a shape criteria use; a sentence next to it checks
what the rule must leave alone.
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float, str | None]]:
    return [(t.variable, t.comparator, t.value, t.unit) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # which occurrence the time runs from is part of the name ("time since last X")
        (
            "At least 3 weeks since the end of the last systemic therapy.",
            [("time since last systemic therapy", ">=", 3, "weeks")],
        ),
        (
            "More than 10 days must have elapsed since the most recent platelet transfusion.",
            [("time since most recent platelet transfusion", ">", 10, "days")],
        ),
        ("≥ 5 days post last radiotherapy fraction", [("time since last radiotherapy fraction", ">=", 5, "days")]),
        (
            "At least 4 weeks since the last dose of the prior anti-PD-1 antibody.",
            [("time since last dose of anti-pd-1 antibody", ">=", 4, "weeks")],
        ),
        # "prior" and "the completion of" are not
        (
            "At least 14 days must have elapsed since the completion of prior cytotoxic therapy.",
            [("time since cytotoxic therapy", ">=", 14, "days")],
        ),
    ],
)
def test_time_since_which_occurrence(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time since an event stated with no comparator is exact
        (
            "Patients may enrol as long as it has been 6 weeks after the last dose of the previous study drug.",
            [("time since last dose of previous study drug", "=", 6, "weeks")],
        ),
        (
            "Prior organ transplant, except 6 months after a kidney transplant.",
            [("time since kidney transplant", "=", 6, "months")],
        ),
        (
            "60 days post most recent autologous transplant",
            [("time since most recent autologous transplant", "=", 60, "days")],
        ),
        # a time point of a measurement limited after it is no time since
        ("1h post meal glucose ≥ 180 mg/dL", [("glucose", ">=", 180, "mg/dL")]),
        # nor a time inside a clause with no such opening
        ("Subjects will be followed 30 days after the last dose.", []),
    ],
)
def test_exact_time_since(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the share of cells that carry a marker is the marker's expression
        ("CD33 expression on at least 20% of leukemic blasts", [("cd33 expression", ">=", 20, "%")]),
        (
            "CD20 expression must be confirmed on more than 25% of the tumour cells by flow cytometry.",
            [("cd20 expression", ">", 25, "%")],
        ),
        # a share of cells with no marker named before it stays the cells'
        ("Peripheral blood with ≥ 20% blasts", [("blasts", ">=", 20, "%")]),
    ],
)
def test_marker_expression(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how late an event came after another is named by both
        (
            "Disease recurrence that occurred ≥ 12 months after completion of adjuvant chemotherapy",
            [("recurrence after adjuvant chemotherapy", ">=", 12, "months")],
        ),
        (
            "Progression must have occurred < 6 months after the last platinum dose.",
            [("progression after last platinum dose", "<", 6, "months")],
        ),
        # with no event before it, the time since stays
        (
            "At least 6 months after the last dose of rituximab",
            [("time since last dose of rituximab", ">=", 6, "months")],
        ),
    ],
)
def test_late_event_after_another(text, expected):
    assert rows(text) == expected
