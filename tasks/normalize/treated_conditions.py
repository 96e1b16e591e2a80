"""The condition a treatment window bounds when a relative clause gives it two alternatives.

"A known additional malignancy that is progressing or has required active treatment within the past
3 years" bounds the malignancy.

A window read right after "has required active treatment" is named "active treatment", which drops
the first alternative ("is progressing"): when a relative clause joins two predicates by "or", the
window bounds their common subject, the antecedent (the common oncology wording "additional
malignancy that is progressing or has required active treatment").
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.phrases import tidy

_GENERIC_TREATMENT = lazy_re(r"(?:(?:active|systemic|any)\s+)?(?:treatment|therapy)", re.I)
# the antecedent (at most four words), "that/which", a first predicate and "or", then "has required": the window
# bounds the antecedent both predicates are said of ("that has required systemic treatment in the past 2 years",
# with one predicate, times the treatment and is left alone)
_TREATED_ANTECEDENT = lazy_re(
    r"(?P<np>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)\s+(?:that|which)\s+[^.;:()]{0,40}?\s(?:or|and)\s+"
    r"(?:has|have)\s+(?:required|needed)\s+(?:(?:active|systemic|any)\s+)?(?:treatment|therapy)\s*$",
    re.I,
)


def treated_condition(text: str, start: int, event: str) -> str:
    """``event``, or the condition a relative clause says was treated when ``event`` is only a treatment.

    Args:
        text: the criterion.
        start: where the window ("within …") begins.
        event: the event named for the window so far.
    """
    if not _GENERIC_TREATMENT.fullmatch(event):
        return event
    match = _TREATED_ANTECEDENT.search(text, max(0, start - 150), start)
    return tidy(match.group("np")) if match else event
