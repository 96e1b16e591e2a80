"""Real ClinicalTrials.gov JSON and CSV downloads: every study parses, counts match the JSON."""

import csv
import io
import json
import re
from datetime import date

import pytest
from conftest import CTGOV

from benchmarks.outcome_split_accuracy import iter_studies, render
from tasks.documents import discover_files, documents_in_file, read_documents
from tasks.parsers import ctgov_json
from tasks.parsers.text import date_value
from tasks.pipeline import parse_documents

JSON_DIRS = [CTGOV / "studies", CTGOV / "website_json_export", CTGOV / "pages"]
CSV_FILE = CTGOV / "csv_export" / "ctg-studies_export_heme_CART_245rows_2025-04.csv"
# Independent of the parser: a list item is a line opening with a bullet, a number or a letter marker
# (a dash or bullet may touch its text: "-Acute myeloid leukaemia"); a bulleted heading is no item.
LIST_ITEM = re.compile(
    r"^\s*(?:(?:[*\-•·]|\(?\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)])\s+|[\-•](?=[A-Za-z]))"
    r"(?!(?:Inclusion|Exclusion) Criteria:)\S",
    re.M,
)
# Studies whose criteria are paragraphs, not list items: (inclusion, exclusion) counted by hand.
PROSE_CRITERIA = {"NCT05464836": (6, 10)}


def studies_by_id():
    return {s["protocolSection"]["identificationModule"]["nctId"]: s for d in JSON_DIRS for s in iter_studies(d)}


def parsed_json_documents():
    documents = read_documents(discover_files(JSON_DIRS))
    return parse_documents(documents)


def test_every_distinct_real_study_parses_with_counts_equal_to_its_json():
    parsed = parsed_json_documents()
    assert [p.error for p in parsed if p.error] == []
    assert len({p.record.registry_id for p in parsed}) == len(studies_by_id()) == 194
    for document in parsed:  # each document against its own JSON (one NCT id may come in two versions)
        protocol, record = document.source.payload["protocolSection"], document.record
        nct = record.registry_id
        arms = protocol.get("armsInterventionsModule", {})
        outcomes = protocol.get("outcomesModule", {})
        assert len(record.arms) == len(arms.get("armGroups", [])), nct
        assert len(record.interventions) == len(arms.get("interventions", [])), nct
        for key, kind in ctgov_json.OUTCOME_KEYS:
            assert sum(e.kind == kind for e in record.endpoints) == len(outcomes.get(key, [])), (nct, kind)
        assert len(record.sites) == len(protocol.get("contactsLocationsModule", {}).get("locations", [])), nct
        criteria_text = protocol.get("eligibilityModule", {}).get("eligibilityCriteria", "")
        if nct in PROSE_CRITERIA:
            kinds = [c.kind for c in record.criteria]
            assert (kinds.count("inclusion"), kinds.count("exclusion")) == PROSE_CRITERIA[nct]
        else:
            assert len(record.criteria) == len(LIST_ITEM.findall(criteria_text)), nct


def test_json_fields_map_to_the_record():
    study = json.loads((CTGOV / "studies" / "NCT05594173.json").read_text())
    record = ctgov_json.parse_study(study)
    assert (record.registry_id, record.study_type, record.overall_status, record.sex) == (
        "NCT05594173",
        "OBSERVATIONAL",
        "COMPLETED",
        "ALL",
    )
    assert (record.minimum_age, record.maximum_age, record.enrollment) == ("18 Years", "60 Years", 20)
    assert record.sites[0].city == "Toronto" and record.sites[0].country == "Canada"


