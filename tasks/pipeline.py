"""The steps of one ingest batch as plain functions (the Prefect tasks wrap these).

1. :func:`fingerprint_files` reads and hashes every file without keeping its bytes; a file
   whose sha256 and parser version equal what the warehouse recorded costs nothing more.
2. :func:`prepare_files` (or :func:`prepare_documents` for API studies and the raw store)
   does all the per-document work: split, parse, normalise, build and validate the rows.
   It is pure and picklable, so worker processes or Dask workers run it on chunks.
3. :func:`combine` joins the chunks of a batch; :func:`load_prepared` attaches each document
   to its trial and merges each touched trial's sources (:mod:`tasks.resolution`), then writes
   the batch in one transaction.

What changed since the last run is told by :mod:`tasks.change_detection`; each document's
outcome is described by :mod:`tasks.outcomes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from schemas.runs import DocumentStatus
from schemas.tables import TRIAL_TABLES
from tasks.batches import BatchResult, FileWork, collector_paused
from tasks.change_detection import split_unchanged
from tasks.documents import documents_at
from tasks.outcomes import distinct_documents, document_outcome, loaded_warnings, resolved_outcome
from tasks.parsers import PARSER_VERSION, parse_payload, parse_text
from tasks.parsers.records import ParsedDocument, ParseError, SourceDocument
from tasks.resolution import resolve
from tasks.sources import BatchDocument, EmptyWarehouse, MatchCandidates, Resolution, StoredView, WarehouseView
from warehouse.connection import write_connection
from warehouse.loader import BatchWrite, DocumentOutcome, write_batch

MAX_ERROR_DETAIL = 2000


@dataclass
class Prepared:
    """Documents after parsing, normalising and validating, ready to be planned and written.

    ``outcomes`` has each document's provisional status (``loaded`` or ``rejected``) and
    provisional trial key (``DOC-`` and its content hash); ``stated`` the registry id each valid
    document states (``None`` otherwise).
    """

    outcomes: list[DocumentOutcome] = field(default_factory=list)
    stated: list[str | None] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


def prepare_files(files: list[FileWork]) -> Prepared:
    """Read, split, parse, normalise and validate the documents of changed files."""
    with collector_paused():
        return _prepare_files(files)


def _prepare_files(files: list[FileWork]) -> Prepared:
    """The body of :func:`prepare_files`."""
    fresh, unchanged = [], []
    for work in files:
        documents, same = split_unchanged(documents_at(Path(work.uri)), work.known)
        fresh += documents
        unchanged += same
    prepared = _prepare_documents(fresh)
    prepared.unchanged = unchanged
    return prepared


def prepare_documents(documents: list[SourceDocument]) -> Prepared:
    """Parse, normalise and validate ``documents`` (the per-document work of a batch).

    Within the list the later of two documents naming one trial wins; the earlier is
    marked superseded and gets no rows.
    """
    with collector_paused():
        return _prepare_documents(documents)


def _prepare_documents(documents: list[SourceDocument]) -> Prepared:
    """The body of :func:`prepare_documents`."""
    # Imported here: row building pulls in every normaliser (0.15 s), which a run whose files
    # are all unchanged never needs; worker processes import it once with their first chunk.
    from tasks.rows import validate_documents

    documents = distinct_documents(documents)
    parsed = parse_documents(documents)
    candidates = [p for p in parsed if p.record is not None]
    validated = validate_documents(candidates)
    positions = {id(p): position for position, p in enumerate(parsed)}
    statuses: dict[int, tuple[DocumentStatus, ParsedDocument]] = {}
    for document in validated.accepted:
        statuses[positions[id(document)]] = (DocumentStatus.LOADED, document)
    for original, refused in zip(validated.rejected_sources, validated.rejected, strict=True):
        statuses[positions[id(original)]] = (DocumentStatus.REJECTED, refused)
    outcomes, stated = [], []
    for position, document in enumerate(parsed):
        status, document = statuses.get(position, (DocumentStatus.REJECTED, document))
        outcomes.append(document_outcome(document, status, document.trial_id))
        stated.append(document.stated_id if status == DocumentStatus.LOADED else None)
    return Prepared(outcomes, stated, validated.frames)


def combine(chunks: list[Prepared]) -> Prepared:
    """Join the prepared chunks of one batch, in order."""
    if len(chunks) == 1:
        return chunks[0]
    joined = Prepared()
    for chunk in chunks:
        joined.outcomes += chunk.outcomes
        joined.stated += chunk.stated
        joined.unchanged += chunk.unchanged
    joined.frames = {
        t: pd.concat([c.frames[t] for c in chunks if t in c.frames], ignore_index=True) for t in TRIAL_TABLES
    }
    return joined


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


def plan_write(
    prepared: Prepared, run_id: str, seen_at: datetime, view: StoredView | None = None
) -> tuple[BatchWrite, BatchResult]:
    """Attach the batch's documents to their trials and describe the batch's write.

    ``view`` is what the warehouse holds (an empty warehouse when ``None``): the trials a
    document may match and the other sources of every trial the batch touches.
    """
    outcomes, frames = _distinct_outcomes(prepared)
    documents = _batch_documents(outcomes, prepared.stated)
    resolution = resolve(documents, frames, seen_at, view or EmptyWarehouse(), prepare_documents)
    outcomes = [resolved_outcome(o, resolution) for o in outcomes]
    result = _batch_result(outcomes, prepared.unchanged, resolution)
    return BatchWrite(run_id, PARSER_VERSION, seen_at, outcomes, resolution), result


def _batch_documents(outcomes: list[DocumentOutcome], stated: list[str | None]) -> list[BatchDocument]:
    """The documents to resolve: those parsed and valid, in batch order, with the id each states."""
    return [
        BatchDocument(o.document_id, o.trial_id, o.format, registry_id, position)
        for position, (o, registry_id) in enumerate(zip(outcomes, stated, strict=True))
        if o.status == DocumentStatus.LOADED
    ]


def _batch_result(outcomes: list[DocumentOutcome], unchanged: list[str], resolution: Resolution) -> BatchResult:
    """What the batch did, from its resolved outcomes and the stored documents it changed."""
    return BatchResult(
        loaded=[o.document_id for o in outcomes if o.status == DocumentStatus.LOADED],
        unchanged=list(unchanged),
        rejected=[o for o in outcomes if o.status == DocumentStatus.REJECTED],
        superseded=[o.document_id for o in outcomes if o.status == DocumentStatus.SUPERSEDED],
        superseded_elsewhere=[u[0] for u in resolution.stored_updates if u[2] == DocumentStatus.SUPERSEDED],
        warnings=loaded_warnings(resolution.frames.get("parse_warning"), outcomes),
        trials=list(resolution.affected),
    )


def _distinct_outcomes(prepared: Prepared) -> tuple[list[DocumentOutcome], dict[str, pd.DataFrame]]:
    """Each document once (two chunks may both hold a copy of one file), and its rows once."""
    last = {o.document_id: position for position, o in enumerate(prepared.outcomes)}
    if len(last) == len(prepared.outcomes):
        return list(prepared.outcomes), prepared.frames
    outcomes = [o for position, o in enumerate(prepared.outcomes) if last[o.document_id] == position]
    prepared.stated = [
        s for position, s in enumerate(prepared.stated) if last[prepared.outcomes[position].document_id] == position
    ]
    frames = {
        t: f.drop_duplicates(["trial_id"] if t == "trial" else ["trial_id", "ordinal"]).reset_index(drop=True)
        for t, f in prepared.frames.items()
    }
    return outcomes, frames


def load_prepared(
    db_path: Path, prepared: Prepared, run_id: str, seen_at: datetime, candidates: MatchCandidates | None = None
) -> BatchResult:
    """Resolve the batch against the warehouse and write it, in one transaction.

    ``candidates`` are the run's match indexes, kept current here (read afresh when ``None``).
    """
    if not prepared.outcomes:
        return BatchResult(unchanged=list(prepared.unchanged))
    candidates = candidates or MatchCandidates()
    candidates.add_batch(len(prepared.outcomes))
    try:
        with write_connection(db_path) as con:
            write, result = plan_write(prepared, run_id, seen_at, WarehouseView(con, candidates))
            write_batch(con, write)
            candidates.refresh(write.changes.affected, write.changes.trial_features)
    except BaseException:
        candidates.forget()  # they may hold the batch that was not written
        raise
    return result
