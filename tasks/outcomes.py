"""What became of each document of a batch: its outcome, as the loader records it and the run reports it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from schemas.runs import DocumentStatus
from tasks.parsers.records import ParsedDocument, SourceDocument
from tasks.sources import Resolution
from warehouse.loader import DocumentOutcome


def distinct_documents(documents: list[SourceDocument]) -> list[SourceDocument]:
    """One of each document, the last copy kept (the same content read from two copies of a file is one)."""
    last = {d.document_id: position for position, d in enumerate(documents)}
    if len(last) == len(documents):
        return documents
    return [d for position, d in enumerate(documents) if last[d.document_id] == position]


def document_outcome(document: ParsedDocument, status: DocumentStatus, trial_id: str | None) -> DocumentOutcome:
    """Describe what became of ``document``."""
    source = document.source
    record = document.record
    return DocumentOutcome(
        source.document_id,
        source.uri,
        source.sha256,
        document.format or source.format,
        trial_id if status != DocumentStatus.REJECTED else None,
        status,
        document.error if status == DocumentStatus.REJECTED else None,
        document.details if status == DocumentStatus.REJECTED else None,
        source.text,
        record.last_update_posted if record else None,
        source.file_uri,
        source.file_sha256,
    )


def resolved_outcome(outcome: DocumentOutcome, resolution: Resolution) -> DocumentOutcome:
    """``outcome`` with the trial, status, match and validity its resolution gave it."""
    match = resolution.matches.get(outcome.document_id)
    if match is None:
        return outcome
    return replace(
        outcome,
        trial_id=match.trial_id,
        status=resolution.statuses[outcome.document_id],
        match_rule=match.rule,
        match_score=match.score,
        valid_from=resolution.valid_from[outcome.document_id],
    )


def loaded_warnings(frame: pd.DataFrame | None, outcomes: list[DocumentOutcome]) -> list[tuple[str, str, str]]:
    """The parse warnings of the batch's documents being loaded, as ``(uri, section, message)``.

    Warnings of a trial's other sources (parsed again to merge it) were reported when they loaded.
    """
    if frame is None or not len(frame):
        return []
    uris = {o.document_id: o.uri for o in outcomes}
    return [
        (uris[row.document_id], row.section, row.message)
        for row in frame.itertuples(index=False)
        if row.document_id in uris
    ]
