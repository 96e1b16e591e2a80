"""Partial documents load: a section that cannot be read becomes a warning, not a rejection.

The documents are real studies rendered by the layout harness (without its seeded variations,
or with one named variation), plus small inline examples of what must still be rejected.
"""

from __future__ import annotations

import pytest

from benchmarks.layouts import flat, load_studies, registry
from benchmarks.layouts.furniture import COPYRIGHT, DISCLAIMER
from benchmarks.layouts.studies import nct_id
from benchmarks.layouts.variation import MARK
from tasks.parsers import ParseError, parse_text
from tasks.parsers.ctgov_flat import NO_OUTCOME_FIELD, looks_like_conditions
from tasks.parsers.records import Intervention, ParseWarning
from tasks.parsers.registry_page import NO_OUTCOMES

FLAT_WARNING = [ParseWarning("outcomes", NO_OUTCOME_FIELD)]
REGISTRY_WARNING = [ParseWarning("outcomes", NO_OUTCOMES)]


@pytest.fixture(scope="module")
def studies() -> dict[str, dict]:
    return {nct_id(s): s for s in load_studies()}


def omitting_interventions_line(study: dict) -> dict:
    return {**study, MARK: ("omitted_interventions_line",)}


# --- ctgov_flat -----------------------------------------------------------------------------------------------------


def test_flat_with_interventions_but_no_outcomes_loads_with_a_warning(studies):
    fmt, record = parse_text(flat.render(studies["NCT00069082"]))
    assert fmt == "ctgov_flat"
    assert record.title == "Intranasal Civamide for Episodic Cluster Headache"
    assert record.brief_summary.startswith("This is a 49-day study to evaluate the effectiveness of Intranasal")
    assert record.conditions == ["Episodic Cluster Headache"]
    assert record.interventions == [
        Intervention("DRUG", "Civamide (Zucapsaicin)"),
        Intervention("DRUG", "Sodium Chloride"),
    ]
    assert record.endpoints == [] and record.detailed_description is None
    assert record.warnings == FLAT_WARNING


def test_flat_without_interventions_or_outcomes_reads_the_conditions_over_the_blank_line(studies):
    fmt, record = parse_text(flat.render(studies["NCT01359631"]))
    assert fmt == "ctgov_flat"
    assert record.title == "Cephalic Vascular Recording Upon SPG Stimulation"
    assert record.brief_summary.startswith("Hypothesis:\n\nStimulation of the SPG at high frequencies")
    assert record.brief_summary.endswith("increases VMCA, oxyHb concentration and cephalic vessel diameter.")
    assert record.conditions == ["Chronic Cluster Headache"]
    assert record.interventions == []
    assert record.detailed_description == "Efferent"
    assert record.endpoints == [] and record.warnings == FLAT_WARNING


@pytest.mark.parametrize("render", [lambda s: s, omitting_interventions_line], ids=["blank line", "line left out"])
def test_flat_without_interventions_reads_every_outcome(studies, render):
    _, record = parse_text(flat.render(render(studies["NCT02440776"])))
    assert record.conditions == ["Cluster Headache"] and record.interventions == []
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        (
            "primary",
            "Characterization of all device/procedure related Adverse Events",
            "Through five years post implant",
        ),
        ("secondary", "Acute response to therapy", "Through five years post implant"),
    ]
    assert record.endpoints[1].description == (
        "Outcome will be assessed at 3, 6, 9, 12, 18, 24, 36, 48 and 60 months post implant."
    )
    assert record.detailed_description is None and record.warnings == []


def test_flat_site_boilerplate_is_removed_wherever_it_stands(studies):
    text = flat.render(studies["NCT02440776"])
    _, clean = parse_text(text)
    lines = text.split("\n")
    furnished = "\n".join([lines[0], DISCLAIMER, *lines[1:4], COPYRIGHT, *lines[4:], DISCLAIMER])
    fmt, record = parse_text(furnished)
    assert fmt == "ctgov_flat" and record == clean


def test_flat_with_interventions_and_an_unreadable_outcome_field_keeps_the_rest():
    text = "A title\nA summary.\nSome condition\nDRUG: Aspirin\nNot an outcome field at all\nMore text."
    fmt, record = parse_text(text)
    assert fmt == "ctgov_flat"
    assert (record.title, record.brief_summary, record.conditions) == ("A title", "A summary.", ["Some condition"])
    assert record.interventions == [Intervention("DRUG", "Aspirin")]
    assert record.detailed_description == "Not an outcome field at all\nMore text."
    assert record.endpoints == [] and record.warnings == FLAT_WARNING


