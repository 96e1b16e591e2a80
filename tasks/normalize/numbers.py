"""Numbers as criteria write them: thousands and decimal commas, number words, signs."""

from __future__ import annotations

import re

from tasks.normalize.vocabulary import NUMBER_WORDS

# "less than 4-months postpartum": a hyphen may join a number to its time unit, as an adjective writes it
TIME_HYPHEN = r"-(?=(?:day|week|month|year)s?\b)"


def number(text: str) -> float:
    """A written number: "1,500" is 1500, "9,0" is 9.0, "two" is 2."""
    text = text.strip().lower()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def signed(match: re.Match, group: str, minus: bool) -> float:
    """The number of ``group`` in ``match``, negative when ``minus``."""
    return -number(match.group(group)) if minus else number(match.group(group))


def minus_before_high(match: re.Match) -> bool:
    """A minus before a range's upper end: after "to"/"and", or a dash when the low end is negative too."""
    return bool(match.group("minus")) and (match.group("joint").isalpha() or bool(match.group("lo_minus")))


def sign_before(text: str, start: int) -> tuple[int, float]:
    """The width and the factor of a sign written right before the value at ``start``.

    "T-score ≤ -2.5" is negative, "RASS ≥ +1" positive; "18-65" and "A+2" have none.
    """
    if text[start - 1 : start] in ("-", "−", "+") and not text[start - 2 : start - 1].isalnum():
        return 1, -1.0 if text[start - 1] != "+" else 1.0
    return 0, 1.0
