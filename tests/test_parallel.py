"""Parsing across worker processes gives exactly the serial result, in order."""

from conftest import CTGOV, SEEDS

from tasks.documents import documents_in_file
from tasks.parallel import PARALLEL_THRESHOLD, parse_in_parallel
from tasks.pipeline import parse_documents


def test_parallel_parse_equals_serial_parse(monkeypatch):
    monkeypatch.setenv("TRIALS_PARSE_WORKERS", "2")
    documents = []
    for path in sorted(SEEDS.glob("*.txt")):
        documents += documents_in_file(str(path), path.read_bytes())
    export = CTGOV / "website_json_export" / "ctg-studies_export_2023-11-07_100studies.json"
    documents += documents_in_file(str(export), export.read_bytes())
    batch = (documents * (PARALLEL_THRESHOLD // len(documents) + 1))[: PARALLEL_THRESHOLD + 5]
    parallel = parse_in_parallel(batch)
    assert [(p.source.uri, p.format, p.record, p.error) for p in parallel] == [
        (p.source.uri, p.format, p.record, p.error) for p in parse_documents(batch)
    ]
