"""A steroid dose limit is named by its steroid: "> 10 mg/day of prednisone or equivalent" is ``prednisone``.

Criteria cap glucocorticoids as a dose of one reference steroid, whatever therapy the sentence
is about ("systemic immunosuppressive therapy (> 5 mg prednisone daily or equivalent)", "in dosing
exceeding 10 mg daily of prednisone equivalent"); the steroid named next to the dose, after it or
right before it, names the limit.
"""

from __future__ import annotations

import re

from tasks.normalize.thresholds import Threshold, comparator, comparator_before

_STEROID = r"(?P<drug>(?:methyl)?prednis(?:ol)?one|dexamethasone|hydrocortisone)"
_STEMS = ("prednis", "dexameth", "hydrocort")
_DOSE = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>mg(?:\s*/\s*(?:kg|m2|day|d)\b)*)", re.I)
# "> 10 mg/day of oral prednisone", "10 mg daily of prednisone equivalent": the steroid after the dose
_AFTER_DOSE = re.compile(rf"[^.;()\d]{{0,30}}?\b{_STEROID}\b", re.I)
# "prednisone > 10 mg/day", "prednisolone >0.5 mg/kg/day", "prednisone (or equivalent) (≤ 20 mg daily)"
_BEFORE_DOSE = re.compile(rf"\b{_STEROID}\b(?:\s*\([^()\d]*\))?[^.;\d]{{0,12}}$", re.I)


def steroid_doses(text: str) -> list[tuple[int, Threshold]]:
    """Dose limits of a named steroid, with the position of their comparator."""
    found: list[tuple[int, Threshold]] = []
    lowered = text.lower()
    if "mg" not in lowered or not any(stem in lowered for stem in _STEMS):
        return found  # a cheap test spares the scan of every number
    for dose in _DOSE.finditer(text):
        phrase, start = comparator_before(text, dose.start())
        if phrase is None:
            continue
        named = _AFTER_DOSE.match(text, dose.end()) or _BEFORE_DOSE.search(text, max(0, start - 60), start)
        if named:
            variable, unit = named.group("drug").lower(), re.sub(r"\s+", "", dose.group("unit"))
            found.append((start, Threshold(variable, comparator(phrase), float(dose.group("num")), unit)))
    return found
