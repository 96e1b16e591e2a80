"""Pure parsers: text in, :class:`~tasks.parsers.records.TrialRecord` out.

Adding a format means adding its module and one line in :data:`FORMATS`. Formats
are tried in order and detected from the content, never from the file name.
"""

from __future__ import annotations

from types import ModuleType

from tasks.parsers import ctgov_csv, ctgov_flat, ctgov_json, medpath, registry_page
from tasks.parsers.records import ParseError, TrialRecord

PARSER_VERSION = "1.1.0"  # 1.1: partial documents load with parse warnings
FORMATS: tuple[ModuleType, ...] = (ctgov_json, ctgov_csv, medpath, registry_page, ctgov_flat)
UNRECOGNIZED = "unrecognized format"


def detect_format(text: str) -> ModuleType:
    """Return the parser module whose layout ``text`` has.

    Raises:
        ParseError: ``unrecognized format`` when no layout matches.
    """
    for module in FORMATS:
        if module.detect(text):
            return module
    raise ParseError(UNRECOGNIZED)


def parse_text(text: str) -> tuple[str, TrialRecord]:
    """Detect the format of ``text`` and parse it.

    Returns:
        The format name and the record.

    Raises:
        ParseError: with the reason the document cannot be loaded.
    """
    if not text.strip():
        raise ParseError("empty document")
    module = detect_format(text)
    return module.FORMAT, module.parse(text)


def parse_payload(format_name: str, payload: object) -> TrialRecord:
    """Parse an already-decoded record of a container file (a study object, a CSV row)."""
    if format_name == ctgov_json.FORMAT:
        return ctgov_json.parse_study(payload)
    if format_name == ctgov_csv.FORMAT:
        return ctgov_csv.parse_row(payload)
    raise ParseError(f"no payload parser for format {format_name!r}")


__all__ = ["FORMATS", "PARSER_VERSION", "ParseError", "TrialRecord", "detect_format", "parse_payload", "parse_text"]
