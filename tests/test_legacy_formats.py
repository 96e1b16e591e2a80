"""Legacy ClinicalTrials.gov XML and API v1 FullStudiesResponse: every field the JSON path fills."""

import dataclasses
import json
import re

import pytest
from conftest import CTGOV

from tasks.documents import documents_in_file
from tasks.parsers import ParseError, parse_text
from tasks.parsers.legacy_values import iso_date, masking_enum, model_enum, phase_enum, status_enum, study_type_enum
from tasks.pipeline import parse_documents

LEGACY = CTGOV / "legacy"
XML = LEGACY / "xml"
V1 = LEGACY / "api_v1_fullstudies"


def load(path):
    parsed = parse_documents(documents_in_file(str(path), path.read_bytes()))
    assert [p.error for p in parsed] == [None]
    return parsed[0].format, parsed[0].record


def test_xml_fields_map_to_api_v2_values():
    fmt, record = load(XML / "NCT01339988.xml")
    assert fmt == "ctgov_xml"
    assert (record.registry_id, record.phase, record.overall_status, record.study_type) == (
        "NCT01339988",
        "PHASE4",
        "NOT_YET_RECRUITING",
        "INTERVENTIONAL",
    )
    assert (record.enrollment, record.sex, record.minimum_age, record.maximum_age) == (10, "MALE", None, "21 Years")
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose) == (
        None,
        "SINGLE_GROUP",
        "NONE",
        "TREATMENT",
    )
    assert (record.start_date, record.completion_date, record.last_update_posted) == (
        "2011-06",
        "2019-06",
        "2011-04-21",
    )
    assert record.lead_sponsor == "Tel-Aviv Sourasky Medical Center"
    assert record.brief_summary.startswith("Long-term follow-up studies have demonstrated significant late toxicities")
    assert "\n" not in record.brief_summary  # the XML writer's wrapping is undone
    assert record.conditions[-1] == "Juvenile Myelomonocytic Leukemia" and len(record.conditions) == 4
    assert [(a.label, a.arm_type, a.intervention_names) for a in record.arms] == [
        ("Busulfan/Cyclophosphamide", "EXPERIMENTAL", ("Busulfan/Cyclophosphamide",))
    ]
    (intervention,) = record.interventions
    assert (intervention.intervention_type, intervention.name, intervention.arm_labels) == (
        "DRUG",
        "Busulfan/Cyclophosphamide",
        ("Busulfan/Cyclophosphamide",),
    )
    assert intervention.description.startswith("Conditioning regimen:\nCyclophosphamide 50mg/kg/day")
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Overall survival", "Five years"),
        ("secondary", "Disease free survival", "Five years"),
    ]
    kinds = [c.kind for c in record.criteria]
    assert (kinds.count("inclusion"), kinds.count("exclusion")) == (9, 4)
    assert (
        record.criteria[7].text
        == "Documented HSV and CMV titers, Hepatitis B surface antigen, Hepatitis C by serology, HIV by serology: all negative."
    )
    assert record.criteria[-1].text == "HIV seropositive patients"


def test_xml_sites_outcomes_and_descriptions():
    _, record = load(XML / "NCT01207388.xml")
    assert (record.acronym, record.phase, record.overall_status) == ("BLAST", "PHASE2", "ACTIVE_NOT_RECRUITING")
    assert len(record.sites) == 75
    assert record.sites[0] == dataclasses.replace(
        record.sites[0], facility="1102 - LKH Graz", city="Graz", country="Austria"
    )
    assert [e.kind for e in record.endpoints].count("secondary") == 10
    assert record.endpoints[0].description.startswith("At the end of the first treatment cycle (Day 29)")
    assert record.endpoints[0].time_frame == "During the first cycle (6 weeks)"