def test_flat_without_interventions_and_with_an_unreadable_outcome_field_keeps_the_rest():
    # Written for this test: neither an interventions line nor a time frame the rules read.
    text = (
        "A study of imaging\nThis study builds a diagnostic system. It is then evaluated.\n"
        "Diabetic Retinopathy|Diabetes Mellitus\nDiagnostic accuracy, compared with the reference standard"
    )
    fmt, record = parse_text(text)
    assert fmt == "ctgov_flat"
    assert record.conditions == ["Diabetic Retinopathy", "Diabetes Mellitus"] and record.interventions == []
    assert record.detailed_description == "Diagnostic accuracy, compared with the reference standard"
    assert record.endpoints == [] and record.warnings == FLAT_WARNING


def test_a_paragraph_break_in_the_summary_is_not_the_empty_interventions_line():
    # Written for this test: a summary of two paragraphs, then conditions, then the outcome field.
    text = (
        "A study of antibodies\nLung cancer is common, and treatment options are few.\n\n"
        "Among the approaches, immunotherapy aims to awaken the immune system, over several months.\n"
        "Lung Cancer\nAntibody detection, Antibodies in plasma, Up to 12 months\nA detailed description."
    )
    fmt, record = parse_text(text)
    assert fmt == "ctgov_flat" and record.conditions == ["Lung Cancer"]
    assert record.brief_summary.endswith("aims to awaken the immune system, over several months.")
    assert [(e.measure, e.description, e.time_frame) for e in record.endpoints] == [
        ("Antibody detection", "Antibodies in plasma", "Up to 12 months")
    ]


def test_a_lone_outcome_with_a_title_and_any_time_frame_is_a_field_of_its_own():
    # Written for this test: the primary field holds one outcome whose time frame opens with a noun.
    text = (
        "A study of drug X\nA summary of the study.\nLung Cancer\nDRUG: Drug X\n"
        "Objective Response Rate, Tumour assessment at Week 8\n"
        "Progression Free Survival, 1 year|Overall Survival, 2 years\nA detailed description."
    )
    fmt, record = parse_text(text)
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Objective Response Rate", "Tumour assessment at Week 8"),
        ("secondary", "Progression Free Survival", "1 year"),
        ("secondary", "Overall Survival", "2 years"),
    ]
    assert record.detailed_description == "A detailed description."


def test_a_detailed_description_of_several_sentences_is_not_read_as_a_last_outcome_field():
    # Written for this test: the description, cut at its commas, ends in "…up to 2 years. Visits …".
    description = (
        "This is an open-label, single-arm study of drug X, with follow-up for up to 2 years. Visits are monthly."
    )
    text = (
        "A study of drug X\nA summary of the study.\nMultiple Myeloma\nDRUG: Drug X\n"
        f"Overall response rate, Proportion of responders, Up to 2 years\n{description}"
    )
    fmt, record = parse_text(text)
    assert [(e.kind, e.measure) for e in record.endpoints] == [("primary", "Overall response rate")]
    assert record.detailed_description == description


@pytest.mark.parametrize(
    "text",
    [
        "Dear diary,\nToday I went for a walk in the park.\nIt was sunny.\n\nThe end.",
        "Shopping list\nmilk\neggs\nbread\n\nand cheese",
        "Minutes\nWe met at noon.\nEveryone was there.\n\nNext meeting on Monday.",
        "<html>\n<body><p>A trial</p>\n\n</body>\n</html>",
        "SELECT trial_id\nFROM trial\nWHERE phase = 'PHASE2';\n\nSELECT 1;",
        "Notes\n\nAsthma\n\nFollow-up text.",  # no summary on line 2
        "# Deployments\n#   create the pool first\nprefect-version: 3.8.8\n\ndeployments:",
        "<study>\n<title>A</title>\n   Marrow Transplant\n\n</study>",
    ],
    ids=[
        "prose",
        "a list of words",
        "prose with a blank line",
        "markup",
        "sql",
        "no summary",
        "yaml",
        "indented text in markup",
    ],
)
def test_prose_and_markup_are_still_not_flat_exports(text):
    with pytest.raises(ParseError, match="unrecognized format"):
        parse_text(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Chronic Cluster Headache", True),
        ("Carcinoma, Non-Small-Cell Lung|Lung Neoplasms", True),
        ("ph+ Acute Lymphoblastic Leukemia", True),
        ("Pancreatectomy; Hyperglycemia", True),
        ("It was sunny.", False),
        ("The condition is rare", False),
        ("Background:", False),
        ("* a bullet", False),
        ("1. a numbered item", False),
        ("<condition>Asthma</condition>", False),
        ("Asthma||Rhinitis", False),
    ],
)
def test_a_conditions_line_is_a_list_of_names(line, expected):
    assert looks_like_conditions(line) is expected


