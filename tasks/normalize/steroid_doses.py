"""A steroid dose limit is named by its steroid: "> 10 mg/day of prednisone or equivalent" is ``prednisone``.

Criteria cap glucocorticoids as a dose of one reference steroid, whatever therapy the sentence
is about ("systemic immunosuppressive therapy (> 5 mg prednisone daily or equivalent)"); the
steroid named next to the dose, right after it or right before its comparator, names the row
read there. A dose no other reader read ("in dosing exceeding 10 mg daily of prednisone
equivalent") becomes a row of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold, comparator, comparator_before

_STEROIDS = ("prednisone", "prednisolone", "methylprednisolone", "dexamethasone", "hydrocortisone")
_STEMS = frozenset(name[:7] for name in _STEROIDS)  # a cheap test: "prednis", "dexamet", ...
_STEROID = rf"(?P<drug>{'|'.join(sorted(_STEROIDS, key=len, reverse=True))})"
# a dose in mg, per kg or m2 and per day, not a concentration ("mg/dL" is a lab value)
_DOSE = lazy_re(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>mg(?:\s*/\s*(?:kg|m2|day|d)\b)*)(?!\s*/)", re.I)
# "> 10 mg/day of oral prednisone", "10 mg daily of prednisone equivalent": the steroid after the dose
_AFTER_DOSE = lazy_re(rf"(?:\s+(?:daily|per\s+day|a\s+day|of|oral|or\s+more))*\s+{_STEROID}\b", re.I)
# "prednisone > 10 mg/day", "prednisolone dose >0.5 mg/kg/day", "prednisone (or equivalent) (≤ 20 mg daily)"
_BEFORE_DOSE = lazy_re(rf"\b{_STEROID}\b(?:\s*\([^()\d]*\))?(?:\s+(?:dose|equivalent|daily))?\s*[:(]?\s*$", re.I)

# "at a dose of > 10 mg per day of prednisone", "with a dose of more than 5 mg dexamethasone equivalent": a limit
# written as a dose is the steroid's dose, as "aspirin, dose > 300 mg/d" is the aspirin dose; one the criterion
# names itself ("corticosteroid dose > 10 mg/day of oral prednisone") keeps its name
_DOSE_WORD = lazy_re(r"\bdose\s+(?:of\s+)?$", re.I)
_NAMED_DOSE = lazy_re(r"\w\s+dose$")
# "chronic systemic steroid therapy (in dosing exceeding", "systemic treatment with corticosteroids (": a dose in a
# bracket right after the steroid therapy it doses bounds that therapy, named by its class as written
_CLASS_BEFORE = lazy_re(
    r"\b(?:(?P<route>systemic|oral)\s+)?(?P<cls>(?:cortico)?steroids?|glucocorticoids?)(?:\s+(?:therapy|treatment|use))?"
    r"\s*\(\s*(?P<dosing>(?:in\s+)?dos(?:e|ing)\s+(?:of\s+)?)?$",
    re.I,
)


def steroid_named(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with the rows at a steroid dose named by the steroid, and a row for a dose no reader read.

    Args:
        text: the criterion.
        found: every reader's rows with the position of their statement.
    """
    lowered = text.lower()
    if "mg" not in lowered or not any(stem in lowered for stem in _STEMS):
        return found
    named = list(found)
    for start, dose in _steroid_doses(text):
        at_dose = [i for i, (s, t) in enumerate(named) if s == start and t.value == dose.value]
        for i in at_dose:
            if not _NAMED_DOSE.search(named[i][1].variable):  # "corticosteroid dose > 10 mg/day of prednisone"
                named[i] = (start, replace(named[i][1], variable=dose.variable))
        if not at_dose and not any(t.value == dose.value and (t.unit or "").startswith("mg") for _, t in named):
            named.append((start, dose))
    return named


def _steroid_doses(text: str) -> Iterator[tuple[int, Threshold]]:
    """Each dose of a named steroid with a comparator, at its comparator's position."""
    for dose in _DOSE.finditer(text):
        phrase, start = comparator_before(text, dose.start())
        if phrase is None:
            continue
        steroid = _AFTER_DOSE.match(text, dose.end()) or _BEFORE_DOSE.search(text, max(0, start - 60), start)
        if steroid:
            unit = re.sub(r"\s+", "", dose.group("unit"))
            yield start, Threshold(_dose_name(text, start, steroid), comparator(phrase), float(dose.group("num")), unit)


def _dose_name(text: str, start: int, steroid: re.Match) -> str:
    """The name of a steroid dose limit at ``start``: the steroid class whose therapy it brackets, else the steroid."""
    treated = _CLASS_BEFORE.search(text, max(0, start - 90), start)
    if treated:  # "systemic steroid therapy (in dosing exceeding 10 mg of prednisone equivalent)"
        name = " ".join(word for word in (treated.group("route"), treated.group("cls")) if word).lower()
        return name + (" dose" if treated.group("dosing") else "")
    return steroid.group("drug").lower() + (" dose" if _DOSE_WORD.search(text, max(0, start - 20), start) else "")