def test_api_v1_fields_map_to_api_v2_values():
    fmt, record = load(V1 / "NCT04780763_v1_FullStudiesResponse.json")
    assert fmt == "ctgov_v1"
    assert (record.registry_id, record.acronym, record.phase, record.sex) == ("NCT04780763", "Tara", "NA", "FEMALE")
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose) == (
        "RANDOMIZED",
        "PARALLEL",
        "QUADRUPLE",
        "SUPPORTIVE_CARE",
    )
    assert (record.start_date, record.enrollment, record.minimum_age) == ("2021-03-04", 168, "20 Years")
    assert [a.arm_type for a in record.arms] == ["ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR"]
    assert record.arms[1].intervention_names == ("Milk product fermented by lactic bacteria or not fermented",)
    assert len(record.endpoints) == 5 and record.endpoints[0].kind == "primary"
    # Criteria written one per line without bullets ("SI01: …") give one row per line.
    assert record.criteria[1].text == "SI02: Women of 20 to 30 years of age inclusive"
    assert record.sites == [
        dataclasses.replace(record.sites[0], facility="UZ/KU Leuven", city="Leuven", country="Belgium")
    ]


def _formatting_free(text):
    """Text without list markers and line structure (v1 drops the markup the XML keeps)."""
    return re.sub(r"\s+", " ", re.sub(r"(?m)^\s*-\s+", "", text or "")).strip()


def test_the_same_study_as_xml_and_as_api_v1_gives_the_same_record():
    _, xml = load(XML / "NCT00023673.xml")
    _, v1 = load(V1 / "NCT00023673_v1_FullStudiesResponse.json")
    # API v1 removed list markup from free text: descriptions differ in formatting only, and the
    # criteria lose their nesting (four histologies are sub-items of the first criterion in the XML).
    free_text = {"detailed_description", "endpoints", "criteria"}
    for field in dataclasses.fields(xml):
        if field.name not in free_text:
            assert getattr(xml, field.name) == getattr(v1, field.name), field.name
    assert _formatting_free(xml.detailed_description) == _formatting_free(v1.detailed_description)
    assert [(e.kind, e.measure, e.time_frame) for e in xml.endpoints] == [
        (e.kind, e.measure, e.time_frame) for e in v1.endpoints
    ]
    assert [_formatting_free(e.description) for e in xml.endpoints] == [
        _formatting_free(e.description) for e in v1.endpoints
    ]
    assert [(c.kind, c.text) for c in xml.criteria] == [(c.kind, c.text) for c in v1.criteria]
    assert [c.parent for c in xml.criteria][1:5] == [1, 1, 1, 1] and {c.parent for c in v1.criteria} == {None}
    assert (len(xml.arms), len(xml.interventions), len(xml.endpoints), len(xml.criteria), len(xml.sites)) == (
        4,
        3,
        6,
        36,
        41,
    )


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?><!DOCTYPE clinical_study [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<clinical_study><brief_title>&b;</brief_title></clinical_study>",
        '<?xml version="1.0"?><!DOCTYPE clinical_study [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<clinical_study><brief_title>&x;</brief_title></clinical_study>",
    ],
)
def test_xml_with_entities_is_refused_without_expanding_them(payload):
    with pytest.raises(ParseError, match="XML refused"):
        parse_text(payload)


def test_malformed_xml_is_rejected_with_a_reason():
    with pytest.raises(ParseError, match="invalid XML"):
        parse_text("<clinical_study><brief_title>unclosed</clinical_study>")


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (phase_enum, "Phase 1/Phase 2", "PHASE1/PHASE2"),
        (phase_enum, ["Early Phase 1"], "EARLY_PHASE1"),
        (phase_enum, "N/A", None),
        (status_enum, "Active, not recruiting", "ACTIVE_NOT_RECRUITING"),
        (status_enum, "Unknown status", "UNKNOWN"),
        (study_type_enum, "Interventional (Clinical Trial)", "INTERVENTIONAL"),
        (study_type_enum, "Observational [Patient Registry]", "OBSERVATIONAL"),
        (masking_enum, "Double (Participant, Investigator)", "DOUBLE"),
        (model_enum, "Case-Control", "CASE_CONTROL"),
        (iso_date, "July 2001", "2001-07"),
        (iso_date, "April 20, 2011", "2011-04-20"),
        (iso_date, "2020-05", "2020-05"),
    ],
)
def test_display_values_map_to_api_v2_enums(function, text, expected):
    assert function(text) == expected


