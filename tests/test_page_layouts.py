"""The classic ClinicalTrials.gov study page and the clinicaltrialexchange page: fields read by their labels."""

import pytest
from conftest import CTGOV

from tasks.parsers import ParseError, classic_page, parse_text

PAGES = CTGOV / "aggregator_pages"
CLASSIC = PAGES / "classic_clinicaltrials_gov_NCT04309981_ARI0002h_excerpt.txt"
EXCHANGE = PAGES / "clinicaltrialexchange_NCT05302648_Changzheng_excerpt.txt"

# A whole classic page in the site's conventions (the reference file is a 2,000-character excerpt).
CLASSIC_PAGE = """Study of Drug X in Adults With Asthma
ClinicalTrials.gov Identifier: NCT01234567 |
Recruitment Status :
Completed
Last Update Posted : August 28, 2019
Sponsor:
Example University
Study Description
Brief Summary:
This study tests drug X in adults with asthma.

Detailed Description:
Participants take drug X or placebo for 12 weeks.
Condition or disease | Intervention/treatment | Phase |
---|---|---|
Asthma | Drug: Drug X Drug: Placebo | Phase 2 |
Study Design
Study Type : | Interventional (Clinical Trial) |
Actual Enrollment : | 120 participants |
Allocation: | Randomized |
Intervention Model: | Parallel Assignment |
Masking: | Double (Participant, Investigator) |
Primary Purpose: | Treatment |
Actual Study Start Date : | May 27, 2015 |
Actual Study Completion Date : | April 1, 2018 |
Arms and Interventions
Arm | Intervention/treatment |
---|---|
Experimental: Drug X
Drug X 10 mg daily for 12 weeks.
| Drug: Drug X
10 mg tablet
|
Placebo Comparator: Placebo
| Drug: Placebo
|
Outcome Measures
Primary Outcome Measures :
1. Change in FEV1 [ Time Frame: baseline and week 12 ]
FEV1 measured by spirometry.
Secondary Outcome Measures :
1. Asthma exacerbations [ Time Frame: up to 12 weeks ]
2. Adverse events [ Time Frame: 12 weeks ]
Eligibility Criteria
Ages Eligible for Study: | 18 Years to 65 Years   (Adult, Older Adult) |
Sexes Eligible for Study: | All |
Criteria
Inclusion Criteria:

* Asthma for at least one year

Exclusion Criteria:

* Current smokers
Contacts and Locations
Locations
United States, California
Example Medical Center
Los Angeles, California, United States, 90095
Spain
Hospital Clinic de Barcelona
Barcelona, Spain, 08036
More Information
Responsible Party: | Example University |
"""


def test_the_real_classic_page_excerpt_loads_with_the_fields_it_shows():
    fmt, record = parse_text(CLASSIC.read_text())
    assert fmt == "ctgov_classic_page"
    assert record.registry_id == "NCT04309981"
    assert record.title.startswith("Clinical Trial Using Humanized CART Directed Against BCMA (ARI0002h)")
    assert (record.overall_status, record.phase, record.study_type, record.enrollment) == (
        "ACTIVE_NOT_RECRUITING",
        "PHASE1/PHASE2",
        "INTERVENTIONAL",
        73,
    )
    assert (record.allocation, record.intervention_model, record.masking, record.primary_purpose) == (
        "NA",
        "SINGLE_GROUP",
        "NONE",
        "TREATMENT",
    )
    assert (record.start_date, record.completion_date, record.last_update_posted) == (
        "2020-05-27",
        "2025-04-01",
        "2023-08-28",
    )
    assert record.official_title.startswith("Pilot Study of the Infusion of Differentiated Autologous T-cells")
    assert record.conditions == ["Relapsed/Refractory Multiple Myeloma"]
    assert [(i.intervention_type, i.name) for i in record.interventions] == [
        ("BIOLOGICAL", "Adult differentiated autologous T-cells with anti-BCMA specificity")
    ]
    assert [(a.label, a.arm_type) for a in record.arms] == [("ARI0002h", "EXPERIMENTAL")]
    assert record.arms[0].description.endswith("specificity conjugated to")  # where the excerpt stops


