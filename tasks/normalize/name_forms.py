"""Last touches to a free phrase's name, where how a criterion words a thing differs from how it is named.

The readers name a limit by the phrase as written; a few wordings say one thing twice.
"grapefruit, grapefruit products, Seville oranges or starfruit" lists grapefruit and what is made
of it: labellers and analysts name the list "grapefruit, seville oranges or starfruit", so one food
list has one name however a criterion spells it out. A condition that lasts is named by the condition
itself: "clinically stable and without the requirement of steroid treatment for ≥ 14 days" bounds
"without steroid treatment" (the states before "and" are conditions of their own, as they are when a
comma parts them), and "the time requirement for no evidence of disease" is "no evidence of disease";
what the participant "discontinued" or is "no longer taking" for a time is what they are off ("off X").
"""

from __future__ import annotations

from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

# "X, X products", "X or X juice": what is made of X is X
_PRODUCTS_OF_ITEM = lazy_re(r"\b(?P<item>[a-z][a-z-]+)(?:,|\s+or|\s+and(?:/or)?)\s+(?P=item)\s+(?:products?|juices?)\b")
# "pomelo, or bitter oranges" once "pomelo products" is gone: a pair takes no comma
_PAIR_COMMA = lazy_re(r"^(?P<first>[^,]+),(?P<rest>\s+(?:or|and|and/or)\s+[^,]+)$")


# "without (the) requirement of X", "the time requirement for X": the requirement frames X, the limit bounds X
_REQUIREMENT = lazy_re(
    r"^(?:the\s+)?(?:time\s+)?requirements?\s+(?:of|for)\s+|(?<=without\s)(?:the\s+)?requirements?\s+(?:of|for)\s+"
)
# "asymptomatic, stable condition, and not requiring steroid therapy": the last negated condition after "and" is the
# one its duration bounds
_STATES_BEFORE_NEGATION = lazy_re(r"^.+,?\s+and\s+(?=(?:without|not|no)\s)")


def settled(found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with each free phrase's name in its settled form (see the module's docstring)."""
    return [(start, _settled(_unframed(threshold))) for start, threshold in found]


# "must have discontinued all systemic immunosuppressive therapy for at least 2 weeks", "no longer taking X for at
# least 30 days": how long the participant has been off X, named so as "off prazosin for 2 days" is
_STOPPED = lazy_re(r"^(?:discontinued|no\s+longer\s+(?:taking|receiving|on))\s+(?:all\s+)?(?=\w)")


def _unframed(threshold: Threshold) -> Threshold:
    """``threshold`` named by the condition a requirement frames, without the states listed before it."""
    name = threshold.variable
    if "requirement" not in name and " and " not in name and not name.startswith(("discontinued", "no longer")):
        return threshold  # the cheap test first
    plain = _STOPPED.sub("off ", _STATES_BEFORE_NEGATION.sub("", _REQUIREMENT.sub("", name)))
    return replace(threshold, variable=plain) if plain and plain != name else threshold


def _settled(threshold: Threshold) -> Threshold:
    """``threshold`` with "X, X products" in its name as "X"; else unchanged."""
    name = threshold.variable
    if " product" not in name and " juice" not in name:
        return threshold  # the cheap test first: few names hold either word
    shorter = _PRODUCTS_OF_ITEM.sub(r"\g<item>", name)
    if shorter == name:
        return threshold
    return replace(threshold, variable=_PAIR_COMMA.sub(r"\g<first>\g<rest>", shorter))
