"""Eligibility text → criteria: list items, or paragraphs and sentences when the text has no list.

Headings that mention inclusion or exclusion set the kind of what follows them,
whether they stand on their own line (``Key Inclusion Criteria:``), carry a bullet
(``• Exclusion Criteria:``) or open a line of content (``Exclusion criteria: none``,
``Inclusion criteria. Age ≥22. …``). Each section between headings is read as a
list when it holds list items, otherwise as prose: one criterion per paragraph (or
per line when each line is a statement), split into sentences only where every
sentence is a short, self-contained statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.parsers.document_text import normalise_newlines, unescape_markdown
from tasks.parsers.records import Criterion

LIST_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<marker>[*\-•·◦▪▫●○■□➢►✓]|\(?\d{1,3}[.)](?!\d)|\(\d{1,3}\)|"
    r"\(?[a-zA-Z][.)]|\([a-z]\)|\(?[ivxIVX]{1,5}[.)])[ \t]+|(?P<tight>[\-•·▪●➢►])(?=[^\W\d_]))(?P<text>\S.*)$"
)
_HEADING = re.compile(r"\b(inclusion|exclusion)\b", re.IGNORECASE)
# A heading that opens a line of content: "Inclusion criteria: …", "Study Exclusion Criteria. …".
_INLINE_HEADING = re.compile(
    r"^\W*(?P<head>(?:[\w/-]+\s+){0,3}?(?:inclusion|exclusion)\s+criteri(?:a|on)(?:\s+[\w/-]+){0,5}?)\s*[:.]\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# A heading in the middle of a run-on line ("… or watermelon Exclusion criteria: No concurrent …").
_MIDLINE_HEADING = re.compile(r"(?<=[\w.;)\]])\s+(?=(?:Key\s+)?(?:Inclusion|Exclusion)\s+[Cc]riteria\s*:)")
MIN_WORDS_BEFORE_MIDLINE_HEADING = 4
_BULLET_STYLE = {"*": "bullet", "-": "bullet", "•": "bullet", "·": "bullet"}
# Text that stands for "no criteria" under a heading.
_PLACEHOLDER = re.compile(r"^\W*(?:none|nil|n/?a|not applicable|no exclusion criteria|no)?\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[\w)%\]])[.;]\s+(?=[A-Z])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|vs|etc|approx|Dr|No|Fig|al|St|Mr|Mrs|Ms|[A-Z])$")
# Sentences opening with these words lean on the sentence before: the split would be ambiguous.
_BACK_REFERENCE = {"however", "this", "these", "that", "those", "it", "its", "they", "their", "such", "if", "also"}
_BACK_REFERENCE |= {"or", "and", "but", "otherwise", "unless", "except", "note", "in", "for", "with", "without"}
MAX_SENTENCE_WORDS = 12
MIN_SENTENCES = 3
SUBHEADING_WORDS = 5
BULLETED_HEADING_WORDS = 6


@dataclass
class _OpenItem:
    indent: int
    style: str
    ordinal: int


def split_criteria(text: str) -> list[Criterion]:
    """Split eligibility text into criteria.

    Args:
        text: Eligibility text (markdown-escaped or not), as a list or as prose.

    Returns:
        Criteria in document order; ``parent`` refers to 1-based positions. List
        items before any heading count as inclusion, and so does prose when the
        text has no heading at all.
    """
    criteria: list[Criterion] = []
    sections = _sections(text)
    for number, (kind, lines) in enumerate(sections):
        markers = [LIST_MARKER.match(line) for line in lines]
        if any(markers):
            _read_list(lines, markers, kind, criteria)
        elif number or len(sections) == 1:  # prose before the first heading introduces the sections
            criteria += [Criterion(kind, item) for item in _prose_items(lines)]
    return criteria


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """Cut the text at its headings into ``(kind, lines)`` sections; the first is what precedes them."""
    sections: list[tuple[str, list[str]]] = [("inclusion", [])]
    for raw_line in unescape_markdown(normalise_newlines(text)).split("\n"):
        line = raw_line.rstrip()
        # Most lines hold no heading: the cheap tests of _split_midline and _heading, inline.
        if "riteria" not in line and "clusion" not in line.lower():
            sections[-1][1].append(line)
            continue
        for part in _split_midline(line):
            kind, rest = _heading(part)
            if kind is None:
                sections[-1][1].append(part)
            else:
                sections.append((kind, [rest] if rest else []))
    return [sections[0]] + [(kind, lines) for kind, lines in sections[1:] if any(line.strip() for line in lines)]


def _split_midline(line: str) -> list[str]:
    """Cut a line before each heading that follows several words of content."""
    if "riteria" not in line:  # the cheap test first: most lines hold no heading
        return [line]
    parts, start = [], 0
    for match in _MIDLINE_HEADING.finditer(line):
        before = line[start : match.start()]
        if len(before.split()) >= MIN_WORDS_BEFORE_MIDLINE_HEADING and before.split()[-1].lower() != "key":
            parts.append(before)
            start = match.end()
    return [*parts, line[start:]]


def _heading(line: str) -> tuple[str | None, str | None]:
    """Return the kind a heading line sets and any content after it on the line."""
    if "clusion" not in line.lower():  # the cheap test first: most lines hold no heading
        return None, None
    match = LIST_MARKER.match(line)
    if match:  # a bulleted heading ("• Exclusion Criteria:") is a few words; a longer item is a criterion
        text = match.group("text").strip()
        short = len(text.split()) <= (BULLETED_HEADING_WORDS if text.endswith(":") else 3)
        return (_heading_kind(text) if short else None), None
    inline = _INLINE_HEADING.match(line)
    # A heading opens with a capital; "inclusion criteria. They …" is a wrapped line of an item.
    if inline and inline.group("head")[:1].isupper() and len(set(_HEADING.findall(inline.group("head").lower()))) == 1:
        return _HEADING.search(inline.group("head")).group(1).lower(), inline.group("rest").strip() or None
    return _heading_kind(line), None


def _heading_kind(line: str) -> str | None:
    """Return ``inclusion``/``exclusion`` when ``line`` is a criteria heading."""
    stripped = line.strip().strip("*#_ ")
    words = {w.lower() for w in _HEADING.findall(stripped)}
    if len(words) != 1 or len(stripped) > 120:
        return None
    if stripped[:1].islower() and not stripped.endswith(":"):  # a wrapped line of an item, not a heading
        return None
    if "criteri" in stripped.lower() or stripped.endswith(":") or len(stripped.split()) <= 3:
        return words.pop()
    return None


def _read_list(lines: list[str], markers: list[re.Match | None], kind: str, criteria: list[Criterion]) -> None:
    """Read one criterion per list item (``markers`` holds each line's); unmarked lines continue the item above."""
    stack: list[_OpenItem] = []
    previous_blank = True
    for line, match in zip(lines, markers, strict=True):
        if not line.strip():
            previous_blank = True
            continue
        if match:
            indent, marker, tight, text = match.group("indent", "marker", "tight", "text")
            item = _OpenItem(_indent(indent) if indent else 0, _marker_style(marker or tight), 0)
            parent = _parent_of(item, stack, criteria)
            item.ordinal = len(criteria) + 1
            stack.append(item)
            criteria.append(Criterion(kind, text.strip(), parent))
        elif criteria and stack and (not previous_blank or _indent(line) > stack[-1].indent):
            last = criteria[-1]
            criteria[-1] = Criterion(last.kind, f"{last.text} {line.strip()}", last.parent)
        previous_blank = False


def _prose_items(lines: list[str]) -> list[str]:
    """One item per paragraph (per line where lines are statements), sentences where unambiguous."""
    items: list[str] = []
    for paragraph in _paragraphs(lines):
        for statement in _statements(paragraph):
            if _PLACEHOLDER.match(statement) or _is_subheading(statement):
                continue
            items += _sentences(statement)
    return items


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Group non-blank lines into paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _statements(paragraph: list[str]) -> list[str]:
    """Join a wrapped paragraph; keep lines apart where each line is its own statement.

    A paragraph is wrapped when its lines (three or more) but the last fill most of the width;
    otherwise a line opening in lower case continues the line above.
    """
    width = max(len(line) for line in paragraph)
    if len(paragraph) > 2 and width >= 50 and all(len(line) >= 0.7 * width for line in paragraph[:-1]):
        return [" ".join(paragraph)]
    statements: list[str] = []
    for line in paragraph:
        if statements and line[:1].islower():
            statements[-1] = f"{statements[-1]} {line}"
        else:
            statements.append(line)
    return statements


def _is_subheading(statement: str) -> bool:
    """Tell whether a statement is a short label over what follows ("Age:", "DISEASE CHARACTERISTICS:")."""
    return statement.endswith(":") and len(statement.split()) <= SUBHEADING_WORDS


def _sentences(statement: str) -> list[str]:
    """Split a run-on statement into sentences when each is a short, self-contained statement."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(statement):
        if _ABBREVIATION.search(statement[start : match.start()]):
            continue
        parts.append(statement[start : match.start() + 1].strip())
        start = match.end()
    parts.append(statement[start:].strip())
    parts = [p for p in parts if p]
    if len(parts) < MIN_SENTENCES or any(len(p.split()) > MAX_SENTENCE_WORDS for p in parts):
        return [statement]
    if any(p.split()[0].lower().strip(",") in _BACK_REFERENCE for p in parts[1:]):
        return [statement]
    return parts


def _indent(whitespace: str) -> int:
    """Measure indentation with tabs counted as four spaces."""
    prefix = whitespace[: len(whitespace) - len(whitespace.lstrip())]
    return len(prefix.replace("\t", "    "))


@lru_cache(maxsize=1024)
def _marker_style(marker: str) -> str:
    """Classify a list marker: bullet, number, letter or roman."""
    core = marker.strip("().")
    if marker in _BULLET_STYLE or not core:
        return "bullet"
    if core.isdigit():
        return "number"
    if re.fullmatch(r"[ivxIVX]+", core) and len(core) > 1:
        return "roman"
    return "letter"


def _parent_of(item: _OpenItem, stack: list[_OpenItem], criteria: list[Criterion]) -> int | None:
    """Pop finished items off ``stack`` and return the parent's position, if any."""
    while stack:
        top = stack[-1]
        if top.indent > item.indent:
            stack.pop()
        elif top.indent == item.indent:
            # A new style under an item that announces a list ("…the following:") nests.
            if top.style != item.style and criteria[top.ordinal - 1].text.endswith(":"):
                return top.ordinal
            stack.pop()
        else:
            return top.ordinal
    return None
