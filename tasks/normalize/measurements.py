"""When a limit must have been measured: "eGFR < 60 mL/min as measured within 2 weeks" is an eGFR measurement.

A window written right after a limit on a known quantity, with nothing between them but words
about measuring it ("as measured", "at the screening visit", "according to the MDRD equation"),
bounds when the value was taken, not an event of its own. Labellers name such a window after the
quantity: ``egfr measurement`` ``<= 2`` weeks.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import CHANGE_WORDS, named_in
from tasks.normalize.vocabulary import ANY_COMPARATOR, ANY_UNIT

# the end of a limit's value: a number with its unit, or a multiple of the normal range's limit
_VALUE_END = lazy_re(
    rf"(?:\d(?:[\d.,]*\d)?\s*(?:{ANY_UNIT})?|\b(?:ULN|LLN|upper\s+limits?\s+of\s+normal|lower\s+limits?\s+of\s+normal))",
    re.I,
)
# what may stand between a value and the window of its measurement
_MEASURING_WORDS = lazy_re(
    r"(?:[\s,()\[\]%-]|\b(?:as|is|are|was|were|be|been|being|to|must|should|measured|assessed|obtained|performed|tested|"
    r"documented|determined|done|evaluated|confirmed|drawn|collected|taken|at|by|on|in|the|a|screening|visit|baseline|"
    r"predicted|or|of|values?|levels?|results?|tests?|laboratory|lab|local|central|equation|formula|according|"
    r"MDRD|Cockcroft|Gault|CKD-EPI|method)\b)*",
    re.I,
)
_NUMBER_OR_NORMAL = lazy_re(
    r"\d(?:[\d.,]*\d)?|\b(?:ULN|LLN|upper\s+limits?\s+of\s+normal|lower\s+limits?\s+of\s+normal)", re.I
)
_FREE_NAME = lazy_re(
    rf"(?:^|[,:(]\s*|\b(?:and|or|with|if|a|an|the)\s+)(?P<name>[A-Za-z][\w/-]*(?:\s+[A-Za-z][\w/-]*){{0,2}}?)"
    rf"(?:\s+(?:levels?|values?|concentrations?|count)(?:\s+of)?)?\s*(?:{ANY_COMPARATOR})\s*$",
    re.I,
)
_NAMED_THEN_BRACKET = lazy_re(r"(?<![\w/])[A-Za-z]{3,}\s*\([^()]*$")  # a name, then the bracket the value is in
_CHANGE = lazy_re(rf"\b{CHANGE_WORDS}s?\b", re.I)
_CLAUSE_START = lazy_re(r"[.;](?:\s|$)|\n")
MAX_GAP = 80


def measured_quantities(text: str, start: int, *, free: bool = False) -> str:
    """``"<quantity> measurement"`` if the window at ``start`` times the limit right before it, else ``""``.

    With ``free``, a quantity the vocabulary does not name counts too, as written before its
    comparator ("BNP ≥ 150 pg/mL within 90 days" is ``bnp measurement``).
    """
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    numbers = list(_NUMBER_OR_NORMAL.finditer(text, max(clause_start, start - MAX_GAP - 40), start))
    value = numbers and _VALUE_END.match(text, numbers[-1].start())  # the last value, with its unit
    if not value or start - value.end() > MAX_GAP or not _MEASURING_WORDS.fullmatch(text, value.end(), start):
        return ""
    before = text[clause_start : value.start()]
    if ")" in text[value.end() : start] and _NAMED_THEN_BRACKET.search(before):
        return ""  # "Hyperkalaemia (K+ > 5.5) within 4 weeks": the bracket defines the event the window bounds
    if _CHANGE.search(before):
        return ""  # "a change in body weight > 5 kg within 90 days": the window is the change's period
    named = named_in(before) or (_free_name(before) if free else ())
    return f"{' and '.join(named)} measurement" if named else ""


def _free_name(before: str) -> tuple[str, ...]:
    """A short name written right before its comparator ("BNP ≥", "NT-proBNP level of at least")."""
    match = _FREE_NAME.search(before)
    return (match.group("name").lower(),) if match else ()
