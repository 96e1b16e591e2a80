"""MedPath's arm table: ``GroupInterventionDescription`` rows, each label, names and description glued.

An arm row glues its group label, the names of its interventions and its description
(``Phase 1: Low dose groupKQ-2003 CAR T-cellsInfusion of …``); rows are cut at the
intervention names the page lists. An arm without interventions glues label and description
straight together, or has no description.
"""

from __future__ import annotations

import re

from tasks.parsers.criteria_split import LIST_MARKER
from tasks.parsers.medpath_evidence import SENTENCE_BREAK
from tasks.parsers.medpath_tables import TABLE_HEADERS
from tasks.parsers.records import Arm
from tasks.parsers.text import clean

# What opens or joins the parts of a label: a name right after one of these is inside the label.
_JOINERS = "([{（【+/&:-–,;"
LABEL_MAX = 100  # ClinicalTrials.gov caps an arm label at 100 characters
# Where a label's last word runs into the description's first (measured on the real records' arm
# labels and descriptions glued together: 565 of 826 cut right, 24 wrong, mostly brand names such
# as "GammaCore"):
_CAMEL_GLUE = re.compile(
    "|".join(
        (
            r"(?:(?<![A-Za-z])[A-Z]?[a-z]{2,}|\))(?=[A-Z][a-z])",  # a word into a capital: "removalControl"
            r"(?<![A-Za-z])[A-Z]?[a-z]{3,}(?=[A-Z]{2,}(?![a-z]))",  # a word into an acronym: "armPOC"
            # the label's number into a word or an acronym ("Cohort 1Participants", "Group 2LTBI"); a
            # capital needs two lower-case letters after it, so that units such as "30Gy" stay whole
            r"(?<![0-9])(?<=[A-Za-z -])\d{1,3}(?=[A-Z]{2,}(?![a-z])|[A-Z][a-z]{2})",
        )
    )
)


def read_arm_table(lines: list[str], names: list[str]) -> list[Arm]:
    """Cut each flattened ``GroupInterventionDescription`` row at the intervention names glued into it.

    Args:
        lines: The table's lines, blank ones included (a blank line opens a description's next paragraph).
        names: The intervention names the page lists.
    """
    arms: list[Arm] = []
    follows_row = False  # whether the line above was an arm's own row, not a blank or a wrapped line
    for line in lines:
        row = line.strip()
        if not row or row in TABLE_HEADERS:
            follows_row = follows_row and bool(row)
            continue
        cut = _find_glued_names(row, names)
        if cut is None or (arms and not _glued_to_word(row, cut[0])):  # a row glues its first name to its label
            follows_row = _add_nameless_row(arms, row, follows_row)
            continue
        start, end, found = cut
        arms.append(Arm(row[:start].strip(), None, clean(row[end:]), tuple(found)))
        follows_row = True
    return arms


def _add_nameless_row(arms: list[Arm], row: str, follows_row: bool) -> bool:
    """A row that names no intervention: an arm of its own, or a wrapped line of the last description.

    An arm without interventions (an observational cohort) glues its label straight to its
    description ("Screening PatientsFemale patients scheduled for…"), or has no description
    at all. A short line that opens with a letter or digit is the next arm when the last arm
    named no intervention either, has no description to continue, or was the line just above
    and names none of its interventions (a description's further paragraphs come after a blank line).
    Anything else continues the description above it.

    Returns:
        Whether the row became an arm of its own.
    """
    glue = _label_glue(row)
    if glue is not None:
        arms.append(Arm(row[:glue].strip(), None, clean(row[glue:])))
        return True
    if not arms or (_reads_as_label(row) and _starts_an_arm(arms[-1], row, follows_row)):
        arms.append(Arm(row))
        return True
    last = arms[-1]
    arms[-1] = Arm(last.label, None, f"{last.description or ''}\n{row}".strip(), last.intervention_names)
    return False


def _starts_an_arm(last: Arm, row: str, follows_row: bool) -> bool:
    """Whether a short nameless ``row`` after the arm ``last`` is an arm of its own rather than a wrapped line.

    A list item after a description that opens a list (ends with ":") or holds one continues it.
    """
    if last.description and LIST_MARKER.match(row) and _opens_or_holds_a_list(last.description):
        return False
    if not (last.intervention_names and last.description):
        return True
    mentions_last = any(name in row for name in last.intervention_names)  # "…then" / "Drug X 20 mg daily…"
    return follows_row and row[0].isalnum() and not last.description.endswith(":") and not mentions_last


def _opens_or_holds_a_list(description: str) -> bool:
    """Whether a description's last line introduces a list or is an item of one."""
    last_line = description.rstrip().rsplit("\n", 1)[-1]
    return last_line.endswith(":") or bool(LIST_MARKER.match(last_line))


def _label_glue(row: str) -> int | None:
    """Where a label glued to its description ends ("removalControl", "armPOC", "Cohort 1Participants").

    Only a word of at least two lower-case letters ("follow-upThe"), a closing bracket or the label's
    number counts before the capital ("McGill", "mRNA", "eGFR" are words), and only when what comes
    before reads as a label.
    """
    match = _CAMEL_GLUE.search(row)
    if match is None or not _reads_as_label(row[: match.end()]):
        return None
    return match.end()


def _reads_as_label(text: str) -> bool:
    """Whether ``text`` can be an arm label: short and one sentence at most."""
    return len(text) <= LABEL_MAX and not SENTENCE_BREAK.search(text)


def _find_glued_names(row: str, names: list[str]) -> tuple[int, int, list[str]] | None:
    """Find the run of intervention names that follows the group label in ``row``.

    Every occurrence of a name (after the row's first character) starts a candidate run:
    the names that follow it back to back, each once. A label glues its last word to the
    run, so a run opened right after a space, a bracket or a joining sign (``+``, ``/``,
    ``:``) is a name inside the label ("… (PEMF) treatment GroupPEMFHot packTENS…"). The
    run glued to a word wins, then the longer run, then the earlier.

    Returns:
        ``(start, end, names)`` of the run, or ``None`` when no name occurs after the row's start.
    """
    longest_first = sorted(names, key=len, reverse=True)
    runs = [_run_from(row, start, longest_first) for start in _name_starts(row, longest_first)]
    if not runs:
        return None
    return max(runs, key=lambda run: (_glued_to_word(row, run[0]), len(run[2]), -run[0]))


def _name_starts(row: str, names: list[str]) -> set[int]:
    """Where any of ``names`` occurs in ``row`` after its first character (plain search: names are data)."""
    starts: set[int] = set()
    for name in filter(None, names):
        start = row.find(name, 1)
        while start != -1:
            starts.add(start)
            start = row.find(name, start + 1)
    return starts


def _run_from(row: str, start: int, names: list[str]) -> tuple[int, int, list[str]]:
    """The names that follow each other from ``start``, each once, longest first where several fit."""
    end, found = start, []
    extended = True
    while extended:  # an arm may list several interventions back to back, each once
        extended = False
        for name in names:
            if name and name not in found and row.startswith(name, end):
                found.append(name)
                end += len(name)
                extended = True
                break
    return start, end, found


def _glued_to_word(row: str, index: int) -> bool:
    """Whether the text at ``index`` follows the label's last character directly (not a space or a joiner)."""
    return _glued(row, index) and row[index - 1] not in _JOINERS


def _glued(row: str, index: int) -> bool:
    """Tell whether the text at ``index`` is glued to the character before it."""
    return index > 0 and not row[index - 1].isspace()
