"""Last touches to a free phrase's name, where how a criterion words a thing differs from how it is named.

The readers name a limit by the phrase as written; a few wordings say one thing twice.
"grapefruit, grapefruit products, Seville oranges or starfruit" lists grapefruit and what is made
of it: labellers and analysts name the list "grapefruit, seville oranges or starfruit", so one food
list has one name however a criterion spells it out.
"""

from __future__ import annotations

from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

# "X, X products", "X or X juice": what is made of X is X
_PRODUCTS_OF_ITEM = lazy_re(r"\b(?P<item>[a-z][a-z-]+)(?:,|\s+or|\s+and(?:/or)?)\s+(?P=item)\s+(?:products?|juices?)\b")
# "pomelo, or bitter oranges" once "pomelo products" is gone: a pair takes no comma
_PAIR_COMMA = lazy_re(r"^(?P<first>[^,]+),(?P<rest>\s+(?:or|and|and/or)\s+[^,]+)$")


def settled(found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with each free phrase's name in its settled form (see the module's docstring)."""
    return [(start, _settled(threshold)) for start, threshold in found]


def _settled(threshold: Threshold) -> Threshold:
    """``threshold`` with "X, X products" in its name as "X"; else unchanged."""
    name = threshold.variable
    if " product" not in name and " juice" not in name:
        return threshold  # the cheap test first: few names hold either word
    shorter = _PRODUCTS_OF_ITEM.sub(r"\g<item>", name)
    if shorter == name:
        return threshold
    return replace(threshold, variable=_PAIR_COMMA.sub(r"\g<first>\g<rest>", shorter))
