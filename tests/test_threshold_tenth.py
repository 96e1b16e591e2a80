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
