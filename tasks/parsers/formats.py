"""The formats, in the order they are tried, and the functions that detect and parse them.

Adding a format means adding its module and one line in :data:`FORMATS`. Formats are tried in
order and detected from the content, never from the file name.
"""

from __future__ import annotations

import re
from types import ModuleType

from tasks.parsers import (
    classic_page,
    ctgov_csv,
    ctgov_flat,
    ctgov_json,
    ctgov_tsv,
    ctgov_v1,
    ctgov_xml,
    medpath,
    registry_page,
    trialexchange_page,
)
from tasks.parsers.records import ParseError, TrialRecord

FORMATS: tuple[ModuleType, ...] = (
    ctgov_json,
    ctgov_v1,
    ctgov_xml,
    ctgov_csv,
    ctgov_tsv,
    classic_page,
    trialexchange_page,
    medpath,
    registry_page,
    ctgov_flat,
)
PAYLOAD_PARSERS = {
    ctgov_json.FORMAT: ctgov_json.parse_study,
    ctgov_v1.FORMAT: ctgov_v1.parse_study,
    ctgov_csv.FORMAT: ctgov_csv.parse_row,
    ctgov_tsv.FORMAT: ctgov_tsv.parse_row,
}
UNRECOGNIZED = "unrecognized format"
# A document that opens with a tag, a declaration or a doctype is markup, whatever it holds.
MARKUP = re.compile(r"^\ufeff?\s*<(?:\?xml|!DOCTYPE|!--|[A-Za-z][\w:.-]*[\s/>])", re.IGNORECASE)


def detect_format(text: str) -> ModuleType:
    """Return the parser module whose layout ``text`` has.

    Raises:
        ParseError: ``unrecognized format`` when no layout matches; markup that is
            not a known markup layout is never handed to the text layouts.
    """
    markup = bool(MARKUP.match(text))
    for module in FORMATS:
        if module.detect(text):
            return module
        if markup and module is ctgov_xml:  # text layouts never read markup
            raise ParseError(f"{UNRECOGNIZED}: markup (HTML/XML) that is not a ClinicalTrials.gov <clinical_study>")
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
    if format_name not in PAYLOAD_PARSERS:
        raise ParseError(f"no payload parser for format {format_name!r}")
    return PAYLOAD_PARSERS[format_name](payload)
