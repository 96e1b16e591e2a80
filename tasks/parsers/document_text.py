"""Document text as the parsers read it: line ends, lines, paragraphs, escapes, spliced boilerplate."""

from __future__ import annotations

import re

from tasks.parsers.text import clean

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")


def normalise_newlines(text: str) -> str:
    """Drop a byte-order mark and turn CRLF / CR line ends into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def unescape_markdown(text: str) -> str:
    r"""Undo ClinicalTrials.gov's markdown escapes (``\>`` → ``>``, ``\[`` → ``[``)."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def split_lines(text: str) -> list[str]:
    """Split normalised text into lines with trailing whitespace removed."""
    return [line.rstrip() for line in normalise_newlines(text).split("\n")]


def join_paragraphs(lines: list[str]) -> str | None:
    """Join lines into text, trimming blank lines at both ends."""
    return clean("\n".join(lines))


# Site furniture that aggregator pages splice into their text, sometimes mid-paragraph: each
# pattern with a lower-case phrase it always contains, so that a text without any of the
# phrases (most documents) costs one ``in`` test per pattern, not a substitution per line.
BOILERPLATE = (
    (
        "informational purposes only",
        re.compile(r"This platform is for informational purposes only[^.\n]*\.(?:\s*Always consult[^.\n]*\.)?", re.I),
    ),
    ("always consult a qualified", re.compile(r"Always consult a qualified healthcare professional\.?", re.I)),
    (
        "scientific validity of this study",
        re.compile(r"The safety and scientific validity of this study is the responsibility[^.\n]*\.", re.I),
    ),
    (
        "listing a study does not mean",
        re.compile(r"Listing a study does not mean it has been evaluated[^.\n]*\.", re.I),
    ),
    ("read our disclaimer", re.compile(r"Read our disclaimer for details\.?", re.I)),
    ("©", re.compile(r"©\s*Copyright[^\n]*", re.I)),
)


def strip_boilerplate(text: str) -> str:
    """Remove site boilerplate wherever it is spliced in, keeping the surrounding text.

    A line that held only boilerplate disappears; a sentence spliced into a
    paragraph is cut out and the paragraph rejoined with single spaces. Line ends come back as
    LF (``split_lines`` of the result is what every parser reads).
    """
    lowered = text.lower()
    present = [pattern for phrase, pattern in BOILERPLATE if phrase in lowered]
    if not present:
        return normalise_newlines(text)
    lines = []
    for line in split_lines(text):
        cleaned = line
        for pattern in present:
            cleaned = pattern.sub("", cleaned)
        if cleaned != line:
            cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).rstrip()
            if not cleaned.strip():
                continue
        lines.append(cleaned)
    return "\n".join(lines)
