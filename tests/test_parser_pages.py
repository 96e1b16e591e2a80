"""MedPath (seed 001) and registry page (seed 002) parsers, with exact expected values."""

import dataclasses

import pytest
from conftest import CTGOV, seed_text

from tasks.parsers import medpath, parse_text, registry_page
from tasks.parsers.document_text import strip_boilerplate
from tasks.parsers.places import split_location

KQ = "KQ-2003 CAR T-cells"
THROUGH_2Y = "Through study completion, an average of 2 years"
MIN_2Y = "Minimum 2 years after KQ-2003 CAR T-cells infusion (Day 1)"


def test_seed_001_header_fields():
    fmt, record = parse_text(seed_text("001"))
    assert fmt == "medpath"
    assert record.registry_id == "NCT06223646"
    assert record.overall_status == "RECRUITING"
    assert record.phase == "PHASE1"
    assert record.lead_sponsor == "Novatim Immune Therapeutics (Zhejiang) Co., Ltd."
    assert record.enrollment == 29
    assert record.sex == "ALL"
    assert record.study_type == "INTERVENTIONAL"
    assert record.detailed_description is None  # "Not available"
    assert record.conditions == ["Multiple Myeloma"]
    assert [(i.intervention_type, i.name) for i in record.interventions] == [("BIOLOGICAL", KQ)]
    assert [(s.facility, s.city, s.country) for s in record.sites] == [
        ("Chinese Academy of Medical Sciences & Peking Union Medical College Hospital", "Beijing", "China")
    ]


def test_seed_001_four_arms_with_descriptions():
    _, record = parse_text(seed_text("001"))
    dose = "Infusion of KQ-2003 CAR T-cells by single dose of {}×10\\^6 CAR-T cells/kg"
    assert [(a.label, a.description, a.intervention_names) for a in record.arms] == [
        ("Phase 1: Medium dose group", dose.format("2.0"), (KQ,)),
        ("Phase 1: High dose group", dose.format("3.0"), (KQ,)),
        (
            "Phase 2a: RP2D",
            "After all subjects in the Phase 1 dose-escalation study completed DLT observation, "
            "RP2D was determined based on the analysis results for the phase 2a expansion study.",
            (KQ,),
        ),
        ("Phase 1: Low dose group", dose.format("1.0"), (KQ,)),
    ]
    assert record.interventions[0].arm_labels == tuple(a.label for a in record.arms)


def test_seed_001_eight_inclusion_seventeen_exclusion_criteria():
    _, record = parse_text(seed_text("001"))
    kinds = [c.kind for c in record.criteria]
    assert kinds == ["inclusion"] * 8 + ["exclusion"] * 17
    assert record.criteria[0].text == "Age ≥18 years old, male or female;"
    assert record.criteria[8].text.startswith("Received any treatment that might influence")
    assert record.criteria[-1].text.startswith("Any situation that the investigator believes")
    assert all(c.parent is None for c in record.criteria)


def test_seed_001_nineteen_endpoints():
    _, record = parse_text(seed_text("001"))
    endpoints = [(e.kind, e.measure, e.time_frame) for e in record.endpoints]
    assert len(endpoints) == 19
    assert endpoints[:5] == [
        ("primary", "Objective response rate (ORR)", THROUGH_2Y),
        (
            "primary",
            "Number of patients with dose-limiting toxicity (DLT)",
            "Within 28 days of receiving KQ-2003 CAR T-cells transfusion therapy",
        ),
        (
            "primary",
            "Maximum Tolerated Dose (MTD)",
            "Within 28 days of receiving KQ-2003 CAR T-cells transfusion therapy",
        ),
        ("primary", "Recommended Phase 2 Dose (RP2D)", "Through study completion, an average of 1 year"),
        ("primary", "Adverse Event", MIN_2Y),
    ]
    assert [e[1] for e in endpoints[5:]] == [
        "Stringent complete response rate (sCRR)",
        "Progression-free Survival (PFS)",
        "Time to maximum plasma concentration (Tmax)",
        "ADA",
        "Duration of Response (DOR)",
        "Overall Survival (OS)",
        "Maximum concentration (Cmax)",
        "Levels of IFN-γ",
        "Disease Control Rate (DCR)",
        "Microscopic Residual Disease (MRD) Negativity Rate and Duration",
        "Levels of IL-6",
        "CD8+T lymphocyte count",
        "Nab",
        "CD4+T lymphocyte count",
    ]
    assert record.endpoints[1].description == (
        "For DLT evaluation, severity (grade) is classified according to common terminology criteria for adverse "
        "events version 5.0 (CTCAE v5.0)."
    )


def test_medpath_numbered_and_nested_criteria_from_real_excerpt():
    text = (CTGOV / "aggregator_pages" / "medpath_NCT04003168_Hrain_BCMA_excerpt.txt").read_text()
    record = medpath.parse(text)
    assert record.registry_id == "NCT04003168"
    assert [(c.text[:30], c.parent) for c in record.criteria[5:9]] == [
        ("One of the following indicator", None),
        ("Serum M protein IgG ≥ 10 g/L, ", 6),
        ("Urine M protein ≥ 200 mg/24h;", 6),
        ("Serum free light chain ≥ 100 m", 6),
    ]


