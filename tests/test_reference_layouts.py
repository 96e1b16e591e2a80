"""Every file of the reference folder is detected as its true layout, or rejected for a stated reason.

tests/data/ctgov holds a copy of every file the reference folder's MANIFEST lists
(checked by hash below), so the whole folder is covered without reaching outside
the repository.
"""

import fnmatch
import hashlib
import json
import re
from collections import Counter

import pytest
from conftest import CTGOV
from defusedxml.ElementTree import fromstring

from tasks.documents import discover_files, documents_in_file
from tasks.pipeline import parse_documents

# Where the repository keeps each reference folder (the manifest's paths are the reference folder's).
REPO_FOLDERS = {
    "api_v2/studies/": "studies/",
    "api_v2/pages/biomcp_ctgov_capture_receipts.json": "not_trials/biomcp_ctgov_capture_receipts.json",
    "api_v2/pages/": "pages/",
    "api_v2/more_studies/": "more_studies/",
    "api_v2/website_json_export/": "website_json_export/",
    "api_v2/schema/": "not_trials/",
}
# Path pattern → the layout every document of the file has, or the reason the file is rejected.
EXPECTED = [
    ("studies/*.json", "ctgov_json"),
    ("pages/*.json", "ctgov_json"),
    ("more_studies/*.json", "ctgov_json"),
    ("website_json_export/*.json", "ctgov_json"),
    ("csv_export/*.csv", "ctgov_csv"),
    ("legacy/xml/*.xml", "ctgov_xml"),
    ("legacy/api_v1_fullstudies/*.json", "ctgov_v1"),
    ("legacy/classic_tsv/*.tsv", "ctgov_tsv"),
    ("aggregator_pages/medpath_*.txt", "medpath"),
    ("aggregator_pages/classic_clinicaltrials_gov_*.txt", "ctgov_classic_page"),
    ("aggregator_pages/clinicaltrialexchange_*.txt", "clinicaltrialexchange"),
    ("not_trials/*.yaml", "rejected: unrecognized format"),
    ("not_trials/*.json", "rejected: unrecognized format (JSON without ClinicalTrials.gov studies)"),
    ("MANIFEST.json", "rejected: unrecognized format (JSON without ClinicalTrials.gov studies)"),
]
# Independent of the parser: a heading opens a line (after a bullet or up to two words such as "Key")
# and may carry content after its colon or full stop; placeholders are not content.
HEADING = re.compile(
    r"^[\W_]*(?:\w+\s+){0,2}?(?P<kind>inclusion|exclusion)\s+criteria\b[^\n:.]{0,40}[:.]?(?P<rest>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
PLACEHOLDER = re.compile(r"^[\W_]*(?:none|nil|n/?a|not applicable)?[\W_]*$", re.IGNORECASE)


def repo_path(manifest_path):
    for prefix, folder in REPO_FOLDERS.items():
        if manifest_path.startswith(prefix):
            return CTGOV / (folder + manifest_path[len(prefix) :] if prefix.endswith("/") else folder)
    return CTGOV / manifest_path


def expected_layout(relative):
    matches = [layout for pattern, layout in EXPECTED if fnmatch.fnmatch(relative, pattern)]
    assert len(matches) == 1, relative
    return matches[0]


def test_the_repository_holds_every_reference_file_unchanged():
    manifest = json.loads((CTGOV / "MANIFEST.json").read_text())
    for entry in manifest["files"]:
        path = repo_path(entry["file"])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["file"]
    assert len(manifest["files"]) == 414


@pytest.fixture(scope="module")
def parsed_by_file():
    found = {}
    for path in discover_files([CTGOV]):
        found[path.relative_to(CTGOV).as_posix()] = parse_documents(documents_in_file(str(path), path.read_bytes()))
    return found


def test_every_file_is_detected_as_its_true_layout(parsed_by_file):
    assert len(parsed_by_file) == 415  # the manifest's 414 files and the manifest itself
    for relative, parsed in parsed_by_file.items():
        expected = expected_layout(relative)
        if expected.startswith("rejected: "):
            assert [(p.format, p.error) for p in parsed] == [(None, expected.removeprefix("rejected: "))], relative
        else:
            assert {(p.format, p.error) for p in parsed} == {(expected, None)}, relative
    layouts = Counter(p.format for parsed in parsed_by_file.values() for p in parsed if p.format)
    assert layouts == {
        "ctgov_json": 579,
        "ctgov_csv": 245,
        "ctgov_tsv": 40,
        "ctgov_xml": 3,
        "ctgov_v1": 2,
        "medpath": 2,
        "ctgov_classic_page": 1,
        "clinicaltrialexchange": 1,
    }


def eligibility_text(document):
    payload, text = document.source.payload, document.source.text
    if document.format == "ctgov_json":
        return payload["protocolSection"].get("eligibilityModule", {}).get("eligibilityCriteria", "")
    if document.format == "ctgov_v1":
        return payload["ProtocolSection"].get("EligibilityModule", {}).get("EligibilityCriteria", "")
    if document.format == "ctgov_xml":
        return fromstring(text.split("?>", 1)[1]).findtext("eligibility/criteria/textblock") or ""
    return None


def stated_kinds(text):
    """The kinds whose heading has content under it (up to the next heading)."""
    headings = list(HEADING.finditer(text))
    kinds = set()
    for heading, following in zip(headings, [*headings[1:], None], strict=False):
        under = heading.group("rest") + text[heading.end() : following.start() if following else len(text)]
        if any(not PLACEHOLDER.match(line) for line in under.splitlines()):
            kinds.add(heading.group("kind").lower())
    return kinds


def test_every_study_gets_a_criterion_of_each_kind_its_text_states(parsed_by_file):
    checked = 0
    for parsed in parsed_by_file.values():
        for document in parsed:
            text = eligibility_text(document)
            if text is None or not stated_kinds(text):
                continue
            checked += 1
            got = {c.kind for c in document.record.criteria}
            assert stated_kinds(text) <= got, (document.record.registry_id, stated_kinds(text) - got)
    assert checked == 557
