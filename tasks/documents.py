"""Find document files, read them, and fingerprint each document before any parsing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tasks.archives import is_archive, members
from tasks.parsers.containers import split_records
from tasks.parsers.decoding import decode_document
from tasks.parsers.records import ParseError, SourceDocument

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}
READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileFingerprint:
    """A file's path, sha256 and size, taken before anything is decoded."""

    uri: str
    sha256: str | None  # None: the file could not be read
    size: int


class FileStat(NamedTuple):
    """What ``stat`` says of a file: enough to tell that it has not changed since it was hashed.

    A tuple, as a no-op run makes one per file (100,000 at a time).
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def stat_file(path: str | Path) -> FileStat | None:
    """The file's size, mtime and inode, or ``None`` when it cannot be stat'ed (it vanished)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return FileStat(found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


class InputError(ValueError):
    """A path given on the command line cannot be read."""


@dataclass(frozen=True)
class Discovery:
    """The document files under the paths given, and the folders that could not be listed."""

    files: list[str]  # absolute paths, in path order; strings, as 100,000 Path objects cost a second
    skipped: list[tuple[str, str]]  # folder, why it could not be listed


def discover_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted list of absolute file paths.

    Raises:
        InputError: for a path that does not exist.
    """
    return [Path(file) for file in discover(paths).files]


def discover(paths: Iterable[str | Path], passed_over: Collection[str] = frozenset()) -> Discovery:
    """Expand files and folders (recursively); a subfolder that cannot be listed is skipped and named.

    Args:
        paths: Files and folders given.
        passed_over: Absolute paths of files and folders that a folder's walk leaves out (the
            warehouse's own files, when it lies in a folder being ingested); a file given by
            name is always read.

    Raises:
        InputError: for a path that does not exist.
    """
    found: set[str] = set()
    skipped: list[tuple[str, str]] = []
    for path in check_paths(paths):
        if path.is_dir():
            found.update(_files_under(path.resolve(), skipped, passed_over))
        else:
            found.add(str(path.resolve()))
    return Discovery(sorted(found, key=_path_order), skipped)


def _path_order(path: str) -> str:
    """Order paths as :mod:`pathlib` does: component by component ("a/b" before "a-b/c").

    The separator becomes the lowest character, which no name holds, so that comparing the
    strings compares their components in turn.
    """
    return path.replace(os.sep, "\0")


def check_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The paths given, each checked to exist.

    Raises:
        InputError: for a path that does not exist.
    """
    checked = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise InputError(f"no such file or folder: {raw}")
        checked.append(path)
    return checked


def _files_under(folder: Path, skipped: list[tuple[str, str]], passed_over: Collection[str]) -> Iterator[str]:
    """Document files under ``folder``, skipping hidden files and folders (``.git``), OS litter and ``passed_over``.

    A subfolder that cannot be listed is added to ``skipped`` with the reason, and the
    walk goes on: one unreadable folder must not stop a run over the others.

    ``os.scandir`` knows each entry's type without a ``stat``, which matters at 100k files;
    only symbolic links are resolved, to their targets.
    """
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            entries = os.scandir(current)
        except OSError as error:
            skipped.append((current, f"cannot list folder: {error.strerror or error}"))
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name in SKIPPED_NAMES or entry.path in passed_over:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file():
                    if not entry.is_symlink():
                        yield entry.path
                    elif not _within(target := os.path.realpath(entry.path), passed_over):
                        yield target  # (a link to the warehouse, or into its run reports, is passed over too)


def _within(path: str, passed_over: Collection[str]) -> bool:
    """Whether ``path`` is one of ``passed_over`` or lies in one of them."""
    return bool(passed_over) and any(str(p) in passed_over for p in (Path(path), *Path(path).parents))


def document_id_for(sha256: str) -> str:
    """A document's id: its content hash (a moved, renamed or copied file is the same document)."""
    return sha256[:20]


def unreadable_id(uri: str) -> str:
    """The id under which a run reports a file it could not read (it has no content to hash)."""
    return "unreadable-" + hashlib.sha256(uri.encode("utf-8")).hexdigest()[:16]


def read_documents(paths: list[Path]) -> list[SourceDocument]:
    """Read and hash each file; decoding problems become the document's error."""
    return [document for path in paths for document in documents_at(path)]


def documents_at(path: Path) -> list[SourceDocument]:
    """The documents of one file; a file that cannot be read is one document with an error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [_unreadable(str(path), f"cannot read file: {error.strerror or error}")]
    return documents_in_file(str(path), data)


def fingerprint_file(path: str | Path) -> FileFingerprint:
    """Read and hash one file without keeping its bytes (an unreadable file has no sha256)."""
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return FileFingerprint(str(path), None, 0)
    return FileFingerprint(str(path), digest.hexdigest(), size)


def documents_in_file(uri: str, data: bytes) -> list[SourceDocument]:
    """Split one file's bytes into documents (``uri#index`` for each record of a container).

    The files of an archive are read as their own files (``uri#name``, and ``uri#name#index``
    for the records of a container among them); every document names the archive as its file.
    """
    sha = hashlib.sha256(data).hexdigest()
    if not is_archive(data):
        return _documents(uri, data, sha, uri, sha)
    try:
        found = members(data)
    except ParseError as error:
        return [_rejected(uri, sha, str(error))]
    documents = []
    for member in found:
        member_uri = f"{uri}#{member.name}" if member.name else uri
        documents += _documents(member_uri, member.data, hashlib.sha256(member.data).hexdigest(), uri, sha)
    return documents or [_rejected(uri, sha, "archive without documents")]


def _documents(uri: str, data: bytes, sha: str, file_uri: str, file_sha: str) -> list[SourceDocument]:
    """The documents of one file's (or archive member's) bytes, whose sha256 is ``sha``."""
    try:
        records = split_records(decode_document(data))
    except ParseError as error:
        return [_rejected(uri, sha, str(error), file_uri, file_sha)]
    documents = []
    for record in records:
        record_uri = uri if record.index is None else f"{uri}#{record.index}"
        record_sha = sha if record.index is None else hashlib.sha256(record.raw.encode("utf-8")).hexdigest()
        documents.append(
            SourceDocument(
                document_id_for(record_sha),
                record_uri,
                record_sha,
                record.raw,
                None,
                record.format,
                record.payload,
                file_uri=file_uri,
                file_sha256=file_sha,
            )
        )
    return documents


def _rejected(
    uri: str, sha: str, reason: str, file_uri: str | None = None, file_sha: str | None = None
) -> SourceDocument:
    """A document that cannot be read as text or split into records, with the reason."""
    return SourceDocument(
        document_id_for(sha), uri, sha, None, reason, file_uri=file_uri or uri, file_sha256=file_sha or sha
    )


def _unreadable(uri: str, reason: str) -> SourceDocument:
    """A file whose bytes could not be read at all: reported, and it changes nothing stored.

    It has no content, so no sha256 (an empty string) and no document identity.
    """
    return SourceDocument(unreadable_id(uri), uri, "", None, reason, file_uri=uri)


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
        documents.append(SourceDocument(document_id_for(sha), uri, sha, raw, None, "ctgov_json", study))
    return documents


def _nct_id(study: object) -> str | None:
    """The NCT id of a study object, if it has one."""
    try:
        return str(study["protocolSection"]["identificationModule"]["nctId"])  # type: ignore[index]
    except (KeyError, TypeError):
        return None
