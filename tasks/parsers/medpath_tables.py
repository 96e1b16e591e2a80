"""MedPath's outcome tables: ``NameTime`` rows whose cells are glued together, cut apart again.

A ``NameTimeMethod`` table loses its cell borders: a row glues name and time (``Objective
response rate (ORR)Through study completion, …``), and its description paragraphs follow.
Rows are cut at the glued time-frame phrase, chosen by the character models and the
time-frame rules together. (The arm table: :mod:`tasks.parsers.medpath_arms`.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import takewhile

from tasks.parsers import segmenter
from tasks.parsers.document_text import join_paragraphs
from tasks.parsers.medpath_digits import COUNT, COUNTED_TIME, digits_the_description_names, shared_time_frames
from tasks.parsers.medpath_evidence import (
    NO_EVIDENCE,
    Evidence,
    opening,
    per_line,
    reads_as_name,
    row_texts,
)
from tasks.parsers.medpath_glue import inside_a_token, last_resort_cuts, word_cuts
from tasks.parsers.outcome_fields import FINITE_VERB
from tasks.parsers.outcome_split import TIME_FRAME_MAX, glue_cuts
from tasks.parsers.records import Endpoint
from tasks.parsers.segment_features import unbalanced
from tasks.parsers.timeframe_text import STARTER, mentions_time, time_frame_score

TABLE_HEADERS = {"GroupInterventionDescription", "NameTimeMethod"}
MAX_READINGS = 3
RULE_WEIGHT = 2.0  # how much the general time-frame rules count beside the character models
# A capitalised word glued to a whole word or a sentence's end: "scaleMeassured", "(ophthalmologist).It"
_CAPITAL_GLUE = re.compile(r"(?:[a-z]{3}|[.)\]])(?=[A-Z][a-z])")
_DIGITS = re.compile(r"(?<=[A-Za-z\-.\s])\d{2,}")
_NUMBER_OPENING = re.compile(rf"[~≈<>≤≥]?\s*{COUNT}\b", re.I)


def read_outcome_table(kind: str, lines: list[str], elsewhere: Evidence = NO_EVIDENCE) -> list[Endpoint]:
    """Read ``NameTime`` rows, each followed by its description paragraphs.

    The table's layout is evidence too: the line after the header or directly under a row
    (no blank line between) is a row; directly under a description line, or after a blank line
    under a row, only a line that reads clearly as a row is one (anything else continues the
    description); elsewhere the text itself tells a row from a description. The table is read
    again while that changes it (at most :data:`MAX_READINGS` times): later readings know how the
    other rows' time frames open and how their lines end (:mod:`tasks.parsers.medpath_evidence`),
    in this table and ``elsewhere`` (the document's earlier outcome tables).
    """
    endpoints, openings = _read_rows(kind, lines, {}, elsewhere)
    for _ in range(MAX_READINGS - 1):  # a row found by the evidence is evidence for the rows above it
        table = Evidence(elsewhere.openings, elsewhere.rows + row_texts(endpoints))
        again, openings = _read_rows(kind, lines, openings, table)
        if again == endpoints:
            break
        endpoints = again
    return endpoints


def _read_rows(
    kind: str, lines: list[str], openings: dict[int, str], evidence: Evidence
) -> tuple[list[Endpoint], dict[int, str]]:
    """One reading of the table; also how each row's time frame opens, by line (see :func:`opening`)."""
    endpoints: list[Endpoint] = []
    description: list[str] = []
    found: dict[int, str] = {}
    previous, after_blank = "header", False
    every, own = per_line(evidence, openings)
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or text in TABLE_HEADERS:
            after_blank = after_blank or not text
            previous = "header" if text else previous
            description += [line] if not text and description else []
            continue
        continues = previous == "description" and not after_blank
        # Under a description line only a clear row ends it: a misread row must not swallow the rest.
        expected = "description" if continues else _expected_here(previous, after_blank)
        others = own.get(index, every)
        split = _read_row(text, expected, endpoints, others)
        if split is None and expected == "either" and endpoints:
            split = _row_above_rows(text, lines[index + 1 :], endpoints, others)
        if split:
            _close_outcome(endpoints, description)
            endpoints.append(Endpoint(kind, split[0], None, split[1]))
            description, previous = [], "row"
            if phrase := opening(split[1]):
                found[index] = phrase
        elif endpoints:
            description.append(line)
            previous = "description"
        after_blank = False
    _close_outcome(endpoints, description)
    return shared_time_frames(endpoints), found


def _read_row(text: str, expected: str, endpoints: list[Endpoint], others: Evidence) -> tuple[str, str | None] | None:
    """The line as a row (name, time frame), or ``None`` for description text."""
    split = split_glued_time_frame(text, expected)
    if expected != "description":
        split = others.better_cut(text, split)
    return split or _row_with_a_known_time_frame(text, expected, endpoints)


def _row_above_rows(text: str, below: list[str], endpoints: list[Endpoint], others: Evidence) -> tuple[str, str] | None:
    """A line where a row may stand, directly above lines that end in a clear row: a row with no description.

    A row without a description is followed directly by the next row, while a description's last
    paragraph is followed by a blank line. So a line that reads as a row only where one is due, with
    no blank line before the lines under it and one of those reading clearly as a row, is a row.
    """
    stripped = (line.strip() for line in below)
    run = list(takewhile(lambda line: line and line not in TABLE_HEADERS, stripped))
    if not run or not any(_read_row(line, "either", endpoints, others) for line in run):
        return None
    rows = [split_glued_time_frame(line, "row") for line in [text, *run]]
    return rows[0] if all(row and row[1] for row in rows) else None


def _row_with_a_known_time_frame(text: str, expected: str, endpoints: list[Endpoint]) -> tuple[str, str] | None:
    """A line where a row may stand that ends in a time frame of a row above it, glued to a title.

    The rows of one table often share their time frame ("…characteristicsat the beginning of
    the study", "…between groupsOne time-point"), which alone reads as no time frame at all.
    A description line ending that way is a clause ("…will be measured at the beginning of
    the study"): a finite verb keeps it a description.
    """
    if expected != "either" or not endpoints:
        return None
    split = split_glued_time_frame(text, "row")
    if split is None or split[1] is None or split[1] not in {e.time_frame for e in endpoints}:
        return None
    return split if reads_as_name(split[0]) and not FINITE_VERB.search(split[0]) else None


def _expected_here(previous: str, after_blank: bool) -> str:
    """What the outcome table's layout expects after ``previous`` (and a blank line or not)."""
    if previous in {"header", "row"} and not after_blank:
        return "row"
    return "description" if previous == "row" else "either"


def _close_outcome(endpoints: list[Endpoint], description: list[str]) -> None:
    """Attach the collected description paragraphs to the last endpoint (and let them mend its cut)."""
    if endpoints and description:
        last = endpoints[-1]
        measure, text, time_frame = _closed(last.measure, last.time_frame or "", tuple(description))
        endpoints[-1] = Endpoint(last.kind, measure, text, time_frame or None)


@lru_cache(maxsize=2048)  # every reading of a table closes the same rows with the same paragraphs
def _closed(measure: str, time_frame: str, description: tuple[str, ...]) -> tuple[str, str, str]:
    """A row's name, description text and time frame once its paragraphs are read (pure text)."""
    text = join_paragraphs(list(description))
    measure, time_frame = digits_the_description_names(measure, time_frame, text)
    return measure, text, time_frame


@lru_cache(maxsize=8192)
def split_glued_time_frame(row: str, expected: str = "either") -> tuple[str, str | None] | None:
    """Split ``"Name (X)Through study completion, …"`` into name and time frame.

    A time frame may open where it is glued to the name: after a letter, digit or closing
    bracket, with an opening that time frames have (capitalised or not: "…eventsup to 2
    years"), leaving a name that reads like a measure title and a rest that reads like a time
    frame. Of those cuts the character models and the time-frame rules together pick one.
    Otherwise the line is a row only where the layout expects one, or where the character
    models read its start as a measure title and its end as a time frame.

    Args:
        row: A line of an outcome section.
        expected: What the table's layout expects here: ``"row"`` (under the header or
            directly under a row), ``"description"`` (after a blank line under a row: a row
            needs a glued time frame and a title-like name) or ``"either"``.

    Returns:
        ``(name, time_frame)`` (``time_frame`` ``None`` for a row that states none) or ``None``
        when the line reads as description text.
    """
    model = segmenter.current()
    cuts = [cut for cut in glue_cuts(row) if _opens_time_frame(row, cut)] + _echo_cuts(row)
    if cuts:
        split = _cut(row, segmenter.best_glue(model, row, cuts, _rule_scores(row, cuts)))
    else:
        split = _cut(row, segmenter.best_glue(model, row, word_cuts(row) or last_resort_cuts(row)))
        if expected == "row" and _untimed(row, split):
            return row.strip(), None
    if split is None or expected == "row":
        return split
    name, time_frame = split
    titled = model.log_prob("measure", name) > model.log_prob("description", name)
    if expected == "description":  # under a row's blank line a description is due: a row must read as one
        # ("…will be recorded", "…are attack-free": a clause, where 1 real time frame in 40 has a verb)
        return split if cuts and titled and not FINITE_VERB.search(time_frame) else None
    return split if cuts or (titled and time_frame_score(time_frame) > 0 and reads_as_name(name)) else None


def _untimed(row: str, split: tuple[str, str] | None) -> bool:
    """Whether a row with no time-frame opening states no time frame at all (older records do).

    "McGill Pain Score" would be cut "Mc" + "Gill Pain Score": nothing in the rest names a time and
    no capitalised word is glued to a whole word before it ("…scaleMeassured right after…" is a
    glued row whose time frame the rules do not read).
    """
    # a bare number ("SF-" + "36 General Health Survey") opens no time frame
    if split is not None and mentions_time(split[1], opening=not _bare_number(split[1])):
        return False
    first = len(row) - TIME_FRAME_MAX  # where a glued time frame may start at the earliest (see glue_cuts)
    return not any(glue.end() >= first for glue in _CAPITAL_GLUE.finditer(row))


def _bare_number(text: str) -> bool:
    """Whether ``text`` opens with a number that counts no time ("36 General Health")."""
    return bool(_NUMBER_OPENING.match(text)) and not COUNTED_TIME.match(text)


def _echo_cuts(row: str) -> list[int]:
    """Cuts inside a number written twice, where a name ending in it meets a time frame opening with it.

    "…at Month 1212 months", "…at week 9-1212 weeks", "…BCL-22 years": a measure that ends in a
    number glued to a time frame that counts the same number (1 real outcome in 80 ends in a digit
    glued to a digit, most of them this way). Other cuts between two digits stay closed.
    """
    cuts = []
    for match in _DIGITS.finditer(row):
        digits, middle = match.group(), match.start() + len(match.group()) // 2
        rest = row[middle:]
        if len(digits) % 2 == 0 and digits[: len(digits) // 2] == digits[len(digits) // 2 :]:
            if COUNTED_TIME.match(rest) and reads_as_name(row[:middle]) and time_frame_score(rest) > 0:
                cuts.append(middle)
    return cuts


def _cut(row: str, split: tuple[str, str] | None) -> tuple[str, str] | None:
    """``split`` when both its parts are non-empty."""
    return split if split and split[0] and split[1] else None


def _rule_scores(row: str, cuts: list[int]) -> dict[int, float]:
    """The general time-frame rules' score of the rest of the row at each cut, weighted."""
    return {cut: RULE_WEIGHT * max(-5.0, min(8.0, time_frame_score(row[cut:]))) for cut in cuts}


def _opens_time_frame(row: str, cut: int) -> bool:
    """Whether a time frame glued to the name could open at ``cut``."""
    rest, name = row[cut:], row[:cut]
    if inside_a_token(row, cut) or unbalanced(name) or unbalanced(rest) or not reads_as_name(name):
        return False
    if _bare_number(rest):
        return False
    return bool(STARTER.match(rest)) and time_frame_score(rest) > 0
