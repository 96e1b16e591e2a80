"""The steps of one ingest batch as plain functions (the Prefect tasks wrap these).

1. :func:`fingerprint_files` reads and hashes every file without keeping its bytes; a file
   whose sha256 and parser version equal what the warehouse recorded costs nothing more.
2. :func:`prepare_files` (or :func:`prepare_documents` for API studies and the raw store)
   does all the per-document work: split, parse, normalise, build and validate the rows.
   It is pure and picklable, so worker processes or Dask workers run it on chunks.
3. :func:`combine` joins the chunks of a batch; :func:`load_prepared` attaches each document
   to its trial and merges each touched trial's sources (:mod:`tasks.sources`), then writes
   the batch in one transaction.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from schemas.frames import validate_documents
from schemas.tables import TRIAL_TABLES
from tasks.documents import FileFingerprint, FileStat, documents_at, fingerprint_file, stat_file
from tasks.parsers import PARSER_VERSION, parse_payload, parse_text
from tasks.parsers.records import ParsedDocument, ParseError, SourceDocument
from tasks.sources import (
    BatchDocument,
    EmptyWarehouse,
    MatchCandidates,
    Resolution,
    StoredView,
    WarehouseView,
    resolve,
)
from warehouse.connection import write_connection
from warehouse.loader import (
    BatchWrite,
    DocumentOutcome,
    known_contents,
    known_documents,
    known_files,
    known_stats,
    record_moves,
    record_stats,
    write_batch,
)

MAX_ERROR_DETAIL = 2000
RACY_NS = 2_000_000_000  # a stat index entry counts if the file was 2 s old when recorded


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

    ``outcomes`` has each document's provisional status (``loaded`` or ``rejected``) and
    provisional trial key (``DOC-`` and its content hash); ``stated`` the registry id each valid
    document states (``None`` otherwise).
    """

    outcomes: list[DocumentOutcome] = field(default_factory=list)
    stated: list[str | None] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


def fingerprint_files(
    db_path: Path, paths: list[Path], full_refresh: bool, verify: bool = False
) -> tuple[list[FileWork], list[str]]:
    """Hash ``paths`` (or take their hash from the stat index); return the files to process and unchanged ids.

    A file whose stat equals its stat index entry is not read (``verify`` reads every file).
    A file is unchanged when the warehouse holds documents read from this very content (by
    its sha256, wherever the file was then) and processed them with the current parser
    version; a file found at a new path is recorded there. A file that cannot be read is
    always processed, so that the run reports it.
    """
    if not paths:
        return [], []
    with write_connection(db_path) as con:
        prints = _fingerprints(con, paths, trust_index=not (verify or full_refresh))
        if full_refresh:
            return [FileWork(p.uri, p.size) for p in prints], []
        by_content = _group(known_contents(con, [p.sha256 for p in prints if p.sha256]), "file_sha256")
        work, unchanged, moves = [], [], []
        changed = []
        for fingerprint in prints:
            documents = by_content.get(fingerprint.sha256, [])
            if documents and all(d.parser_version == PARSER_VERSION for d in documents):
                unchanged += [d.document_id for d in documents]
                if any(d.file_uri != fingerprint.uri for d in documents):
                    moves.append((fingerprint.sha256, fingerprint.uri))
            else:
                changed.append(fingerprint)
        by_file = _group(known_files(con, [p.uri for p in changed]), "file_uri")
        for fingerprint in changed:
            known = {d.document_id: (d.sha256, d.parser_version) for d in by_file.get(fingerprint.uri, [])}
            work.append(FileWork(fingerprint.uri, fingerprint.size, known))
        if moves:
            record_moves(con, moves, datetime.now())
    return work, unchanged


def _fingerprints(con, paths: list[Path], trust_index: bool) -> list[FileFingerprint]:
    """Each file's sha256: from the stat index when its stat is unchanged, else read and hashed.

    Files hashed here are recorded in the index for the next run.
    """
    uris = [str(p) for p in paths]
    index = {row.file_uri: row for row in known_stats(con, uris).itertuples(index=False)} if trust_index else {}
    prints, recorded = [], []
    now_ns = time.time_ns()
    for path, uri in zip(paths, uris, strict=True):
        stat = stat_file(path)
        entry = index.get(uri)
        if stat is not None and entry is not None and _still(entry, stat):
            prints.append(FileFingerprint(uri, entry.sha256, stat.size))
            continue
        fingerprint = fingerprint_file(path)
        prints.append(fingerprint)
        if stat is not None and fingerprint.sha256:
            recorded.append((uri, fingerprint.sha256, stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode, now_ns))
    columns = ["file_uri", "sha256", "size", "mtime_ns", "ctime_ns", "inode", "recorded_at_ns"]
    record_stats(con, pd.DataFrame(recorded, columns=columns).astype({"file_uri": "string", "sha256": "string"}))
    return prints


