"""The steps of one ingest batch as plain functions (the Prefect tasks wrap these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from schemas.frames import validate_documents
from tasks.parsers import PARSER_VERSION, parse_payload, parse_text
from tasks.parsers.records import ParsedDocument, ParseError, SourceDocument
from warehouse.connection import write_connection
from warehouse.loader import BatchWrite, DocumentOutcome, known_documents, write_batch

MAX_ERROR_DETAIL = 2000


@dataclass
class BatchResult:
    """What one batch did, for the run's counts and report."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[DocumentOutcome] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    superseded_elsewhere: list[str] = field(default_factory=list)


def select_changed(
    db_path: Path, documents: list[SourceDocument], full_refresh: bool
) -> tuple[list[SourceDocument], list[str]]:
    """Split documents into those to parse and the ids of those unchanged since last time.

    A document is unchanged when its sha256 and the parser version both equal
    what the warehouse recorded; ``full_refresh`` parses everything.
    """
    if full_refresh or not documents:
        return list(documents), []
    with write_connection(db_path) as con:
        known = known_documents(con, [d.document_id for d in documents])
    stored = {row.document_id: (row.sha256, row.parser_version) for row in known.itertuples()}
    fresh, unchanged = [], []
    for document in documents:
        if stored.get(document.document_id) == (document.sha256, PARSER_VERSION):
            unchanged.append(document.document_id)
        else:
            fresh.append(document)
    return fresh, unchanged


def parse_documents(documents: list[SourceDocument]) -> list[ParsedDocument]:
    """Parse each document; a failure becomes the document's rejection reason."""
    return [parse_document(d) for d in documents]


def parse_document(document: SourceDocument) -> ParsedDocument:
    """Parse one document, never raising for bad input."""
    if document.text is None:
        return ParsedDocument(document, None, None, document.error or "unreadable document")
    try:
        if document.payload is not None:
            fmt, record = document.format, parse_payload(document.format, document.payload)
        else:
            fmt, record = parse_text(document.text)
    except ParseError as error:
        return ParsedDocument(document, None, None, str(error))
    except RecursionError:
        return ParsedDocument(document, None, None, "document nested too deeply")
    except Exception as error:  # a parser bug must reject one document, not stop the run
        detail = f"{type(error).__name__}: {error}"[:MAX_ERROR_DETAIL]
        return ParsedDocument(document, None, None, "parser error", detail)
    return ParsedDocument(document, fmt, record)


def plan_write(parsed: list[ParsedDocument], run_id: str, seen_at: datetime) -> tuple[BatchWrite, BatchResult]:
    """Resolve duplicate trials, validate, and describe the batch's write.

    Within a batch, when two documents name the same trial the later one wins
    and the earlier is ``superseded``; documents whose rows fail validation are
    rejected whole.
    """
    result = BatchResult()
    winners: dict[str, ParsedDocument] = {}
    parsed_ok = [p for p in parsed if p.record is not None]
    for document in parsed_ok:
        winners[document.trial_id] = document
    latest = [d for d in parsed_ok if winners[d.trial_id] is d]
    validated = validate_documents(latest)
    outcomes = [_outcome(d, "loaded") for d in validated.accepted]
    outcomes += [_outcome(d, "superseded") for d in parsed_ok if winners[d.trial_id] is not d]
    refused = [p for p in parsed if p.record is None] + validated.rejected
    outcomes += [_outcome(d, "rejected") for d in refused]
    result.loaded = [o.document_id for o in outcomes if o.status == "loaded"]
    result.superseded = [o.document_id for o in outcomes if o.status == "superseded"]
    result.rejected = [o for o in outcomes if o.status == "rejected"]
    write = BatchWrite(run_id, PARSER_VERSION, seen_at, outcomes, validated.frames)
    return write, result


def _outcome(document: ParsedDocument, status: str) -> DocumentOutcome:
    """Describe what became of ``document``."""
    source = document.source
    return DocumentOutcome(
        source.document_id,
        source.uri,
        source.sha256,
        document.format or source.format,
        document.trial_id,
        status,
        document.error,
        document.details,
        source.text,
        document.record.last_update_posted if document.record else None,
    )


def apply_write(db_path: Path, write: BatchWrite, result: BatchResult) -> BatchResult:
    """Write the batch in one transaction and note documents it superseded elsewhere."""
    if write.outcomes:
        with write_connection(db_path) as con:
            result.superseded_elsewhere = write_batch(con, write)
    return result
