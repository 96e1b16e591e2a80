"""Archives that hold documents: a ZIP of study files, or one gzipped file.

ClinicalTrials.gov hands out many records at once as a ZIP archive (the website's downloads of
a search's studies, one JSON or XML file per study), and large downloads are often kept
gzipped. Their members are read as the files they would be once unpacked. Members of an
archive are not unpacked further, and an archive too large to hold in memory is refused with
the way round it: unpack it and ingest the folder.
"""

from __future__ import annotations

import gzip
import io
import lzma
import zipfile
import zlib
from typing import NamedTuple

from tasks.parsers.records import ParseError

MAX_ARCHIVE_BYTES = 256 * 1024 * 1024  # unpacked (about 12,000 API studies): a batch holds its members in memory
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
_LITTER = ("__MACOSX/", ".DS_Store", "Thumbs.db")


class Member(NamedTuple):
    """One file of an archive: its name inside it (empty for a gzipped file) and its bytes."""

    name: str
    data: bytes


def is_archive(data: bytes) -> bool:
    """Whether ``data`` opens as a ZIP archive or a gzip stream."""
    return data.startswith((ZIP_MAGIC, GZIP_MAGIC))


def members(data: bytes) -> list[Member]:
    """The files of an archive, in name order (folders, hidden files and OS litter left out).

    Raises:
        ParseError: for a damaged or encrypted archive, or one that unpacks to more than
            :data:`MAX_ARCHIVE_BYTES`.
    """
    return _gzip_member(data) if data.startswith(GZIP_MAGIC) else _zip_members(data)


# What a damaged archive raises, by compression method: the whole archive is refused, naming why.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, lzma.LZMAError, OSError, ValueError)


def _zip_members(data: bytes) -> list[Member]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = sorted((i for i in archive.infolist() if _is_document(i)), key=lambda i: i.filename)
            _check_size(sum(i.file_size for i in files))
            # A member reads at most its stated size, so the check above bounds the memory used.
            return [Member(i.filename, archive.read(i)) for i in files]
    except _DAMAGED as error:  # UnicodeDecodeError (a name flagged UTF-8 that is not) is a ValueError
        raise ParseError(f"invalid ZIP archive: {error}") from None
    except (RuntimeError, NotImplementedError) as error:  # an encrypted member, an unknown compression
        raise ParseError(f"cannot read ZIP archive: {error}") from None


def _is_document(info: zipfile.ZipInfo) -> bool:
    """Whether an archive entry is a file to read (not a folder, a hidden file or OS litter)."""
    name = info.filename
    hidden = any(part.startswith(".") and part not in (".", "..") for part in name.split("/"))
    return not info.is_dir() and not hidden and not any(litter in name for litter in _LITTER)


def _gzip_member(data: bytes) -> list[Member]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(MAX_ARCHIVE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ParseError(f"invalid gzip file: {error}") from None
    _check_size(len(unpacked))
    return [Member("", unpacked)]


def _check_size(unpacked: int) -> None:
    if unpacked > MAX_ARCHIVE_BYTES:
        raise ParseError(
            f"archive unpacks to more than {MAX_ARCHIVE_BYTES // 2**20} MB: unpack it and ingest the folder"
        )
