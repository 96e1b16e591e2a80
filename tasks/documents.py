"""Find document files, read them, and fingerprint each document before any parsing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from tasks.parsers.decoding import decode_document
from tasks.parsers.records import ParseError, SourceDocument

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


class InputError(ValueError):
    """A path given on the command line cannot be read."""


def discover_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted list of absolute file paths.

    Raises:
        InputError: for a path that does not exist.
    """
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise InputError(f"no such file or folder: {raw}")
        if path.is_dir():
            found.update(p.resolve() for p in path.rglob("*") if _is_document_file(p))
        else:
            found.add(path.resolve())
    return sorted(found)


def _is_document_file(path: Path) -> bool:
    """Skip folders, hidden files and OS litter inside folders."""
    return path.is_file() and not path.name.startswith(".") and path.name not in SKIPPED_NAMES


def document_id_for(uri: str) -> str:
    """The stable id of the document at ``uri``."""
    return hashlib.sha256(uri.encode("utf-8")).hexdigest()[:20]


def read_documents(paths: list[Path]) -> list[SourceDocument]:
    """Read and hash each file; decoding problems become the document's error."""
    documents = []
    for path in paths:
        uri = str(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            documents.append(_unreadable(uri, f"cannot read file: {error.strerror or error}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        try:
            documents.append(SourceDocument(document_id_for(uri), uri, sha, decode_document(data)))
        except ParseError as error:
            documents.append(SourceDocument(document_id_for(uri), uri, sha, None, str(error)))
    return documents


def _unreadable(uri: str, reason: str) -> SourceDocument:
    """A document whose bytes could not be read at all."""
    return SourceDocument(document_id_for(uri), uri, hashlib.sha256(b"").hexdigest(), None, reason)
