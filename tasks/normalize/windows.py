"""Time windows of eligibility criteria: how long before (or since) which event.

``X within N weeks before EVENT`` gives variable X, ``<= N``, the window in days and the
anchor event; ``≥ 2 weeks from prior chemotherapy`` gives the subject's minimum time since.
Subjects are named by :data:`WINDOW_SUBJECTS` (else ``prior_treatment`` / ``other_event``).
"""

from __future__ import annotations

import re

from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.time_frames import DAYS_PER_UNIT
from tasks.normalize.vocabulary import PREFIX_COMPARATORS

_CMP = "(?P<cmp>" + "|".join(f"(?:{pattern})" for _, pattern in PREFIX_COMPARATORS) + ")"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"

ANCHOR_EVENTS = (
    ("pbmc_collection", r"peripheral\s+blood\s+mononuclear|\bPBMC|apheresis|leukapheresis"),
    ("enrollment", r"enrol|registration|study\s+entry|screening"),
    ("infusion", r"infusion"),
    ("first_dose", r"first\s+dose|start\s+of\s+(?:study\s+)?treatment|initiation|day\s+1|lymphodepl"),
    ("consent", r"consent"),
    ("randomization", r"randomi[sz]"),
)
WINDOW_SUBJECTS = (
    ("vaccination", r"vaccin"),
    ("active_infection", r"infect"),
    ("immunosuppressive_therapy", r"immunosuppress|corticosteroid|steroid"),
    ("asct", r"autologous\s+stem\s+cell|\bASCT\b|\btransplant"),
    ("investigational_drug", r"investigational|other\s+clinical\s+trials?|clinical\s+stud"),
    (
        "anticancer_therapy",
        r"chemotherapy|anti-?cancer|anti-?tumou?r|radiotherapy|radiation|antibod|"
        r"CAR-?T|\bsurgery\b",
    ),
)
_GENERIC_SUBJECTS = (("prior_treatment", r"therapy|treatment|medication"),)


def since_windows(text: str) -> list[tuple[int, Threshold]]:
    """``≥ 2 weeks from prior chemotherapy`` → the subject's minimum time since, in days."""
    found = []
    for m in re.finditer(
        rf"\b(?P<num>\d+(?:\.\d+)?)\s*{_UNIT}\s+(?:from|since|after)\s+(?P<after>[^.;]{{0,80}})", text, re.I
    ):
        phrase, start = comparator_before(text, m.start())
        if phrase is None:
            continue
        subject = _first(m.group("after")[:60], WINDOW_SUBJECTS) or "prior_treatment"
        unit = _unit_name(m.group("unit"))
        value = float(m.group("num"))
        window = round(value * DAYS_PER_UNIT[unit.rstrip("s")], 4)
        found.append((start, Threshold(subject, comparator(phrase), value, unit, window, None)))
    return found


def windows(text: str) -> list[tuple[int, Threshold]]:
    """``X within N weeks before EVENT`` → variable X, ``<= N``, window in days, anchor event."""
    found = []
    pattern = (
        r"\bwithin\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+)?(?P<num>\d+(?:\.\d+)?)\s*"
        + _UNIT
        + r"(?P<after>[^.;]{0,80})"
    )
    for m in re.finditer(pattern, text, re.I):
        before = text[max(0, m.start() - 160) : m.start()]
        subject = _nearest(before, WINDOW_SUBJECTS) or _nearest(before, _GENERIC_SUBJECTS) or "other_event"
        anchor = _first(m.group("after"), ANCHOR_EVENTS)
        unit = _unit_name(m.group("unit"))
        value = float(m.group("num"))
        window = value * DAYS_PER_UNIT[unit.rstrip("s")]
        found.append((m.start(), Threshold(subject, "<=", value, unit, round(window, 4), anchor)))
    return found


def _unit_name(unit: str) -> str:
    """Normalise ``week`` / ``Weeks`` to ``weeks``."""
    unit = unit.lower()
    return unit if unit.endswith("s") else unit + "s"


def _nearest(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches closest to the end of ``text``."""
    hits = [(m.end(), name) for name, pattern in names for m in re.finditer(pattern, text, re.I)]
    return max(hits)[1] if hits else None


def _first(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches first in ``text``."""
    hits = [(m.start(), name) for name, pattern in names for m in [re.search(pattern, text, re.I)] if m]
    return min(hits)[1] if hits else None