def test_seed_002_sixteen_unspecified_endpoints_and_no_boilerplate_anywhere():
    fmt, record = parse_text(seed_text("002"))
    assert fmt == "registry_page"
    assert len(record.endpoints) == 16
    assert {e.kind for e in record.endpoints} == {"unspecified"}
    assert record.endpoints[0] == record.endpoints[0].__class__(
        "unspecified", "Dose limited toxicity(DLT)", "Safety Indicator", "28 days post infusion"
    )
    mrd = record.endpoints[7]
    assert mrd.measure == "Percentage of Subjects With Negative Minimal Residual Disease (MRD)"
    assert (
        mrd.description == "MRD negative rate is defined as the proportion of subjects who achieve MRD negative status"
    )
    assert (record.study_type, record.allocation, record.primary_purpose, record.masking, record.enrollment) == (
        "INTERVENTIONAL",
        "NA",
        "TREATMENT",
        "NONE",
        18,
    )
    assert [i.name for i in record.interventions] == [
        "Autologous genetically modified anti-BCMA CAR transduced T cells"
    ]
    assert [(s.facility, s.city, s.state, s.country) for s in record.sites] == [
        ("Shanghai Changzheng Hospital", "Shanghai", "Shanghai Municipality", "China")
    ]
    every_text = repr(dataclasses.asdict(record))
    assert "informational purposes" not in every_text and "medical advice" not in every_text


def test_boilerplate_spliced_inside_a_sentence_is_cut_out():
    text = (
        "MRD negative rate is defined This platform is for informational purposes only and does not "
        "constitute medical advice. Always consult a qualified healthcare professional. as a proportion."
    )
    assert strip_boilerplate(text) == "MRD negative rate is defined as a proportion."


def test_registry_page_without_sites_takes_name_and_description_before_time_frame():
    text = (
        "Summary.\nStudy Type\nINTERVENTIONAL\nEnrollment\n10\nDrug X\nOverall survival\n"
        "Time from infusion to death.\nTime frame: 2 years\n"
    )
    record = registry_page.parse(text)
    assert [i.name for i in record.interventions] == ["Drug X"]
    assert [(e.measure, e.description, e.time_frame) for e in record.endpoints] == [
        ("Overall survival", "Time from infusion to death.", "2 years"),
    ]


def test_registry_page_without_sites_reads_the_first_outcome_in_the_shape_of_the_others():
    # "Best response" reads like a name, but the other outcomes all have a description: so does it.
    described = (
        "Summary.\nStudy Type\nINTERVENTIONAL\nEnrollment\n10\nDrug X\nDrug Y\nResponse\nBest response\n"
        "Time frame: 1 year\nOS\nTime to death\nTime frame: 2 years\nPFS\nTime to progression\nTime frame: 2 years\n"
    )
    record = registry_page.parse(described)
    assert [i.name for i in record.interventions] == ["Drug X", "Drug Y"]
    assert (record.endpoints[0].measure, record.endpoints[0].description) == ("Response", "Best response")
    # The same lines under neighbours without descriptions: the line above the time frame is the name.
    bare = described.replace("Time to death\n", "").replace("Time to progression\n", "")
    record = registry_page.parse(bare)
    assert [i.name for i in record.interventions] == ["Drug X", "Drug Y", "Response"]
    assert (record.endpoints[0].measure, record.endpoints[0].description) == ("Best response", None)


def test_registry_page_locations_end_with_a_country_and_prose_with_commas_is_not_one():
    text = (
        "Summary.\nStudy Type\nINTERVENTIONAL\nEnrollment\n10\nDrug X\nAsan Medical Center\n"
        "Seoul, Korea, Republic of\nORR, Objective Response Rate\nResponse, as assessed by the investigator\n"
        "Time frame: 1 year\n"
    )
    record = registry_page.parse(text)
    assert [(s.facility, s.city, s.state, s.country) for s in record.sites] == [
        ("Asan Medical Center", "Seoul", None, "Korea, Republic of")
    ]
    assert [(e.measure, e.description) for e in record.endpoints] == [
        ("ORR, Objective Response Rate", "Response, as assessed by the investigator")
    ]


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("Shanghai, Shanghai Municipality, China", ("Shanghai", "Shanghai Municipality", "China")),
        ("Seoul, Korea, Republic of", ("Seoul", None, "Korea, Republic of")),
        ("Istanbul, Turkey (Türkiye)", ("Istanbul", None, "Turkey (Türkiye)")),
        ("Houston, Texas, United States", ("Houston", "Texas", "United States")),
        ("Cmax,ss(Maximum concentration at steady state)", None),
        ("All cause death, myocardial infarction, stroke", None),
        ("Rate of response, China", ("Rate of response", None, "China")),  # the shape alone cannot tell
    ],
)
def test_a_location_is_a_line_that_ends_with_a_country(line, parts):
    assert split_location(line) == parts


def test_a_section_label_inside_a_description_is_text_not_a_section():
    # A detailed description with a paragraph headed "Interventions" (as real ones have) keeps
    # it; the page's own interventions, read earlier, stay as they are.
    heading = "Interventions\n\nParticipants receive one infusion and are followed for two years.\n"
    text = seed_text("001").replace("Detailed Description\n\nNot available\n", f"Detailed Description\n\n{heading}", 1)
    assert heading in text
    _, record = parse_text(text)
    assert [(i.intervention_type, i.name) for i in record.interventions] == [("BIOLOGICAL", KQ)]
    assert record.detailed_description.endswith("Participants receive one infusion and are followed for two years.")
