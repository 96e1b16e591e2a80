"""Find document files, read them, and fingerprint each document before any parsing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from tasks.parsers.containers import split_records
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
        documents += documents_in_file(uri, data)
    return documents


def documents_in_file(uri: str, data: bytes) -> list[SourceDocument]:
    """Split one file's bytes into documents (``uri#index`` for each record of a container)."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        records = split_records(decode_document(data))
    except ParseError as error:
        return [SourceDocument(document_id_for(uri), uri, sha, None, str(error))]
    documents = []
    for record in records:
        record_uri = uri if record.index is None else f"{uri}#{record.index}"
        record_sha = sha if record.index is None else hashlib.sha256(record.raw.encode("utf-8")).hexdigest()
        documents.append(
            SourceDocument(
                document_id_for(record_uri), record_uri, record_sha, record.raw, None, record.format, record.payload
            )
        )
    return documents


def _unreadable(uri: str, reason: str) -> SourceDocument:
    """A document whose bytes could not be read at all."""
    return SourceDocument(document_id_for(uri), uri, hashlib.sha256(b"").hexdigest(), None, reason)


def api_document_uri(nct_id: str) -> str:
    """The uri of a study fetched from the API: stable whatever the query or base URL."""
    return f"ctgov:{nct_id}"


def documents_from_studies(studies: list[dict]) -> list[SourceDocument]:
    """Turn API study objects into documents (content hash over canonical JSON)."""
    documents = []
    for index, study in enumerate(studies):
        raw = json.dumps(study, ensure_ascii=False, separators=(",", ":"))
        nct_id = _nct_id(study) or f"unknown-{index}"
        uri = api_document_uri(nct_id)
        sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        documents.append(SourceDocument(document_id_for(uri), uri, sha, raw, None, "ctgov_json", study))
    return documents


def _nct_id(study: object) -> str | None:
    """The NCT id of a study object, if it has one."""
    try:
        return str(study["protocolSection"]["identificationModule"]["nctId"])  # type: ignore[index]
    except (KeyError, TypeError):
        return None
