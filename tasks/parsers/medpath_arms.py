"""MedPath's arm table: ``GroupInterventionDescription`` rows, each label, names and description glued.

An arm row glues its group label, the names of its interventions and its description
(``Phase 1: Low dose groupKQ-2003 CAR T-cellsInfusion of …``); rows are cut at the
intervention names the page lists. An arm without interventions glues label and description
straight together, or has no description.
"""

from __future__ import annotations

import re

from tasks.parsers.medpath_tables import SENTENCE_BREAK, TABLE_HEADERS
from tasks.parsers.records import Arm
from tasks.parsers.text import clean

LABEL_MAX = 100  # ClinicalTrials.gov caps an arm label at 100 characters
_CAMEL_GLUE = re.compile(r"(?:(?<![A-Za-z])[A-Z]?[a-z]{3,}|\))(?=[A-Z][a-z])")


def read_arm_table(rows: list[str], names: list[str]) -> list[Arm]:
    """Cut each flattened ``GroupInterventionDescription`` row at the intervention names glued into it."""
    arms: list[Arm] = []
    for row in rows:
        if row in TABLE_HEADERS:
            continue
        cut = _find_glued_names(row, names)
        if cut is None or (arms and not _glued(row, cut[0])):  # a row glues its first name to its label
            _add_nameless_row(arms, row)
            continue
        start, end, found = cut
        arms.append(Arm(row[:start].strip(), None, clean(row[end:]), tuple(found)))
    return arms


def _add_nameless_row(arms: list[Arm], row: str) -> None:
    """A row that names no intervention: an arm of its own, or a wrapped line of the last description.

    An arm without interventions (an observational cohort) glues its label straight to its
    description ("Screening PatientsFemale patients scheduled for…"), or has no description
    at all; in a table whose last arm named no intervention either, a short line is the next
    arm. Anything else continues the description above it.
    """
    glue = _label_glue(row)
    if glue is not None:
        arms.append(Arm(row[:glue].strip(), None, clean(row[glue:])))
    elif not arms or (not arms[-1].intervention_names and _reads_as_label(row)):
        arms.append(Arm(row))
    else:
        last = arms[-1]
        arms[-1] = Arm(last.label, None, f"{last.description or ''}\n{row}".strip(), last.intervention_names)


def _label_glue(row: str) -> int | None:
    """Where a label glued to its description ends: a lower-case word run into a capital ("removalControl").

    Only a word of at least three lower-case letters, or a closing bracket, counts before the
    capital ("McGill", "mRNA", "eGFR" are words), and only when what comes before reads as a label.
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

    Returns:
        ``(start, end, names)`` of the run, or ``None`` when no name occurs after the row's start.
    """
    best = _first_glued_name(row, names)
    if best is None:
        return None
    start, end, found = best
    extended = True
    while extended:  # an arm may list several interventions back to back, each once
        extended = False
        for name in names:
            if name not in found and row.startswith(name, end):
                found.append(name)
                end += len(name)
                extended = True
    return start, end, found


def _first_glued_name(row: str, names: list[str]) -> tuple[int, int, list[str]] | None:
    """The earliest name glued to the text before it (longest names first), else any name found."""
    best: tuple[int, int, list[str]] | None = None
    for name in sorted(names, key=len, reverse=True):
        start = row.find(name, 1) if name else -1
        while start != -1:  # plain search: names are data, never patterns
            glued = not row[start - 1].isspace()
            if best is None or (glued and start < best[0]) or (glued and not _glued(row, best[0])):
                best = (start, start + len(name), [name])
                break
            start = row.find(name, start + 1)
    return best


def _glued(row: str, index: int) -> bool:
    """Tell whether the text at ``index`` is glued to the character before it."""
    return index > 0 and not row[index - 1].isspace()
