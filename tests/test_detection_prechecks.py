"""The detectors' cheap pre-checks skip only documents that could not have matched.

Each detector is compared with its full reading (the code it had before its pre-check, kept
here as the oracle) on every text document under ``tests/data`` and on variants made to sit
at the pre-checks' edges.
"""

import random
import re
from pathlib import Path

import pytest

from tasks.documents import documents_at
from tasks.parsers import ParseError, detect_format, medpath, registry_page, trialexchange_page
from tasks.parsers.decoding import _CONTROL, _CONTROL_CHARS, _control_share
from tasks.parsers.document_text import (
    BOILERPLATE,
    head_lines,
    normalise_layout_text,
    split_lines,
    strip_boilerplate,
)
from tasks.parsers.text import REGISTRY_ID, may_hold_registry_id

DATA = Path(__file__).parent / "data"
EXCHANGE_PAGE = "Trial of X\nTrial end date:\n2024-01-01\nTrial end date:\n2025-01-01\n"


def _texts() -> list[str]:
    """Every text document under ``tests/data``."""
    texts = []
    for path in sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".duckdb"):
        try:
            texts += [d.text for d in documents_at(path) if d.payload is None and d.text]
        except Exception:  # noqa: BLE001 - not a document: nothing to detect
            continue
    return texts


def _variants(text: str) -> list[str]:
    """The text and versions of it at the pre-checks' edges (headings gone, case changed, spaces odd)."""
    lines = text.split("\n")
    return [
        text,
        "\n".join(lines[1:]),
        "\n".join(lines[3:]),
        text.upper(),
        text.lower(),
        "Overview\n" + text,
        "MedPath\n" + text,
        text.replace(" ", "\u00a0").replace("e", "e\u200b"),
        text.replace("\n", "\r\n"),
        "\n".join(line + "  " for line in lines),
    ]


def _exchange_oracle(text: str) -> bool:
    """``trialexchange_page.detect`` without its pre-check."""
    lines = [line.strip() for line in split_lines(text)[:400]]
    labels = [trialexchange_page._label(line) for line in lines]
    if trialexchange_page.OVERVIEW in {line.lower() for line in lines[:5]}:
        return sum(1 for label in labels if label in trialexchange_page.LABELS) >= trialexchange_page.MIN_LABELS
    own = trialexchange_page.OWN_LABELS
    return sum(1 for label in labels if label in own) >= trialexchange_page.MIN_OWN_LABELS


def _medpath_oracle(text: str) -> bool:
    """``medpath.detect`` reading every line and counting every label."""
    lines = [line.strip() for line in split_lines(text)[:400]]
    if "MedPath" in lines[:3]:
        return True
    return sum(1 for line in lines if line.lower() in medpath.LABELS) >= 4


def _registry_oracle(text: str) -> bool:
    """``registry_page.detect`` trying every test in turn."""
    lines = [line.strip().lower() for line in split_lines(text)]
    labels = sum(1 for line in lines if line in registry_page.LABELS)
    has_time_frames = any(registry_page.TIME_FRAME_LINE.match(line) for line in lines)
    study_type = registry_page._has_study_type_value(lines)
    return ("study type" in lines and has_time_frames) or labels >= 4 or study_type


CASES = [variant for text in _texts() for variant in _variants(text)] + _variants(EXCHANGE_PAGE)


@pytest.mark.parametrize(
    ("module", "oracle"),
    [(trialexchange_page, _exchange_oracle), (medpath, _medpath_oracle), (registry_page, _registry_oracle)],
)
def test_a_detector_with_its_precheck_decides_as_its_full_reading(module, oracle):
    assert [module.detect(text) for text in CASES] == [oracle(text) for text in CASES]


def test_a_document_of_each_layout_is_still_detected_as_itself():
    found = set()
    for text in _texts():
        try:
            found.add(detect_format(text).FORMAT)
        except ParseError:  # the folders hold a few files that are no trial
            continue
    assert {"clinicaltrialexchange", "medpath", "registry_page", "ctgov_flat", "ctgov_classic_page"} <= found


