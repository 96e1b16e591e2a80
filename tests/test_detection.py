"""Formats are detected from content; anything else is rejected with a reason."""

import pytest
from conftest import seed_path, seed_text

from tasks.documents import documents_in_file
from tasks.parsers import ParseError, detect_format, parse_text
from tasks.parsers.decoding import decode_document
from tasks.pipeline import parse_documents


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("000", "ctgov_flat"),
        ("001", "medpath"),
        ("002", "registry_page"),
        ("003", "ctgov_flat"),
        ("004", "ctgov_flat"),
    ],
)
def test_each_seed_is_detected_from_its_content(number, expected):
    assert detect_format(seed_text(number)).FORMAT == expected


def test_detection_ignores_the_file_name(tmp_path):
    renamed = tmp_path / "medpath_page.csv"
    renamed.write_text(seed_text("004"))
    assert parse_text(decode_document(renamed.read_bytes()))[0] == "ctgov_flat"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document"),
        (b"   \n\n", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content (NUL bytes), not text"),
        (b"Dear diary,\nToday I went for a walk in the park.\nIt was sunny.\n", "unrecognized format"),
        (b"Title only\n", "unrecognized format"),
    ],
)
def test_bad_documents_are_rejected_with_a_reason(data, reason):
    with pytest.raises(ParseError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_text(decode_document(data))


def test_encodings_and_line_endings_are_normalised():
    original = seed_path("004").read_bytes()
    for variant in (
        b"\xef\xbb\xbf" + original,
        original.replace(b"\n", b"\r\n"),
        original.decode("utf-8").encode("utf-16"),
    ):
        fmt, record = parse_text(decode_document(variant))
        assert fmt == "ctgov_flat" and len(record.endpoints) == 19


def test_an_sql_file_with_time_words_is_not_guessed_to_be_a_trial():
    from pathlib import Path

    queries = Path(__file__).resolve().parent.parent / "examples" / "queries.sql"
    with pytest.raises(ParseError, match="unrecognized format"):
        parse_text(queries.read_text())


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Trial</title></head><body><p>Phase 2</p></body></html>",
        "<!DOCTYPE html>\n<html lang='en'>\n<body>Study Type\nInterventional\n</body></html>",
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss><channel><title>Trials</title></channel></rss>',
        "<!-- exported -->\n<study><title>X</title></study>",
    ],
)
def test_markup_that_is_not_a_known_layout_is_rejected_as_markup(markup):
    with pytest.raises(ParseError, match=r"unrecognized format: markup"):
        parse_text(markup)


def test_markup_above_a_flat_export_is_not_read_as_its_title():
    with pytest.raises(ParseError, match="markup"):
        parse_text('<?xml version="1.0"?>\n<note/>\n' + seed_text("004"))


@pytest.mark.parametrize("prefix", ["[Phase 2] ", "[18F]FDG-PET ", "{Draft} ", "[ "])
def test_a_flat_export_whose_title_opens_with_a_bracket_loads_as_text(prefix):
    documents = documents_in_file("/x.txt", (prefix + seed_text("004")).encode())
    (parsed,) = parse_documents(documents)
    assert (parsed.format, parsed.error) == ("ctgov_flat", None)
    assert parsed.record.title.startswith(prefix.strip()) and len(parsed.record.endpoints) == 19


def test_broken_json_is_still_reported_as_invalid_json():
    (parsed,) = parse_documents(documents_in_file("/x.json", b'[{"protocolSection": {"identificationModule": '))
    assert parsed.error.startswith("invalid JSON")
