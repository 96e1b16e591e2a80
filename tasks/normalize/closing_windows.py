"""A window written "in N months" with no "the past" before it, closing its clause: "Stroke in 6 months.".

Criteria drop "the past" or "the last" and write "myocardial infarction or stroke in 6 months"
or "relapse to the last line of therapy in 6 months;": the period closes the clause, after the
event it bounds, as "within 6 months" would. The window reader knows "in" only before "the past"
(a bare "in 6 months" also opens a schedule or a period a count is taken over), so it reads none.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy
from tasks.normalize.thresholds import Threshold
from tasks.normalize.vocabulary import NUMBER_WORDS
from tasks.normalize.window_events import event_before, event_variable
from tasks.normalize.windows import anchor_in, window_row

# only days to years: "in 24 hours" closes a measurement ("proteinuria > 1 g in 24 hours"), not a window;
# a count of digits or a number word, not "a" ("twice in a year" is a frequency)
_CLOSING = lazy_re(
    r"\bin\s+(?P<num>\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b)[\s-]*(?P<unit>days?|weeks?|months?|years?)"
    r"(?=\s*(?:[.;,，)]|$))",
    re.I,
)
# "≥ 12 episodes in 3 months", "> 2 UTI in 6 months": a number in the clause makes the period a count's, or
# a measure's, not the window of an event
_NUMBER = lazy_re(r"\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)
_CLAUSE_START = lazy_re(r"[.;:(]\s[^.;:(]*$|^[^.;:(]*$")


def closing_windows(text: str) -> list[tuple[int, Threshold]]:
    """``EVENT in N months`` closing a clause → EVENT ``<= N`` months, a window, where the clause counts nothing."""
    if " in " not in text.lower():
        return []  # a cheap test spares the scan
    found = []
    for m in _CLOSING.finditer(text):
        clause = _CLAUSE_START.search(text, max(0, m.start() - 200), m.start())
        if clause is None or _NUMBER.search(clause.group()):
            continue
        variable = event_variable(tidy(event_before(text, m.start())))
        if variable:
            found.append((m.start(), window_row(variable, "<=", m, anchor_in(text[m.end() : m.end() + 80]))))
    return found
