"""The steps of one ingest batch as plain functions (the Prefect tasks wrap these).

1. :func:`fingerprint_files` reads and hashes every file without keeping its bytes; a file
   whose sha256 and parser version equal what the warehouse recorded costs nothing more.
2. :func:`prepare_files` (or :func:`prepare_documents` for API studies and the raw store)
   does all the per-document work: split, parse, normalise, build and validate the rows.
   It is pure and picklable, so worker processes or Dask workers run it on chunks.
3. :func:`combine` joins the chunks of a batch, :func:`plan_write` resolves the trials
   described twice, and :func:`apply_write` writes the batch in one transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from schemas.frames import validate_documents
from schemas.tables import TRIAL_TABLES
from tasks.documents import FileFingerprint, documents_at, fingerprint_file
from tasks.parsers import PARSER_VERSION, parse_payload, parse_text
from tasks.parsers.records import ParsedDocument, ParseError, SourceDocument
from warehouse.connection import write_connection
from warehouse.loader import BatchWrite, DocumentOutcome, known_documents, known_files, write_batch

MAX_ERROR_DETAIL = 2000


@dataclass
class BatchResult:
    """What one batch did, for the run's counts and report."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[DocumentOutcome] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    superseded_elsewhere: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # uri, section, message


@dataclass(frozen=True)
class FileWork:
    """A file to read again and process, with what the warehouse holds of its documents.

    ``known`` maps stored document ids to ``(sha256, parser_version)``, so that the
    unchanged records of a changed container file are not parsed again.
    """

    uri: str
    size: int
    known: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Prepared:
    """Documents after parsing, normalising and validating, ready to be planned and written.

    ``outcomes`` has each document's provisional status (``loaded``, ``rejected``, or
    ``superseded`` by a later document of the same chunk); ``contenders`` the trial each
    parsed document describes (``None`` when it did not parse); ``owners`` the outcome
    position of every row of ``frames``.
    """

    outcomes: list[DocumentOutcome] = field(default_factory=list)
    contenders: list[str | None] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    owners: dict[str, list[int]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


def fingerprint_files(db_path: Path, paths: list[Path], full_refresh: bool) -> tuple[list[FileWork], list[str]]:
    """Read and hash ``paths``; return the files to process and the ids of unchanged documents.

    A file is unchanged when the warehouse holds documents read from it and every one of
    them was processed from the same file sha256 by the current parser version.
    """
    prints = [fingerprint_file(path) for path in paths]
    if full_refresh or not prints:
        return [FileWork(p.uri, p.size) for p in prints], []
    with write_connection(db_path) as con:
        stored = known_files(con, [p.uri for p in prints])
    by_file: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for row in stored.itertuples(index=False):
        by_file.setdefault(row.file_uri, []).append((row.document_id, row.sha256, row.parser_version, row.file_sha256))
    work, unchanged = [], []
    for fingerprint in prints:
        documents = by_file.get(fingerprint.uri, [])
        if documents and all(_same_file(fingerprint, d) for d in documents):
            unchanged += [d[0] for d in documents]
        else:
            known = {d[0]: (d[1], d[2]) for d in documents}
            work.append(FileWork(fingerprint.uri, fingerprint.size, known))
    return work, unchanged


def _same_file(fingerprint: FileFingerprint, stored: tuple[str, str, str, str | None]) -> bool:
    """Whether a stored document came from this very file content, with this parser."""
    _, sha, version, file_sha = stored
    return version == PARSER_VERSION and (file_sha or sha) == fingerprint.sha256


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
    return _split_unchanged(documents, stored)


def _split_unchanged(
    documents: list[SourceDocument], stored: dict[str, tuple[str, str]]
) -> tuple[list[SourceDocument], list[str]]:
    """Documents whose stored ``(sha256, parser_version)`` differs, and ids of the others."""
    fresh, unchanged = [], []
    for document in documents:
        if stored.get(document.document_id) == (document.sha256, PARSER_VERSION):
            unchanged.append(document.document_id)
        else:
            fresh.append(document)
    return fresh, unchanged


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a chunk is prepared.

    Preparing allocates millions of short-lived objects that reference counting frees;
    the collector's repeated full scans of them cost a third of the time. It runs again
    afterwards, so any cycles a chunk made are still collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare_files(files: list[FileWork]) -> Prepared:
    """Read, split, parse, normalise and validate the documents of changed files."""
    with collector_paused():
        return _prepare_files(files)


def _prepare_files(files: list[FileWork]) -> Prepared:
    """The body of :func:`prepare_files`."""
    fresh, unchanged = [], []
    for work in files:
        documents, same = _split_unchanged(documents_at(Path(work.uri)), work.known)
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
    parsed = parse_documents(documents)
    contenders = [p.trial_id for p in parsed]
    last = {trial: position for position, trial in enumerate(contenders) if trial is not None}
    latest = [p for position, p in enumerate(parsed) if p.record is not None and last[p.trial_id] == position]
    validated = validate_documents(latest)
    statuses: dict[int, tuple[str, ParsedDocument]] = {}
    positions = {id(p): position for position, p in enumerate(parsed)}
    for document in validated.accepted:
        statuses[positions[id(document)]] = ("loaded", document)
    for original, refused in zip(validated.rejected_sources, validated.rejected, strict=True):
        statuses[positions[id(original)]] = ("rejected", refused)
    outcomes = []
    for position, document in enumerate(parsed):
        if position in statuses:
            status, document = statuses[position]
        else:
            status = "rejected" if document.record is None else "superseded"
        outcomes.append(_outcome(document, status, contenders[position]))
    owners = {t: [positions[id(latest[i])] for i in rows] for t, rows in validated.owners.items()}
    return Prepared(outcomes, contenders, validated.frames, owners)


def combine(chunks: list[Prepared]) -> Prepared:
    """Join the prepared chunks of one batch, in order."""
    if len(chunks) == 1:
        return chunks[0]
    joined = Prepared()
    for chunk in chunks:
        offset = len(joined.outcomes)
        joined.outcomes += chunk.outcomes
        joined.contenders += chunk.contenders
        joined.unchanged += chunk.unchanged
        for table, owners in chunk.owners.items():
            joined.owners.setdefault(table, []).extend(o + offset for o in owners)
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


def plan_write(prepared: Prepared, run_id: str, seen_at: datetime) -> tuple[BatchWrite, BatchResult]:
    """Resolve the trials a batch describes twice and describe the batch's write.

    When two documents of a batch name the same trial the later one wins and the
    earlier is ``superseded`` (even if the winner then fails validation, as the
    later document is the registrant's current word).
    """
    last = {trial: position for position, trial in enumerate(prepared.contenders) if trial is not None}
    outcomes = []
    for position, outcome in enumerate(prepared.outcomes):
        trial = prepared.contenders[position]
        if trial is not None and last[trial] != position and outcome.status != "superseded":
            outcome = _with_status(outcome, "superseded", trial)
        outcomes.append(outcome)
    loaded = [o.status == "loaded" for o in outcomes]
    frames = {}
    for table, frame in prepared.frames.items():
        keep = [loaded[o] for o in prepared.owners.get(table, [])]
        frames[table] = frame if all(keep) else frame[keep].reset_index(drop=True)
    result = BatchResult(
        loaded=[o.document_id for o in outcomes if o.status == "loaded"],
        unchanged=list(prepared.unchanged),
        rejected=[o for o in outcomes if o.status == "rejected"],
        superseded=[o.document_id for o in outcomes if o.status == "superseded"],
        warnings=_warnings(frames.get("parse_warning"), outcomes),
    )
    return BatchWrite(run_id, PARSER_VERSION, seen_at, outcomes, frames), result


def _warnings(frame: pd.DataFrame | None, outcomes: list[DocumentOutcome]) -> list[tuple[str, str, str]]:
    """The parse warnings of the documents being loaded, as ``(uri, section, message)``."""
    if frame is None or not len(frame):
        return []
    uris = {o.document_id: o.uri for o in outcomes}
    return [(uris[row.document_id], row.section, row.message) for row in frame.itertuples(index=False)]


def _with_status(outcome: DocumentOutcome, status: str, trial_id: str | None) -> DocumentOutcome:
    """``outcome`` with another status and trial (a superseded document keeps no error)."""
    fields = {**outcome.__dict__, "status": status, "trial_id": trial_id}
    if status == "superseded":
        fields.update(error=None, details=None)
    return DocumentOutcome(**fields)


def _outcome(document: ParsedDocument, status: str, trial_id: str | None) -> DocumentOutcome:
    """Describe what became of ``document``."""
    source = document.source
    record = document.record
    return DocumentOutcome(
        source.document_id,
        source.uri,
        source.sha256,
        document.format or source.format,
        trial_id if status != "rejected" else None,
        status,
        document.error if status == "rejected" else None,
        document.details if status == "rejected" else None,
        source.text,
        record.last_update_posted if record else None,
        source.file_uri,
        source.file_sha256,
    )


def apply_write(db_path: Path, write: BatchWrite, result: BatchResult) -> BatchResult:
    """Write the batch in one transaction and note documents it superseded elsewhere."""
    if write.outcomes:
        with write_connection(db_path) as con:
            result.superseded_elsewhere = write_batch(con, write)
    return result
