"""Document text as the parsers read it: line ends, lines, paragraphs, escapes, spliced boilerplate."""

from __future__ import annotations

import re

from tasks.parsers.text import clean

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")
# Text copied from web pages and word processors holds no-break, thin and ideographic spaces
# and zero-width characters. The text layouts' structure is written with plain spaces (", "
# between an outcome's parts, "Label: value"), so these read as a plain space, or as nothing.
_SPACES = "\u00a0\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u2060\ufeff"
_ODD_SPACES = re.compile(f"[{_SPACES}]")
_ZERO_WIDTH = re.compile(f"[{_INVISIBLE}]")
_ODD_CHARACTERS = re.compile(f"[{_SPACES}{_INVISIBLE}]")  # either kind: one scan tells a text needs neither
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_last_read: tuple[str, str] = ("", "")  # (a document as given, as normalise_layout_text made it)


def normalise_newlines(text: str) -> str:
    """Drop a byte-order mark and turn CRLF / CR line ends into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalise_layout_text(text: str) -> str:
    """A text layout's document as its parser reads it: LF line ends, plain spaces, no blank lines before the first.

    Each step runs only where the text needs it: most documents hold none of these characters
    (an ASCII text none at all, which ``isascii`` tells without a scan). Every layout's
    ``detect`` and then its parser read one document in turn, so the last one read (and what
    it became) is remembered, by identity.
    """
    global _last_read
    last = _last_read  # one read of the pair: another thread may replace it
    if text is last[0] or text is last[1]:
        return last[1]
    normalised = normalise_newlines(text)
    if not normalised.isascii() and _ODD_CHARACTERS.search(normalised):
        normalised = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", normalised))
    if normalised[:1] in ("\n", " ", "\t"):
        normalised = _LEADING_BLANK_LINES.sub("", normalised)
    _last_read = (text, normalised)
    return normalised


def unescape_markdown(text: str) -> str:
    r"""Undo ClinicalTrials.gov's markdown escapes (``\>`` → ``>``, ``\[`` → ``[``)."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def split_lines(text: str) -> list[str]:
    """Split text, as :func:`normalise_layout_text` makes it, into lines with trailing whitespace removed."""
    return [line.rstrip() for line in normalise_layout_text(text).split("\n")]


def head_lines(text: str, count: int) -> list[str]:
    """The first ``count`` lines of :func:`split_lines`, without splitting and trimming the rest.

    Detectors read a page's head only; a long page holds thousands of lines they never look at.
    """
    return [line.rstrip() for line in normalise_layout_text(text).split("\n", count)[:count]]


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
    paragraph is cut out and the paragraph rejoined with single spaces. The text comes back as
    :func:`normalise_layout_text` makes it (``split_lines`` of the result is what every parser reads).
    """
    text = normalise_layout_text(text)
    lowered = text.lower()
    present = [(phrase, pattern) for phrase, pattern in BOILERPLATE if phrase in lowered]
    if not present:
        return text
    lines = split_lines(text)
    touched = _lines_holding(text, lowered, [phrase for phrase, _ in present])
    for index in sorted(touched if touched is not None else range(len(lines)), reverse=True):
        line = cleaned = lines[index]
        for _, pattern in present:
            cleaned = pattern.sub("", cleaned)
        if cleaned != line:
            cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).rstrip()
            if not cleaned.strip():
                del lines[index]
                continue
        lines[index] = cleaned
    return "\n".join(lines)


def _lines_holding(text: str, lowered: str, phrases: list[str]) -> set[int] | None:
    """The numbers of the lines that hold one of ``phrases`` (``None``: any line may).

    A pattern matches only a line that holds its phrase, so every other line is left as it is
    by every pattern in turn, and substituting each line with each pattern cost a regex call
    per line on pages that hold their boilerplate on a line or two. A phrase without letters
    ("©") is found as it is; one with letters in the lowered text of an ASCII document (where
    the patterns' case-insensitive matching is lowering); in any other document every line is read.
    """
    found: set[int] = set()
    for phrase in phrases:
        if phrase.lower() == phrase.upper():
            haystack = text
        elif text.isascii():
            haystack = lowered
        else:
            return None
        start = haystack.find(phrase)
        while start >= 0:
            found.add(text.count("\n", 0, start))
            start = haystack.find(phrase, start + 1)
    return found
