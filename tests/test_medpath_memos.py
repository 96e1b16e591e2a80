"""The MedPath parser's shortcuts give what the work they skip would give."""

from __future__ import annotations

import pytest

from tasks.parsers import medpath
from tasks.parsers.medpath_evidence import Evidence, per_line, shared_ending

OPENINGS = {
    3: "Through study completion,",  # two lines give it: each still knows the other's
    7: "Through study completion,",
    11: "Within 28 days of",  # one line alone: it does not know its own
    15: "Minimum 2 years after",  # given by the other tables too: known everywhere
}
EARLIER = Evidence(frozenset({"Minimum 2 years after"}), ("ADAMinimum 2 years after infusion",))


def without_opening_of(evidence: Evidence, openings: dict[int, str], line: int) -> Evidence:
    """What one line knows, built for it alone: the evidence and every opening but the one ``line`` gave."""
    return Evidence(evidence.openings | {o for at, o in openings.items() if at != line}, evidence.rows)


@pytest.mark.parametrize("line", [0, 3, 7, 11, 15, 20])
def test_each_line_knows_what_without_opening_of_says(line):
    every, own = per_line(EARLIER, OPENINGS)
    assert own.get(line, every) == without_opening_of(EARLIER, OPENINGS, line)


def test_only_rows_that_end_alike_are_tried_for_a_shared_ending():
    rows = ("Overall survival (OS)2019.7-2022.7", "Toxicity (grade 3)up to 2 years", "Response rate (ORR)2019.7-2022.7")
    evidence = Evidence(frozenset(), rows)
    row = "Progression-free survival (PFS)2019.7-2022.7"
    ending = shared_ending(row, rows)
    assert ending is not None
    assert evidence.better_cut(row, None) == (row[:ending].strip(), row[ending:].strip())


PAGE = """MedPath

A study of three tables

Primary Outcome Measures
NameTimeMethod
Objective response rate (ORR)Through study completion, an average of 2 years

The proportion of responders.

Secondary Outcome Measures
NameTimeMethod
Progression-free survival (PFS)Through study completion, an average of 2 years

Time to progression or death.

Other Outcome Measures
NameTimeMethod
{other}
"""


@pytest.mark.parametrize(
    ("other", "again"),
    [
        ("", ["primary"]),  # nothing below the secondary table: its first reading knew every row
        ("Adverse eventsMinimum 2 years after infusion (Day 1)\n", ["primary", "secondary"]),
    ],
)
def test_a_table_is_read_again_only_where_the_tables_below_it_have_rows(monkeypatch, other, again):
    text = PAGE.format(other=other)
    expected = medpath.parse(text)
    read = []
    monkeypatch.setattr(medpath, "read_outcome_table", _counting(medpath.read_outcome_table, read))
    record = medpath.parse(text)
    assert record == expected
    assert len(record.endpoints) == (3 if other else 2)
    assert [kind for kind, _ in read[3:]] == again  # after the first pass over the three tables


def _counting(reader, calls):
    def read(kind, lines, elsewhere):
        calls.append((kind, elsewhere))
        return reader(kind, lines, elsewhere)

    return read
