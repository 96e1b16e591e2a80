"""Which files and documents changed since the warehouse last processed them.

A file's sha256 comes from the stat index when its stat is unchanged (:func:`file_fingerprints`);
a file or document is unchanged when the warehouse holds its content processed by the current
parser version (:func:`unchanged_contents`, :func:`split_unchanged`).
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from tasks.documents import FileFingerprint, FileStat, fingerprint_file, stat_file
from tasks.parsers import PARSER_VERSION
from tasks.parsers.records import SourceDocument
from warehouse.connection import write_connection
from warehouse.fingerprints import known_contents, known_documents, known_stats, record_stats

RACY_NS = 2_000_000_000  # a stat index entry counts if the file was 2 s old when recorded
STAT_COLUMNS = ["file_uri", "sha256", "size", "mtime_ns", "ctime_ns", "inode", "recorded_at_ns"]


def file_fingerprints(con, paths: list[Path], trust_index: bool) -> list[FileFingerprint]:
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
    stats = pd.DataFrame(recorded, columns=STAT_COLUMNS).astype({"file_uri": "string", "sha256": "string"})
    record_stats(con, stats)
    return prints


def _still(entry, stat: FileStat) -> bool:
    """Whether a file is as its index entry recorded it (and had been for 2 s when recorded)."""
    settled = entry.mtime_ns < entry.recorded_at_ns - RACY_NS
    recorded = (entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode)
    return settled and recorded == (stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode)


def unchanged_contents(
    con, prints: list[FileFingerprint]
) -> tuple[list[FileFingerprint], list[str], list[tuple[str, str]]]:
    """Split files into those to process and the ids of the unchanged documents they hold.

    A file is unchanged when the warehouse holds documents read from this very content (by
    its sha256, wherever the file was then) and processed them with the current parser
    version. Also returns ``(sha256, uri)`` of each unchanged file found at a new path.
    """
    by_content = grouped(known_contents(con, [p.sha256 for p in prints if p.sha256]), "file_sha256")
    changed, unchanged, moves = [], [], []
    for fingerprint in prints:
        documents = by_content.get(fingerprint.sha256, [])
        if documents and all(d.parser_version == PARSER_VERSION for d in documents):
            unchanged += [d.document_id for d in documents]
            if any(d.file_uri != fingerprint.uri for d in documents):
                moves.append((fingerprint.sha256, fingerprint.uri))
        else:
            changed.append(fingerprint)
    return changed, unchanged, moves


def grouped(stored: pd.DataFrame, column: str) -> dict[str, list]:
    """Stored document rows grouped by one column."""
    groups: dict[str, list] = {}
    for row in stored.itertuples(index=False):
        groups.setdefault(getattr(row, column), []).append(row)
    return groups


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
    return split_unchanged(documents, stored)


def split_unchanged(
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