def test_classic_site_tsv_gives_one_trial_per_row():
    path = LEGACY / "classic_tsv" / "SearchResults_classic_site_breast_cancer.tsv"
    parsed = parse_documents(documents_in_file(str(path), path.read_bytes()))
    assert len(parsed) == 40 and {(p.format, p.error) for p in parsed} == {("ctgov_tsv", None)}
    assert len({p.record.registry_id for p in parsed}) == 40
    record = parsed[1].record
    assert (record.registry_id, record.acronym, record.phase, record.overall_status) == (
        "NCT03254875",
        "REBECCA II",
        "NA",
        "COMPLETED",
    )
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose) == (
        "RANDOMIZED",
        "PARALLEL",
        "SINGLE",
        "SUPPORTIVE_CARE",
    )
    assert (record.minimum_age, record.maximum_age, record.start_date, record.lead_sponsor) == (
        "18 Years",
        None,
        "2017-08-15",
        "Danish Cancer Society",
    )
    # The classic download holds outcome titles only: no kind, no description, no time frame.
    assert len(record.endpoints) == 21
    assert record.endpoints[0] == dataclasses.replace(
        record.endpoints[0], kind="unspecified", measure="Distress", time_frame=None
    )
    assert [(i.intervention_type, i.name) for i in record.interventions] == [
        ("BEHAVIORAL", "Individually tailored nurse navigation")
    ]
    assert record.sites[0] == dataclasses.replace(
        record.sites[0], facility="Rigshospitalet", city="Copenhagen", country="Denmark"
    )
    first = parsed[0].record
    assert (first.minimum_age, first.maximum_age, first.intervention_model, first.phase) == (
        "23 Years",
        "89 Years",
        "COHORT",
        None,
    )


def test_a_classic_tsv_row_with_a_bad_nct_number_is_rejected_alone():
    header = "Rank\tNCT Number\tTitle\tStatus\tGender\n"
    parsed = parse_documents(
        documents_in_file(
            "/s.tsv", (header + "1\tNCT0000\tX\tCompleted\tAll\n2\tNCT00000002\tY\tCompleted\tAll\n").encode()
        )
    )
    assert [p.error is None for p in parsed] == [False, True]
    assert "valid NCT Number" in parsed[0].error


def test_xml_written_before_2017_gives_its_one_line_design():
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<clinical_study><id_info><nct_id>NCT00000102</nct_id></id_info>'
        "<study_type>Interventional</study_type><study_design>Allocation: Randomized, Endpoint Classification: "
        "Safety/Efficacy Study, Intervention Model: Parallel Assignment, Masking: Double Blind (Subject, "
        "Investigator), Primary Purpose: Treatment</study_design><eligibility><gender>Both</gender></eligibility>"
        "</clinical_study>"
    )
    fmt, record = parse_text(xml)
    assert fmt == "ctgov_xml"
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose, record.sex) == (
        "RANDOMIZED",
        "PARALLEL",
        "DOUBLE",
        "TREATMENT",
        "ALL",
    )


def test_an_api_v1_response_with_several_studies_gives_one_document_each():
    def study(nct, status):
        return {
            "Study": {
                "ProtocolSection": {"IdentificationModule": {"NCTId": nct}, "StatusModule": {"OverallStatus": status}}
            }
        }

    response = {
        "FullStudiesResponse": {
            "NStudiesReturned": 2,
            "FullStudies": [study("NCT00000001", "Recruiting"), study("NCT00000002", "Withdrawn")],
        }
    }
    parsed = parse_documents(documents_in_file("/v1.json", json.dumps(response).encode()))
    assert [(p.source.uri, p.format, p.record.registry_id, p.record.overall_status) for p in parsed] == [
        ("/v1.json#0", "ctgov_v1", "NCT00000001", "RECRUITING"),
        ("/v1.json#1", "ctgov_v1", "NCT00000002", "WITHDRAWN"),
    ]
    bad = {
        "FullStudiesResponse": {
            "FullStudies": [{"Study": {"ProtocolSection": {"ConditionsModule": {"ConditionList": {"Condition": "x"}}}}}]
        }
    }
    (rejected,) = parse_documents(documents_in_file("/bad.json", json.dumps(bad).encode()))
    assert "Condition is a str, expected a list" in rejected.error