def _still(entry, stat: FileStat) -> bool:
    """Whether a file is as its index entry recorded it (and had been for 2 s when recorded)."""
    settled = entry.mtime_ns < entry.recorded_at_ns - RACY_NS
    recorded = (entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode)
    return settled and recorded == (stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode)


def _group(stored: pd.DataFrame, column: str) -> dict[str, list]:
    """Stored document rows grouped by one column."""
    grouped: dict[str, list] = {}
    for row in stored.itertuples(index=False):
        grouped.setdefault(getattr(row, column), []).append(row)
    return grouped


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
    documents = _distinct(documents)
    parsed = parse_documents(documents)
    candidates = [p for p in parsed if p.record is not None]
    validated = validate_documents(candidates)
    positions = {id(p): position for position, p in enumerate(parsed)}
    statuses: dict[int, tuple[str, ParsedDocument]] = {}
    for document in validated.accepted:
        statuses[positions[id(document)]] = ("loaded", document)
    for original, refused in zip(validated.rejected_sources, validated.rejected, strict=True):
        statuses[positions[id(original)]] = ("rejected", refused)
    outcomes, stated = [], []
    for position, document in enumerate(parsed):
        status, document = statuses.get(position, ("rejected", document))
        outcomes.append(_outcome(document, status, document.trial_id))
        stated.append(document.stated_id if status == "loaded" else None)
    return Prepared(outcomes, stated, validated.frames)


def _distinct(documents: list[SourceDocument]) -> list[SourceDocument]:
    """One of each document, the last copy kept (the same content read from two copies of a file is one)."""
    last = {d.document_id: position for position, d in enumerate(documents)}
    if len(last) == len(documents):
        return documents
    return [d for position, d in enumerate(documents) if last[d.document_id] == position]


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
    documents = [
        BatchDocument(o.document_id, o.trial_id, o.format, stated, position)
        for position, (o, stated) in enumerate(zip(outcomes, prepared.stated, strict=True))
        if o.status == "loaded"
    ]
    resolution = resolve(documents, frames, seen_at, view or EmptyWarehouse(), prepare_documents)
    outcomes = [_resolved(o, resolution) for o in outcomes]
    result = BatchResult(
        loaded=[o.document_id for o in outcomes if o.status == "loaded"],
        unchanged=list(prepared.unchanged),
        rejected=[o for o in outcomes if o.status == "rejected"],
        superseded=[o.document_id for o in outcomes if o.status == "superseded"],
        superseded_elsewhere=[u[0] for u in resolution.stored_updates if u[2] == "superseded"],
        warnings=_warnings(resolution.frames.get("parse_warning"), outcomes),
    )
    return BatchWrite(run_id, PARSER_VERSION, seen_at, outcomes, resolution), result


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


def _resolved(outcome: DocumentOutcome, resolution: Resolution) -> DocumentOutcome:
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


def _warnings(frame: pd.DataFrame | None, outcomes: list[DocumentOutcome]) -> list[tuple[str, str, str]]:
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


def load_prepared(
    db_path: Path, prepared: Prepared, run_id: str, seen_at: datetime, candidates: MatchCandidates | None = None
) -> BatchResult:
    """Resolve the batch against the warehouse and write it, in one transaction.

    ``candidates`` are the run's match indexes, kept current here (read afresh when ``None``).
    """
    if not prepared.outcomes:
        return BatchResult(unchanged=list(prepared.unchanged))
    candidates = candidates or MatchCandidates()
    try:
        with write_connection(db_path) as con:
            write, result = plan_write(prepared, run_id, seen_at, WarehouseView(con, candidates))
            write_batch(con, write)
            candidates.refresh(con, write.changes.affected)
    except BaseException:
        candidates.forget()  # they may hold the batch that was not written
        raise
    return result