def test_a_whole_classic_page_gives_every_section():
    record = classic_page.parse(CLASSIC_PAGE)
    assert (record.registry_id, record.lead_sponsor, record.sex, record.minimum_age, record.maximum_age) == (
        "NCT01234567",
        "Example University",
        "ALL",
        "18 Years",
        "65 Years",
    )
    assert (record.brief_summary, record.detailed_description) == (
        "This study tests drug X in adults with asthma.",
        "Participants take drug X or placebo for 12 weeks.",
    )
    assert (record.allocation, record.intervention_model, record.masking, record.phase) == (
        "RANDOMIZED",
        "PARALLEL",
        "DOUBLE",
        "PHASE2",
    )
    assert [(i.name, i.description, i.arm_labels) for i in record.interventions] == [
        ("Drug X", "10 mg tablet", ("Drug X",)),
        ("Placebo", None, ("Placebo",)),
    ]
    assert [(a.label, a.arm_type, a.description) for a in record.arms] == [
        ("Drug X", "EXPERIMENTAL", "Drug X 10 mg daily for 12 weeks."),
        ("Placebo", "PLACEBO_COMPARATOR", None),
    ]
    assert [(e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints] == [
        ("primary", "Change in FEV1", "FEV1 measured by spirometry.", "baseline and week 12"),
        ("secondary", "Asthma exacerbations", None, "up to 12 weeks"),
        ("secondary", "Adverse events", None, "12 weeks"),
    ]
    assert [(c.kind, c.text) for c in record.criteria] == [
        ("inclusion", "Asthma for at least one year"),
        ("exclusion", "Current smokers"),
    ]
    assert [(s.facility, s.city, s.state, s.country) for s in record.sites] == [
        ("Example Medical Center", "Los Angeles", "California", "United States"),
        ("Hospital Clinic de Barcelona", "Barcelona", None, "Spain"),
    ]


def test_a_classic_page_without_its_id_label_is_rejected():
    with pytest.raises(ParseError, match="Identifier"):
        classic_page.parse(CLASSIC_PAGE.replace("ClinicalTrials.gov Identifier: NCT01234567 |", "NCT01234567"))


def test_the_real_clinicaltrialexchange_excerpt_loads_with_the_fields_it_shows():
    fmt, record = parse_text(EXCHANGE.read_text())
    assert fmt == "clinicaltrialexchange"
    assert record.registry_id is None  # the page shows no id label (the NCT number is only in the file name)
    assert (
        record.title
        == "To Evaluate the Safety and Efficacy of Human Derived Anti-BCMA CAR-T Injection for Subjects With R/R MM"
    )
    assert (record.overall_status, record.completion_date, record.enrollment, record.sex, record.phase) == (
        "RECRUITING",
        "2024-12-31",
        0,
        "ALL",
        "EARLY_PHASE1",
    )
    assert record.lead_sponsor == "Hrain Biotechnology Co., Ltd."
    assert record.brief_summary.startswith("This study is a single-arm, open-label, dose-escalation trial")
    assert len(record.criteria) == 9 and {c.kind for c in record.criteria} == {"inclusion"}
    assert record.criteria[0].text.endswith(
        "and sign informed consent form, be willing to complete all the trial procedures;"
    )
    assert [c.parent for c in record.criteria[5:8]] == [5, 5, 5]


def test_a_clinicaltrialexchange_page_reads_an_id_label_only_and_tolerates_missing_sections():
    page = "Overview\n\nA Trial of Y\n\nStatus:\nCompleted\nPhase:\nPhase 3\nNCT ID:\nNCT07654321\nSummary\nSee also NCT01111111.\n"
    fmt, record = parse_text(page)
    assert fmt == "clinicaltrialexchange"
    assert (record.registry_id, record.title, record.phase, record.criteria) == (
        "NCT07654321",
        "A Trial of Y",
        "PHASE3",
        [],
    )
    _, unlabelled = parse_text(page.replace("NCT ID:\nNCT07654321\n", "Participant gender:\nFemale\n"))
    assert (unlabelled.registry_id, unlabelled.sex) == (None, "FEMALE")


def test_a_clinicaltrialexchange_page_without_its_overview_heading_is_still_detected():
    text = EXCHANGE.read_text().replace("Overview\n", "", 1)
    fmt, record = parse_text(text)
    assert fmt == "clinicaltrialexchange"
    assert (record.title, record.overall_status) == (
        "To Evaluate the Safety and Efficacy of Human Derived Anti-BCMA CAR-T Injection for Subjects With R/R MM",
        "RECRUITING",
    )
