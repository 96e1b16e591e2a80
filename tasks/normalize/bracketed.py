"""A limit in a bracket right after its noun: "multiple lesions (3 or more)", "glucocorticoids (14 days or more)".

Criteria name a thing and then say in brackets how many or how long it must be; the bracket holds the
value and its comparator but no name, so the noun before the bracket names the limit. A quantifier the
number makes redundant ("multiple", "several", "frequent") is no part of the name.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.quantities import phrase_of

# a word of three letters or more, then the opening bracket (a markdown-escaped "\[" too) and the value
_OPENS = lazy_re(r"[A-Za-z]{3,}\s*\\?[(\[]\s*$")
# the bracket closes after the value (and its unit or period): "(3 or more segments)" counts the noun inside
_CLOSES = lazy_re(r"\s*(?:per\s+\w+\s*)?\\?[)\]](?:\s+(?P<of>of\s+[A-Za-z][\w-]*))?")
_QUANTIFIER = lazy_re(r"^(?:multiple|several|many|numerous|frequent|recurrent|repeated)\s+(?=\w)", re.I)


def bracketed_noun(window: str, text: str, end: int) -> tuple[str, ...]:
    """The noun a bracket holding only its value follows, or ``()`` when the value is in no such bracket.

    A noun's "of" phrase after the bracket goes on naming it ("multiple foci [4 or greater] of CIS").

    Args:
        window: the clause up to the value ("Multiple brain metastases (").
        text: the criterion.
        end: where the value and its comparator end.
    """
    closes = _CLOSES.match(text, end)
    if not closes or not _OPENS.search(window):
        return ()
    named = (_QUANTIFIER.sub("", phrase) for phrase in phrase_of(window))
    return tuple(f"{phrase} {closes.group('of').lower()}" if closes.group("of") else phrase for phrase in named)