def test_phases_join_and_arms_link_to_interventions_both_ways():
    assert ctgov_json.join_phases(["PHASE2", "PHASE1"]) == "PHASE1/PHASE2"
    assert ctgov_json.join_phases([]) is None
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT00000001"},
            "statusModule": {"startDateStruct": {"date": "2023-06"}},
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": "Cohort A", "type": "EXPERIMENTAL", "interventionNames": ["Biological: CAR-T"]}
                ],
                "interventions": [{"type": "BIOLOGICAL", "name": "CAR-T"}],
            },
            "eligibilityModule": {
                "eligibilityCriteria": (
                    "Key Inclusion Criteria:\n\n* Age \\> 18\n* ECOG 0-1\n  * measured at screening\n\n"
                    "Key Exclusion Criteria:\n\n1. Prior BCMA therapy \\[any\\]\n"
                )
            },
        }
    }
    record = ctgov_json.parse_study(study)
    assert record.arms[0].intervention_names == ("CAR-T",)
    assert record.interventions[0].arm_labels == ("Cohort A",)
    assert record.start_date == "2023-06"
    assert [(c.kind, c.text, c.parent) for c in record.criteria] == [
        ("inclusion", "Age > 18", None),
        ("inclusion", "ECOG 0-1", None),
        ("inclusion", "measured at screening", 2),
        ("exclusion", "Prior BCMA therapy [any]", None),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"studies": [{"protocolSection": {"identificationModule": ', "invalid JSON"),
        (b'{"hello": "world"}', "unrecognized format"),
        (b'[{"protocolSection": {"conditionsModule": {"conditions": "not a list"}}}]', "conditions is a str"),
        (b'[{"protocolSection": {"designModule": {"enrollmentInfo": {"count": "many"}}}}]', "not a number"),
    ],
)
def test_bad_json_is_rejected_with_a_reason(content, reason):
    parsed = parse_documents(documents_in_file("/x.json", content))
    assert len(parsed) == 1 and parsed[0].record is None
    assert reason in parsed[0].error


def test_json_lines_and_arrays_become_one_document_per_study():
    lines = (CTGOV / "website_json_export" / "ctg-studies_export_2023-06-28_10studies.json").read_text()
    array = documents_in_file("/a.json", lines.encode())
    studies = [json.loads(line.rstrip(",")) for line in lines.splitlines() if line.startswith("{")]
    ndjson = documents_in_file("/b.json", "\n".join(json.dumps(s) for s in studies).encode())
    assert len(array) == len(ndjson) == 10
    assert [d.uri for d in array[:2]] == ["/a.json#0", "/a.json#1"]
    assert {d.format for d in array + ndjson} == {"ctgov_json"}


def test_csv_download_gives_245_trials_and_outcomes_match_the_json():
    documents = documents_in_file(str(CSV_FILE), CSV_FILE.read_bytes())
    parsed = parse_documents(documents)
    assert len(parsed) == 245 and all(p.error is None for p in parsed)
    records = {p.record.registry_id: p.record for p in parsed}
    assert len(records) == 245
    studies = studies_by_id()
    unchanged = matched = 0
    csv_rows = {p.record.registry_id: p.source.text for p in parsed}
    for nct in set(records) & set(studies):
        outcomes = studies[nct]["protocolSection"].get("outcomesModule", {})
        parsed_pairs = {(e.kind, e.measure, e.time_frame) for e in records[nct].endpoints}
        for key, kind in ctgov_json.OUTCOME_KEYS:
            for outcome in outcomes.get(key, []):
                if render(outcome) not in csv_rows[nct]:
                    continue  # the record changed between the JSON and the CSV capture
                unchanged += 1
                matched += (kind, outcome["measure"].strip(), outcome.get("timeFrame", "").strip()) in parsed_pairs
    # Measured: 51 of the 87 shared outcomes are unchanged between the captures; all 51 match.
    assert unchanged == 51
    assert matched / unchanged >= 0.95


def _resaved(delimiter: str, sep_line: bool = False, encoding: str = "utf-8") -> bytes:
    """The CSV download as a spreadsheet saves it again: another delimiter, Excel's ``sep=`` line."""
    rows = list(csv.reader(io.StringIO(CSV_FILE.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    if sep_line:
        out.write(f"sep={delimiter}\r\n")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, "replace")


@pytest.mark.parametrize(
    ("delimiter", "sep_line", "encoding"),
    [(";", False, "utf-8"), (";", True, "cp1252"), ("\t", False, "utf-8"), ("\t", True, "utf-8-sig")],
)
def test_a_spreadsheet_copy_of_the_csv_download_reads_as_the_download(delimiter, sep_line, encoding):
    """Semicolons (European locales) or tabs, with or without ``sep=``: the same 245 documents, hashes and rows."""
    original = documents_in_file(str(CSV_FILE), CSV_FILE.read_bytes())
    copy = documents_in_file("/copy.csv", _resaved(delimiter, sep_line, encoding))
    assert len(copy) == len(original) == 245
    assert {d.format for d in copy} == {"ctgov_csv"}
    if encoding != "cp1252":  # Windows-1252 cannot hold every character of the download
        assert [d.sha256 for d in copy] == [d.sha256 for d in original]
    parsed = parse_documents(copy)
    assert all(p.error is None for p in parsed)
    expected = {p.record.registry_id: len(p.record.endpoints) for p in parse_documents(original)}
    assert {p.record.registry_id: len(p.record.endpoints) for p in parsed} == expected


def test_the_classic_tsv_download_is_not_taken_for_a_tab_separated_csv_download():
    classic = next((CTGOV / "legacy" / "classic_tsv").glob("*.tsv"))
    documents = documents_in_file(str(classic), classic.read_bytes())
    assert documents and {d.format for d in documents} == {"ctgov_tsv"}
    # Saved with commas, its rows read as a CSV download's, as they always did.
    rows = list(csv.reader(io.StringIO(classic.read_text(encoding="utf-8-sig"), newline=""), delimiter="\t"))
    commas = io.StringIO()
    csv.writer(commas).writerows(rows)
    resaved = documents_in_file("/classic.csv", commas.getvalue().encode())
    assert len(resaved) == len(documents) and {d.format for d in resaved} == {"ctgov_csv"}


def test_a_sep_line_padded_with_delimiters_names_the_delimiter():
    padded = b"sep=;;;;\r\n" + _resaved(";")
    assert len(documents_in_file("/copy.csv", padded)) == 245


def test_csv_row_fields():
    documents = documents_in_file(str(CSV_FILE), CSV_FILE.read_bytes())
    record = parse_documents(documents[:1])[0].record
    assert record.registry_id == "NCT03796390"
    assert (record.phase, record.study_type, record.overall_status) == ("PHASE1", "INTERVENTIONAL", "UNKNOWN")
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose) == (
        "NA",
        "SINGLE_GROUP",
        "NONE",
        "TREATMENT",
    )
    assert [(i.intervention_type, i.name) for i in record.interventions] == [("BIOLOGICAL", "CD123 CAR-T cells")]
    assert record.endpoints[0].time_frame == "Up to 12 months"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06", date(2023, 6, 1)),
        ("2023-06-15", date(2023, 6, 15)),
        ("2023", date(2023, 1, 1)),
        ("June 2023", date(2023, 6, 1)),
        ("May 27, 2020", date(2020, 5, 27)),
        ("2023-13", None),
        ("soon", None),
        (None, None),
    ],
)
def test_partial_dates_keep_a_first_of_month_value(text, expected):
    assert date_value(text) == expected
