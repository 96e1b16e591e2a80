"""Names a limit's unit sets or rules out: pack-years are a smoking history, and no age is in mmHg.

The open reader names a value by the nearest known variable before it; in a limit that an age
group conditions ("SBP above 140 mmHg if < 60 years of age and above 150 mmHg if ≥ 60 years of
age") that variable is the group's age, yet an age is counted in time units only. A limit in
another unit is of the quantity named before the age group in its sentence, or names nothing.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import named_in
from tasks.normalize.time_units import UNIT_WORDS

_PACK_YEARS = lazy_re(r"pack[- ]?years?", re.I)
_AGE_WORDS = lazy_re(r"\b(?:aged?|years?\s+old|(?:years?\s+)?of\s+age)\b", re.I)
_SENTENCE_START = lazy_re(r"(?:^|[.;]\s)(?!.*[.;]\s)", re.S)


def unit_allowed(variables: tuple[str, ...], unit: str | None, text: str, start: int) -> tuple[str, ...]:
    """``variables`` unless the unit rules them out, then what the unit leaves.

    Args:
        variables: the quantities the reader named (``()`` when none).
        unit: the unit as written after the value, if any.
        text: the criterion.
        start: where the limit's statement begins.

    Returns:
        "smoking history" for pack-years, whatever the clause names ("smokers aged 40-75 with ≥ 20
        pack-years", "prior smoking history of more than 10 pack years"); for an age in any unit but
        time, the quantity named before the age group (possibly nothing); else ``variables``.
    """
    if unit and _PACK_YEARS.fullmatch(unit):
        return ("smoking history",)  # what pack-years measure, however the clause words it ("prior smoking history")
    if not unit or variables != ("age",):
        return variables
    if unit.lower().rstrip(".") not in UNIT_WORDS:
        return _named_before_age(text[_SENTENCE_START.search(text, 0, start).end() : start])
    return variables


def _named_before_age(window: str) -> tuple[str, ...]:
    """The last quantity but an age named in ``window``: "SBP above 140 mmHg if < 60 years of age and" names SBP."""
    named = named_in(window)
    while named == ("age",):
        ages = list(_AGE_WORDS.finditer(window))
        if not ages:
            return ()  # an age alias these words do not cover: name nothing rather than guess
        window = window[: ages[-1].start()]
        named = named_in(window)
    return named