# --- registry_page --------------------------------------------------------------------------------------------------


def test_registry_page_without_outcomes_loads_its_labels_interventions_and_sites(studies):
    fmt, record = parse_text(registry.render(studies["NCT01100827"]))
    assert fmt == "registry_page"
    assert (
        record.brief_summary
        == "To determine EGFR mutation status in patients with advanced stage adenocarcinoma NSCLC."
    )
    assert record.study_type == "OBSERVATIONAL"
    assert [i.name for i in record.interventions] == ["EGFR mutation status in patients"]
    assert [(s.facility, s.city, s.country) for s in record.sites] == [
        ("National University Hospital Singapore", "Singapore", "Singapore")
    ]
    assert record.endpoints == [] and record.warnings == REGISTRY_WARNING


def test_registry_page_without_outcomes_or_sites_reads_every_line_as_an_intervention():
    text = "A summary.\nStudy Type\nINTERVENTIONAL\nEnrollment\n12\nDrug A\nPlacebo"
    fmt, record = parse_text(text)
    assert fmt == "registry_page"
    assert (record.study_type, record.enrollment) == ("INTERVENTIONAL", 12)
    assert [i.name for i in record.interventions] == ["Drug A", "Placebo"]
    assert record.endpoints == [] and record.warnings == REGISTRY_WARNING


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Written for this test: a page with one outcome and no sites; the character models tell
        # a short description line from an outcome's name.
        (
            ["Serum ferritin level", "Measured with a validated immunoassay on bone marrow samples"],
            ("Serum ferritin level", "Measured with a validated immunoassay on bone marrow samples"),
        ),
        (["Overall survival"], ("Overall survival", None)),
    ],
)
def test_registry_page_with_one_outcome_and_no_sites_reads_its_description(lines, expected):
    text = "\n".join(["A summary.", "Study Type", "INTERVENTIONAL", "Enrollment", "12", "Drug A", *lines])
    fmt, record = parse_text(text + "\nTime frame: 1 year")
    assert fmt == "registry_page" and [i.name for i in record.interventions] == ["Drug A"]
    assert [(e.measure, e.description) for e in record.endpoints] == [expected]


@pytest.mark.parametrize(
    "lines",
    [
        # Written for this test: the first outcome of a page without sites, its description in two
        # paragraphs. Before, the name was read as an intervention and the first paragraph as the name.
        [
            "Number of participants with dose-limiting toxicities",
            "A dose-limiting toxicity is any adverse event of grade 3 or higher that the investigator attributes to"
            " the study drug during the first cycle.",
            "Adverse events are graded by the National Cancer Institute Common Terminology Criteria for Adverse"
            " Events, version 5.0, at every visit.",
        ],
        [
            "Rate of bony fusion at the operated level",
            "Fusion is assessed by computed tomography and then rated by a radiologist who does not know the"
            " treatment group of the patient.",
            "Fusion grade 1: bone bridges span the whole fusion area with at least the density achieved at surgery.",
        ],
    ],
)
def test_registry_page_without_sites_reads_a_first_description_of_several_paragraphs(lines):
    text = "\n".join(["A summary.", "Study Type", "INTERVENTIONAL", "Enrollment", "12", "Drug A", "Placebo", *lines])
    fmt, record = parse_text(text + "\nTime frame: 1 year")
    assert fmt == "registry_page" and [i.name for i in record.interventions] == ["Drug A", "Placebo"]
    assert [(e.measure, e.description) for e in record.endpoints] == [(lines[0], "\n".join(lines[1:]))]


def test_a_study_type_label_without_a_study_type_value_is_not_a_registry_page():
    with pytest.raises(ParseError, match="unrecognized format"):
        parse_text("Some notes.\nStudy Type\nWe have not decided yet.\nMore notes.")


# --- the run summary ------------------------------------------------------------------------------------------------


def test_the_cli_summary_prints_the_parse_warnings(capsys):
    from flows.cli_runs import _print_summary
    from flows.common import RunSummary
    from schemas.runs import RunCounts

    counts = RunCounts(documents_seen=1, loaded=1)
    warnings = [("/inbox/a.txt", "outcomes", NO_OUTCOME_FIELD)]
    _print_summary(RunSummary("run", "w.duckdb", counts, {"trial": 1, "parse_warning": 1}, [], warnings))
    printed = capsys.readouterr().out.splitlines()
    assert printed[-4:] == [
        "rows: trial 1, parse_warning 1",
        "parse warnings: 1",
        "warning: /inbox/a.txt: outcomes: no outcome field found",
        "report: None",  # the run report's file (none in this summary made by hand)
    ]
