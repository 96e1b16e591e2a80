"""Who owns a trial and which rows win: the identity rules of the warehouse, as plain functions.

1. **Documents are content.** A document's id is its content hash (:func:`document_id_for`),
   so a moved, renamed or copied file is the same document.
2. **Stated ids only.** A document's trial is the registry id its layout states in an id
   field or label. Ids that prose mentions become references (:func:`prose_references`).
3. **Matching.** A document that states no id is matched to a trial by its title (brief or
   official, normalised, :data:`tasks.match_features.TITLE_THRESHOLD`) or, for a layout without
   a title, by its summary (:data:`tasks.match_features.SUMMARY_THRESHOLD`), supported by
   conditions, interventions and sponsor (:func:`tasks.matching.match_document`). Unmatched, it
   is its own trial, ``DOC-`` + its content hash (:func:`tasks.parsers.records.content_trial_id`).
4. **Precedence.** Each trial field comes from the best current source that fills it, each
   child table from the best current source that has rows for it
   (:func:`tasks.precedence.merge_decision`). Sources rank by
   :data:`tasks.precedence.PRECEDENCE`; of several versions of one source (one format) only the
   newest is current, the others are history.

This module holds the rules every other one builds on; :mod:`tasks.match_features` says what
matching compares, :mod:`tasks.matching` finds a document's trial, :mod:`tasks.precedence`
decides which source wins.
"""

from __future__ import annotations

import unicodedata

from tasks.parsers.records import TrialRecord
from tasks.parsers.text import REGISTRY_ID, may_hold_registry_id

CONTEXT_CHARS = 80


def document_id_for(sha256: str) -> str:
    """A document's id: the first 20 hex digits of its content's sha256."""
    return sha256[:20]


def is_content_trial(trial_id: str) -> bool:
    """Whether ``trial_id`` was derived from content (no source states a registry id)."""
    return trial_id.startswith("DOC-")


def prose_references(record: TrialRecord) -> list[tuple[str, str]]:
    """Registry ids mentioned in the record's prose, with the text around each, in order.

    The trial's own stated id is left out.
    """
    found: dict[str, str] = {}
    for text in (record.title, record.official_title, record.brief_summary, record.detailed_description):
        if not text or not may_hold_registry_id(text):
            continue
        for match in REGISTRY_ID.finditer(text):
            registry_id = match.group(0)
            if registry_id != record.registry_id and registry_id not in found:
                start, end = max(0, match.start() - CONTEXT_CHARS), match.end() + CONTEXT_CHARS
                found[registry_id] = " ".join(text[start:end].split())
    return list(found.items())


# Every ASCII character that is not a letter or a digit becomes a space.
_SPACED = str.maketrans({c: c if c.isalnum() else " " for c in map(chr, range(128))})


def normalise(text: str | None) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed.

    Matching normalises every trial's title and summary when a run starts: an ASCII text
    (three in four) skips the Unicode decomposition, and a translation table replaces a
    regular expression (3x faster, the same result).
    """
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().translate(_SPACED).split())
