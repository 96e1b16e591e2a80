"""Eligibility items of a real record, as a page that lists them shows them.

The harness needs its own reading of ``eligibilityCriteria`` (independent of the
parsers it measures). Under each Inclusion/Exclusion heading, every list item (nested
or not) is one item; a section written without any list marker gives one item per
paragraph (issue 11, point 5). Unmarked lines inside a listed section (sub-headings such
as "Cohort 1", notes) are no criteria and are not drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks.layouts.studies import section, text

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")
_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[*\-•·+]|\d{1,2}[.)]|[a-zA-Z][.)]|\(\w{1,4}\))[ \t]+(?P<text>\S.*)$"
)
_KIND_WORD = re.compile(r"\b(inclusion|exclusion)\b", re.IGNORECASE)
MAX_HEADING = 100
PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class CriterionItem:
    """One eligibility item: kind, nesting depth, marker style (bullet, number or paragraph) and text."""

    kind: str
    depth: int
    style: str
    text: str


def heading_kind(line: str) -> str | None:
    """Return ``inclusion``/``exclusion`` when ``line`` is a criteria heading ("Key Exclusion Criteria:")."""
    stripped = line.strip().strip("*#_ ")
    kinds = {word.lower() for word in _KIND_WORD.findall(stripped)}
    if len(kinds) != 1 or len(stripped) > MAX_HEADING or _MARKER.match(line):
        return None
    return kinds.pop() if "criteri" in stripped.lower() or stripped.endswith(":") else None


def criteria_items(study: dict) -> list[CriterionItem]:
    """Return the eligibility items of ``study`` in order."""
    raw = _ESCAPE.sub(r"\1", text(section(study, "eligibilityModule").get("eligibilityCriteria")))
    items: list[CriterionItem] = []
    for _, entries in _sections(raw):
        listed = any(entry.style != PARAGRAPH for entry in entries)
        items += [e for e in entries if (e.style != PARAGRAPH) == listed and re.search(r"\w", e.text)]
    return items


def _sections(raw: str) -> list[tuple[str, list[CriterionItem]]]:
    """Split the text at its headings into ``(kind, entries)``; entries are list items and paragraphs."""
    sections: list[tuple[str, list[CriterionItem]]] = [("inclusion", [])]
    indents: list[int] = []
    blank = True
    for line in raw.split("\n"):
        kind, entries = sections[-1]
        marker = _MARKER.match(line)
        if not line.strip():
            blank = True
            continue
        if heading_kind(line):
            sections.append((heading_kind(line), []))
            indents = []
        elif marker:
            depth = _depth(len(marker.group("indent").expandtabs(4)), indents)
            style = "bullet" if marker.group("marker") in "*-•·+" else "number"
            entries.append(CriterionItem(kind, depth, style, marker.group("text").strip()))
        elif entries and not blank:  # a wrapped line continues the entry above
            last = entries[-1]
            entries[-1] = CriterionItem(last.kind, last.depth, last.style, f"{last.text} {line.strip()}")
        else:
            entries.append(CriterionItem(kind, 0, PARAGRAPH, line.strip()))
        blank = False
    return sections


def _depth(indent: int, indents: list[int]) -> int:
    """Return the nesting depth of an item indented by ``indent``, updating the open levels."""
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indents[-1] < indent:
        indents.append(indent)
    return min(len(indents) - 1, 1)
