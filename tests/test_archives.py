"""ZIP archives of study files and gzipped files read as the files they hold.

ClinicalTrials.gov hands out many records at once as a ZIP (one JSON or XML file per study);
before, such an archive was rejected whole as "binary content".
"""

import gzip
import io
import zipfile

import pytest
from conftest import CTGOV, query_rows

from tasks import archives
from tasks.documents import documents_at, documents_in_file
from tasks.pipeline import parse_documents

STUDIES = sorted((CTGOV / "studies").glob("*.json"))[:4]
XML = sorted((CTGOV / "legacy" / "xml").glob("*.xml"))


def _zip(files, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("studies/", b"")  # a folder entry
        for path in files:
            archive.write(path, f"studies/{path.name}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_study_files_gives_each_file_s_documents_under_the_archive():
    data = _zip(STUDIES + XML, {"__MACOSX/studies/._NCT1.json": b"\x00\x05", "studies/.hidden.json": b"{}"})
    documents = documents_in_file("/in/ctg-studies.zip", data)
    loose = [d for path in STUDIES + XML for d in documents_at(path)]
    assert [d.uri for d in documents] == [f"/in/ctg-studies.zip#studies/{p.name}" for p in sorted(STUDIES + XML, key=lambda p: p.name)]
    # The same content is the same document, in an archive or not; the file is the archive.
    assert sorted(d.document_id for d in documents) == sorted(d.document_id for d in loose)
    assert {d.file_uri for d in documents} == {"/in/ctg-studies.zip"}
    parsed = parse_documents(documents)
    assert all(p.error is None for p in parsed)
    assert {p.format for p in parsed} == {"ctgov_json", "ctgov_xml"}


def test_a_gzipped_json_page_gives_one_document_per_study():
    page = (CTGOV / "website_json_export" / "ctg-studies_export_2023-06-28_10studies.json").read_bytes()
    documents = documents_in_file("/in/page.json.gz", gzip.compress(page))
    assert len(documents) == 10
    assert [d.document_id for d in documents] == [d.document_id for d in documents_in_file("/in/page.json", page)]
    assert documents[0].uri == "/in/page.json.gz#0"


def _damaged(method: int) -> bytes:
    """A ZIP whose one member's compressed bytes are corrupted (its headers intact)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("study.json", STUDIES[0].read_bytes())
    data = bytearray(buffer.getvalue())
    start = 30 + len("study.json")  # the member's local header, then its data
    data[start + 20 : start + 60] = b"\x00" * 40
    return bytes(data)


def test_a_member_named_with_a_leading_dot_slash_is_read():
    [document] = documents_in_file("/in/a.zip", _zip([], {"./study.json": STUDIES[0].read_bytes()}))
    assert document.uri == "/in/a.zip#./study.json" and document.error is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_damaged(zipfile.ZIP_BZIP2), "invalid ZIP archive"),
        (_damaged(zipfile.ZIP_LZMA), "invalid ZIP archive"),
        (b"PK\x03\x04 not really a zip", "invalid ZIP archive"),
        (b"\x1f\x8b\x08\x00 truncated gzip", "invalid gzip file"),
        (_zip([], {"__MACOSX/._x": b"x"}), "archive without documents"),
    ],
)
def test_a_damaged_or_empty_archive_is_rejected_with_its_reason(data, reason):
    [document] = documents_in_file("/in/bad.zip", data)
    assert document.error is not None and document.error.startswith(reason)
    assert document.text is None


def test_an_archive_that_unpacks_too_large_is_refused_with_the_way_round(monkeypatch):
    monkeypatch.setattr(archives, "MAX_ARCHIVE_BYTES", 50_000)
    [document] = documents_in_file("/in/big.zip", _zip(STUDIES))
    assert "unpack it and ingest the folder" in document.error


@pytest.mark.usefixtures("prefect_harness")
def test_an_ingested_archive_loads_its_studies_and_reruns_as_unchanged(tmp_path):
    from flows.ingest import ingest_documents

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ctg-studies.zip").write_bytes(_zip(STUDIES))
    db = tmp_path / "w.duckdb"
    first = ingest_documents(paths=[str(inbox)], db=str(db))
    assert first.counts.as_dict() == {
        "documents_seen": 4, "loaded": 4, "unchanged": 0, "rejected": 0, "superseded": 0
    }  # fmt: skip
    assert query_rows(db, "SELECT count(*) FROM trial")[0][0] == 4
    again = ingest_documents(paths=[str(inbox)], db=str(db))
    assert again.counts.loaded == 0 and again.counts.unchanged == 4
    # Renamed, the archive's documents keep their member names under the new path.
    (inbox / "ctg-studies.zip").rename(inbox / "renamed.zip")
    moved = ingest_documents(paths=[str(inbox)], db=str(db))
    assert moved.counts.unchanged == 4
    uris = {row[0] for row in query_rows(db, "SELECT uri FROM source_document")}
    assert uris == {f"{inbox / 'renamed.zip'}#studies/{path.name}" for path in STUDIES}