def test_a_page_that_fails_the_exchange_precheck_would_not_have_matched():
    skipped = [text for text in CASES if not trialexchange_page._may_have_labels(text)]
    assert skipped and not any(_exchange_oracle(text) for text in skipped)
    # One own label twice is two label lines: the pre-check asks for one label, not two.
    assert trialexchange_page._may_have_labels(EXCHANGE_PAGE) and trialexchange_page.detect(EXCHANGE_PAGE)


def test_head_lines_are_the_first_lines_of_split_lines():
    for text in CASES[:50]:
        for count in (1, 3, 400):
            assert head_lines(text, count) == split_lines(text)[:count]


def test_the_control_characters_are_those_the_pattern_finds():
    assert [chr(c) for c in range(0x10000) if _CONTROL.match(chr(c))] == list(_CONTROL_CHARS)
    assert _control_share("plain text\twith\r\nusual spaces\f") == 0.0
    assert _control_share("ab\x01\x1f") == 0.5


REGISTRY_IDS = [
    "NCT01234567",
    "ChiCTR-IOR-12345678",
    "ChiCTR2000012345",
    "CTR20123456",
    "CTRI/2020/01/012345",
    "ISRCTN12345678",
    "ACTRN12612345678901",
    "jRCTs031190001",
    "UMIN000012345",
    "DRKS00012345",
    "KCT0001234",
    "EUCTR2004-123456-12",
    "2020-512345-12-00",
    "2004-123456-12",
    "NCT٠١٢٣٤٥٦٧",  # Arabic-Indic digits are digits to the pattern
]


def test_every_registry_id_passes_the_id_precheck():
    for registry_id in REGISTRY_IDS:
        text = f"Compare with {registry_id} (a sister study)."
        assert REGISTRY_ID.search(text) and may_hold_registry_id(text), registry_id


def test_a_text_that_fails_the_id_precheck_holds_no_registry_id():
    generator = random.Random(13)
    alphabet = "NCTRIDKSUMEAjs0123456789-/ .٠١٢٣中\ud800"
    texts = ["".join(generator.choice(alphabet) for _ in range(40)) for _ in range(20000)]
    texts += [id_[:-1] + " " + id_[-1] for id_ in REGISTRY_IDS]  # a run of digits cut short
    skipped = [text for text in texts if not may_hold_registry_id(text)]
    assert len(skipped) > 1000 and not any(REGISTRY_ID.search(text) for text in skipped)


def _boilerplate_oracle(text: str) -> str:
    """``strip_boilerplate`` substituting every pattern on every line."""
    text = normalise_layout_text(text)
    present = [pattern for phrase, pattern in BOILERPLATE if phrase in text.lower()]
    if not present:
        return text
    lines = []
    for line in split_lines(text):
        cleaned = line
        for pattern in present:
            cleaned = pattern.sub("", cleaned)
        if cleaned != line:
            cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).rstrip()
            if not cleaned.strip():
                continue
        lines.append(cleaned)
    return "\n".join(lines)


SPLICED = (
    "Title\nThis platform is for informational purposes only.\nAlways consult a qualified healthcare professional.\n"
    "A summary that runs on This platform is for informational purposes only. Always consult x. and goes on\n"
    "Always consult a qual© Copyright 2024 MedPath\nified healthcare professional. Read our disclaimer for details\n"
    "  © copyright   \n\nThe safety and scientific validity of this study is the responsibility of the sponsor.\n"
    "Listing a study does not mean it has been evaluated. Kept.   \n"
)


def test_boilerplate_is_cut_from_the_same_lines_as_line_by_line():
    spliced = [SPLICED, SPLICED.upper(), SPLICED.replace("\n", "\r\n"), SPLICED.replace("purposes", "purpoſes")]
    spliced += [
        SPLICED + "İ",
        "İ" * 80 + "\n" + SPLICED,
        SPLICED.replace("Copyright", "COPYRİGHT"),
        SPLICED.replace("©", "(c)"),
    ]
    texts = [text for text in _texts() if text.strip()] + spliced
    for text in texts + [variant for page in texts[:20] + spliced for variant in _variants(page)]:
        assert strip_boilerplate(text) == _boilerplate_oracle(text)
