"""A bracket that defines what makes a thing clinically significant bounds the thing itself.

"Clinically significant hemoptysis (≥ 2.5 mL)" and "clinically significant hemoptysis (at least 0.5
teaspoon of bright red blood)" state how much hemoptysis counts as significant: the limit is on the
hemoptysis, and labellers name it so ("hemoptysis"). Elsewhere in the criterion the qualified phrase
keeps its name ("clinically significant hemoptysis or tumor bleeding within 2 weeks").
"""

from __future__ import annotations

import re
from dataclasses import replace

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold

_QUALIFIER = "clinically significant "
# the qualified thing right before the bracket the limit opens ("... hemoptysis (≥", "... hemoptysis (at least")
_DEFINED = lazy_re(r"\bclinically\s+significant\s+(?P<thing>[\w\s-]{1,40}?)\s*\(\s*$", re.I)


def significance_defined(text: str, found: list[tuple[int, Threshold]]) -> list[tuple[int, Threshold]]:
    """``found`` with each limit that defines a clinically significant thing named by the thing.

    Args:
        text: the criterion.
        found: every reader's rows with the position of their statement.
    """
    if "clinically significant" not in text.lower():
        return found  # the cheap test first
    return [(start, _defined(text, start, threshold)) for start, threshold in found]


def _defined(text: str, start: int, threshold: Threshold) -> Threshold:
    """``threshold`` named by the thing its bracket defines as significant, if it opens that bracket; else as it is."""
    if not threshold.variable.startswith(_QUALIFIER):
        return threshold
    defined = _DEFINED.search(text, max(0, start - 80), start)
    thing = threshold.variable.removeprefix(_QUALIFIER)
    if defined and " ".join(defined.group("thing").lower().split()) == thing:
        return replace(threshold, variable=thing)
    return threshold
