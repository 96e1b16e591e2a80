"""Eligibility items of a real record, as a page that lists them shows them.

The harness needs its own reading of ``eligibilityCriteria`` (independent of the
parsers it measures): every list item, nested or not, and every paragraph under an
Inclusion/Exclusion heading becomes one item. A renderer draws each item with a
marker, so the items are what a faithful parser of the page must recover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks.layouts.studies import section, text

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")
_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[*\-•·+]|\d{1,2}[.)]|[a-zA-Z][.)]|\(\w{1,4}\))[ \t]+(?P<text>\S.*)$"
)
_HEADING = re.compile(r"^[\s*#_]*(?P<kind>inclusion|exclusion)\b[^:]{0,80}:?[\s*#_]*$", re.IGNORECASE)


@dataclass(frozen=True)
class CriterionItem:
    """One eligibility item: its kind, nesting depth, marker style (bullet or number) and text."""

    kind: str
    depth: int
    style: str
    text: str


def criteria_items(study: dict) -> list[CriterionItem]:
    """Return the eligibility items of ``study`` in order."""
    raw = _ESCAPE.sub(r"\1", text(section(study, "eligibilityModule").get("eligibilityCriteria")))
    items: list[CriterionItem] = []
    kind, indents, blank = "inclusion", [], True
    for line in raw.split("\n"):
        if not line.strip():
            blank = True
            continue
        heading, marker = _HEADING.match(line), _MARKER.match(line)
        if heading and not marker:
            kind, indents = heading.group("kind").lower(), []
        elif marker:
            depth = _depth(len(marker.group("indent").expandtabs(4)), indents)
            style = "bullet" if marker.group("marker") in "*-•·+" else "number"
            items.append(CriterionItem(kind, depth, style, marker.group("text").strip()))
        elif items and not blank and items[-1].kind == kind:
            last = items[-1]
            items[-1] = CriterionItem(last.kind, last.depth, last.style, f"{last.text} {line.strip()}")
        else:  # a paragraph of its own under the heading
            style = items[-1].style if items and items[-1].kind == kind else "bullet"
            items.append(CriterionItem(kind, 0, style, line.strip()))
            indents = []
        blank = False
    return items


def _depth(indent: int, indents: list[int]) -> int:
    """Return the nesting depth of an item indented by ``indent``, updating the open levels."""
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indents[-1] < indent:
        indents.append(indent)
    return min(len(indents) - 1, 1)
