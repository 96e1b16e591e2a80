"""The flat export parser on seeds 000, 003 and 004, with exact expected values."""

from conftest import seed_text

from tasks.parsers import ctgov_flat, parse_text

DAY1_M60 = "Day 1 - Month 60"
SEED_000 = [
    (
        "primary",
        "Incidence of Treatment Related adverse events (AEs)",
        "Incidence of Treatment Related AEs, AEs of special interest and serious adverse events (SAEs)",
        DAY1_M60,
    ),
    (
        "primary",
        "Identification of Maximum Tolerated Dose (MTD)",
        "Incidence of dose-limiting toxicities (DLTs)",
        DAY1_M60,
    ),
    ("primary", "Objective response rate", "Objective response rate (ORR) per IMWG by IRC read", DAY1_M60),
    (
        "secondary",
        "Evaluate additional clinical efficacy outcomes with zevor-cel treatment in patients with rrMM",
        "Disease-specific response criteria including, but not limited to: complete response (CR), MRD, very good "
        "partial response (VGPR), and partial response (PR) according to the International Myeloma Working Group "
        "(IMWG) Uniform Response Criteria for Multiple Myeloma, Time to Response, Time to Progression, Progression "
        "Free Survival, best response and Overall Survival",
        DAY1_M60,
    ),
    (
        "secondary",
        "Determine the efficacy of zevor-cel treatment in patients with rrMM, by investigator "
        "assessment, ORR, DOR, FPS, OS, MRD, time to response, time to progression, best tumor response",
        None,
        DAY1_M60,
    ),
    (
        "secondary",
        "Evaluate zevor-cel PK profile",
        "CAR transgene copy number, peak value, AUC, in vivo persistence",
        DAY1_M60,
    ),
    ("secondary", "Evaluate ADA profile", "Percentage of patients with anti-zevor-cel drug antibodies", DAY1_M60),
    (
        "secondary",
        "Evaluate HRQoL in patients with rrMM from baseline up to study completion",
        "Change from baseline in HRQoL as measured by EORTC QLQ-C30 and QLQ-MY20",
        DAY1_M60,
    ),
    ("secondary", "Evaluate utilization of hospital resources", "Duration of hospitalization and ICU", DAY1_M60),
    (
        "other",
        "BCMA bone marrow expression and soluble BCMA expression in blood",
        "Myeloma cell BCMA expression and serum soluble BCMA",
        DAY1_M60,
    ),
    ("other", "Cytokine profiling", "cytokine levels (such as IL-6, INF, et al)", DAY1_M60),
    (
        "other",
        "zevor-cel product profiling vs clinical safety and efficacy",
        "zevor-cel product characteristics",
        DAY1_M60,
    ),
]
UP_TO_36 = "up to 36 months after treatment"
M3_M6 = "at month 3 and month 6 of first infusion"
SEED_004 = [
    ("primary", "Overall response rate (ORR)", None, "3 months"),
    ("primary", "Cytokine release syndrome rate", None, "within 30 days of first infusion"),
    ("secondary", "Duration of the response", None, UP_TO_36),
    ("secondary", "Response rate", None, "over the first year"),
    ("secondary", "Complete response rate (CR)", None, M3_M6),
    ("secondary", "Overall response rate (ORR)", None, "at month 6 of first infusion"),
    ("secondary", "Time to complete response", None, UP_TO_36),
    ("secondary", "Response rate of extramedullary disease by PET-CT", None, UP_TO_36),
    ("secondary", "Negative MRD rate in bone marrow", None, M3_M6),
    ("secondary", "Response rate of extramedullary disease by PET-TC", None, "at month 3"),
    ("secondary", "Progression free survival (PFS)", None, "at month 12, and up to 36 months after treatment"),
    (
        "secondary",
        "Overall survival (OS) defined as the time elapsed between the infusion of ARI0002h and the "
        "death of the patient from any cause",
        None,
        UP_TO_36,
    ),
    ("secondary", "Presence of tumor lysis syndrome", None, UP_TO_36),
    ("secondary", "Presence of cytokine release syndrome", None, UP_TO_36),
    ("secondary", "Presence of neurological toxicity", None, UP_TO_36),
    ("secondary", "Presence of prolonged cytopenia", None, UP_TO_36),
    (
        "secondary",
        "Persistence of CART BCMA ARI0002 in peripheral blood",
        None,
        "month 1, 2, 3, 4, 5, 6 and every 6 months until 2 years of follow up",
    ),
    ("secondary", "Expression of BCMA", None, "at screening, at day +28, at day +100, at month 6, 12, 18 and 24"),
    (
        "secondary",
        "Levels of soluble BCMA in serum",
        None,
        "at screening, at day 0, +3, +7,+14,+28, +70 +100, at month 4, 5, 6, 7, 8, 9, 1,11, 12, 18 and 24",
    ),
]
FROM_7TH = (
    "From the 7th days before first dose of pretreatment with chemotherapy until the date of first "
    "documented progression or study completion，assessed about 2 years"
)


def _endpoints(number: str):
    fmt, record = parse_text(seed_text(number))
    assert fmt == "ctgov_flat"
    return record, [(e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints]


def test_seed_000_every_endpoint_exact_but_the_two_ambiguous_ones():
    record, endpoints = _endpoints("000")
    # Items 4 and 5 are known misses (issue 11). Item 5's truth is one long measure; the segmenter
    # cuts a description off it. Item 4's truth is measure "...in patients with rrMM", description
    # "Disease-specific response criteria including, but not limited to: ..."; the log-linear ranker
    # (better over 5 folds: 3,983 of 4,070 items exact against the perceptron's 3,951) cuts the list
    # after "complete response (CR)" instead. Their time frames and the other ten items are exact.
    assert endpoints[:3] + endpoints[5:] == SEED_000[:3] + SEED_000[5:]
    for index in (3, 4):
        assert endpoints[index][1].startswith(SEED_000[index][1].split(",")[0])
        assert endpoints[index][3] == "Day 1 - Month 60"
    assert record.title.startswith("Clinical Trial to Evaluate Zevor-cel (CT053)")
    assert record.conditions == ["Multiple Myeloma"]
    assert [(i.intervention_type, i.name) for i in record.interventions] == [("BIOLOGICAL", "zevor-cel")]
    assert record.detailed_description.startswith("This is an open label, multi-center, phase 1b/2")
    assert record.detailed_description.endswith("15-year long-term follow-up study.")
    assert "\n\nPhase 1b of the study" in record.detailed_description


def test_seed_004_two_primary_seventeen_secondary_and_line_7_is_the_description():
    record, endpoints = _endpoints("004")
    assert endpoints == SEED_004
    assert record.detailed_description == (
        "To assess the safety and efficacy of CARTBCMA ARI0002h in patients with relapsed/refractory multiple "
        "myeloma who have received treatment with proteasome inhibitor, immunomodulatory drug and anti-CD38 "
        "monoclonal antibody."
    )


def test_seed_003_seven_primary_ten_secondary_one_description_spans_a_blank_line():
    record, endpoints = _endpoints("003")
    kinds = [e[0] for e in endpoints]
    assert kinds.count("primary") == 7 and kinds.count("secondary") == 10
    assert endpoints[0] == (
        "primary",
        "Dose-limiting toxicity (DLT) rate.",
        "DLT is classified according to the NCI-CTCAE V5.0 toxicity evaluation criteria and ASTCT consensus "
        "classification within 30 days after dose infusion (D1-D30), which is considered by the investigator or "
        "collaborator to be reasonably related to LCAR-M61SQ cell therapy.",
        "From LCAR-M61SQ cell infusion (Day 1) until the 30th day of follow-up period, assessed up to 30 days",
    )
    assert endpoints[2][3] == "through the last subject of DLT exploration completion, about 2years."
    overall_survival = endpoints[15]
    assert overall_survival == (
        "secondary",
        "Overall survival（OS",
        "According to International Myeloma Working Group (IMWG) efficacy criteria.\n\nOverall survival (OS) is "
        "defined as the interval from the date of the first infusion of LCAR-M61SQ cells to death.",
        FROM_7TH,
    )
    assert endpoints[16][1] == "Occurrence rate of antidrug antibody"
    assert record.detailed_description.startswith("This study is a prospective, open-label clinical study")
    assert record.interventions[0].name == "Cell injection"


def test_flat_layout_without_interventions_line_still_parses():
    text = "A title\nA summary.\nSome condition\n\nResponse rate, Proportion responding., Up to 2 years\nMore text."
    record = ctgov_flat.parse(text)
    assert record.interventions == []
    assert [(e.measure, e.time_frame) for e in record.endpoints] == [("Response rate", "Up to 2 years")]
    assert record.detailed_description == "More text."


def _flat(primary: str, secondary: str) -> str:
    """A flat document around two outcome fields."""
    return f"A title\nA summary of the study.\nSome condition\nDRUG: Drug X\n{primary}\n{secondary}\nThe description."


def test_a_time_frame_the_rules_do_not_know_does_not_cost_its_field():
    # "Perioperative" and "12th Week" name a time without reading like a time frame by the rules.
    secondary = (
        "Duration of the surgery, Perioperative|Blood loss, Measured in mL, Up to 24 hours|"
        "Length of stay, Days in hospital, Up to 30 days"
    )
    primary = "Pain score, Visual analogue scale, 12th Week|Disability, Oswestry index, 12th Week"
    record = ctgov_flat.parse(_flat(primary, secondary))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Pain score", "12th Week"),
        ("primary", "Disability", "12th Week"),
        ("secondary", "Duration of the surgery", "Perioperative"),
        ("secondary", "Blood loss", "Up to 24 hours"),
        ("secondary", "Length of stay", "Up to 30 days"),
    ]
    assert record.detailed_description == "The description."


def test_a_number_that_opens_a_duration_may_start_the_time_frame():
    primary = "Change in apnea-hypopnea index from baseline to week 12, 12 weeks"
    record = ctgov_flat.parse(_flat(primary, "Response, Best response, Weeks 2, 4, 8"))
    assert [(e.measure, e.description, e.time_frame) for e in record.endpoints] == [
        ("Change in apnea-hypopnea index from baseline to week 12", None, "12 weeks"),
        ("Response", "Best response", "Weeks 2, 4, 8"),
    ]


def test_a_blank_line_after_a_time_frame_like_sentence_does_not_end_the_field():
    # The description's first paragraph ends like a time frame; the blank line says it goes on.
    primary = (
        "Incidence of adverse events, Month 36 is assumed to be study end.\n\n"
        "Adverse events are graded by CTCAE v5.0., at month 36|Dose interruptions, Number per arm, at month 36"
    )
    record = ctgov_flat.parse(_flat(primary, "Overall response rate, Per RECIST v1.1, Up to 36 months"))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Incidence of adverse events", "at month 36"),
        ("primary", "Dose interruptions", "at month 36"),
        ("secondary", "Overall response rate", "Up to 36 months"),
    ]
    assert record.endpoints[0].description.startswith("Month 36 is assumed to be study end.")
    assert record.detailed_description == "The description."


def test_a_field_may_span_more_than_forty_lines():
    paragraphs = "\n\n".join(f"Sentence {n} of the description." for n in range(30))  # 59 lines
    primary = f"Migraine days, {paragraphs}, Up to 12 weeks|Migraine attacks, Counted in a diary, Up to 12 weeks"
    record = ctgov_flat.parse(_flat(primary, "Quality of life, HIT-6 score, Week 12"))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Migraine days", "Up to 12 weeks"),
        ("primary", "Migraine attacks", "Up to 12 weeks"),
        ("secondary", "Quality of life", "Week 12"),
    ]
    assert record.endpoints[0].description.count("Sentence") == 30


def test_a_detailed_description_that_ends_like_a_time_frame_is_not_an_outcome_field():
    description = (
        "This is a multicentre, observational study. Patients are followed after surgery. "
        "Imaging is reviewed at Month 6, Month 12 and Month 24 post surgery."
    )
    text = _flat("Pain score, Numeric rating scale, Week 12", "Sleep quality, Diary, Week 12").replace(
        "The description.", description
    )
    record = ctgov_flat.parse(text)
    assert [(e.kind, e.measure) for e in record.endpoints] == [
        ("primary", "Pain score"),
        ("secondary", "Sleep quality"),
    ]
    assert record.detailed_description == description


def test_a_single_outcome_that_ends_a_sentence_is_still_an_outcome():
    secondary = "IBS-SSS at week 24, Change in the symptom score. Score range: 0-500, Baseline and at Week 24."
    record = ctgov_flat.parse(_flat("Response, Best response, Week 24", secondary))
    assert [(e.kind, e.time_frame) for e in record.endpoints] == [
        ("primary", "Week 24"),
        ("secondary", "Baseline and at Week 24."),
    ]


def test_a_list_in_the_outcome_fields_place_is_read_whatever_its_time_frames():
    # Older records state no time frame; others state one no rule reads. No title, summary or
    # detailed description of the reference records holds a "|", so the list is the outcome field.
    primary = "McGill Pain Score|Roland Morris Disability Index|SF-36 General Health Survey"
    secondary = "Recurrence of VTE, data analysis from 2013 to 2020|Major bleedings, data analysis from 2013 to 2020"
    record = ctgov_flat.parse(_flat(primary, secondary))
    assert [(e.kind, e.measure, e.description, e.time_frame) for e in record.endpoints] == [
        ("primary", "McGill Pain Score", None, None),
        ("primary", "Roland Morris Disability Index", None, None),
        ("primary", "SF-36 General Health Survey", None, None),
        ("secondary", "Recurrence of VTE", None, "data analysis from 2013 to 2020"),
        ("secondary", "Major bleedings", None, "data analysis from 2013 to 2020"),
    ]
    assert record.detailed_description == "The description."
    assert not record.warnings


def test_a_single_line_in_the_outcome_fields_place_still_needs_a_time_frame():
    # One item with no time frame may as well be the first paragraph of the detailed description.
    record = ctgov_flat.parse(_flat("Background", "The study will enrol 40 patients."))
    assert record.endpoints == []
    assert record.detailed_description.startswith("Background")


def test_a_line_above_a_list_of_outcomes_is_an_outcome_field_too():
    # Older records state no time frame; fields keep their order, so the lone line is the primary field.
    primary = "PFS (progression free-survival), defined by the share of patients without progression"
    record = ctgov_flat.parse(_flat(primary, "Objective response|OS (overall survival)"))
    assert [(e.kind, e.measure) for e in record.endpoints][1:] == [
        ("secondary", "Objective response"),
        ("secondary", "OS (overall survival)"),
    ]
    first = record.endpoints[0]  # how the line splits is the segmenter's call; that it is read is the rule's
    assert first.kind == "primary" and first.measure.startswith("PFS (progression free-survival)")
    assert record.detailed_description == "The description."


def test_two_fields_that_share_a_time_frame_no_rule_reads_are_two_fields():
    # "december 2017" reads as no time frame, and the second line would otherwise continue the first.
    primary = "Correlation between mutations and survival, The log-rank test will be used., december 2017"
    secondary = "Correlation between mutations and clinical parameters, Fisher's exact test., december 2017"
    record = ctgov_flat.parse(_flat(primary, secondary))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Correlation between mutations and survival", "december 2017"),
        ("secondary", "Correlation between mutations and clinical parameters", "december 2017"),
    ]
    assert record.detailed_description == "The description."


def test_a_numbered_list_in_a_description_does_not_end_its_field_at_an_item():
    # The first item ends like a time frame; the line numbered "2." continues the same description.
    secondary = (
        "Change in mRSS, Change in skin score, at Week 52|"
        "Change in FVC, 1. Change in FVC (ml) at Week 52 in patients with lung disease\n"
        "2. Change in FVC (ml) in all patients, at Week 52|Adverse events, Incidence of AEs, Up to 2 years"
    )
    record = ctgov_flat.parse(_flat("Response rate, Share of responders, Week 52", secondary))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Response rate", "Week 52"),
        ("secondary", "Change in mRSS", "at Week 52"),
        ("secondary", "Change in FVC", "at Week 52"),
        ("secondary", "Adverse events", "Up to 2 years"),
    ]
    assert record.endpoints[2].description.endswith("2. Change in FVC (ml) in all patients")


def test_a_bulleted_list_in_a_description_does_not_end_its_field_at_an_item():
    # "* NTD = …" ends like a time frame; the next line opens with the same bullet: the same description.
    primary = (
        "Erythroid response, Responders are characterised as:\n"
        "* NTD = 2 consecutive Hb measurements, a rise of 1.5 g/dL for at least 8 weeks in 16 to 24 weeks\n"
        "* LTB = 0 units of RBC transfusions, 16 weeks|Related adverse events, Number of related events, 12 months"
    )
    record = ctgov_flat.parse(_flat(primary, "Platelet response, Share of responders, 8 weeks"))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Erythroid response", "16 weeks"),
        ("primary", "Related adverse events", "12 months"),
        ("secondary", "Platelet response", "8 weeks"),
    ]
    assert record.endpoints[0].description.endswith("* LTB = 0 units of RBC transfusions")


def test_a_field_over_paragraphs_ends_at_the_list_below_it():
    # the secondary field's first description runs over a blank line and a bulleted list; only
    # outcome fields hold "|" lists, so the field ends at the list, not at the first paragraph
    text = "\n".join(
        [
            "A study title",
            "A brief summary of the study.",
            "Lung Cancer",
            "DRUG: Durvalumab",
            "Overall survival (OS), OS defined as time from the index date to death., Up to 5 years",
            "Adverse events of special interest, Events assessed included the following:",
            "",
            "* Pneumonitis / ILD",
            "* Hepatitis / transaminase increases",
            "* Myocarditis, Data are collected from the first dose to 90 days after the last dose (Every visit)."
            "|Time to death or local recurrence, Defined from the index date., Patients are followed up from the index date",
            "The detailed description of the study.",
        ]
    )
    _, record = parse_text(text)
    assert [(e.kind, e.measure) for e in record.endpoints] == [
        ("primary", "Overall survival (OS)"),
        ("secondary", "Adverse events of special interest"),
        ("secondary", "Time to death or local recurrence"),
    ]
    assert "* Myocarditis" in record.endpoints[1].description


def test_a_field_that_ends_as_an_item_of_the_list_below_is_a_field_of_its_own():
    text = "\n".join(
        [
            "A study title",
            "A brief summary of the study.",
            "Herniated Disc",
            "OTHER: Decision aid",
            "Decision quality, Items assess:",
            "",
            "1. knowledge",
            "2. goals, Measured right after the consultation",
            "Decisional conflict, The scale measures:",
            "",
            "1. uncertainty",
            "2. values, Measured right after the consultation|Regret, A 5-item scale., One month after the decision",
            "The detailed description of the study.",
        ]
    )
    _, record = parse_text(text)
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Decision quality", "Measured right after the consultation"),
        ("secondary", "Decisional conflict", "Measured right after the consultation"),
        ("secondary", "Regret", "One month after the decision"),
    ]


def test_a_paragraph_break_after_a_time_like_ending_does_not_end_the_field():
    # "…middle and end of the study." names a time the rules do not read; the blank line under it
    # is a paragraph break inside the description, and fields never have one between them.
    secondary = (
        "Waist circumference, Measured in cm, 2 years|Weight change, Weight is recorded at the start, "
        "middle and end of the study.\n\nThe two groups are compared., 2 years"
    )
    record = ctgov_flat.parse(_flat("Fasting glucose, Measured in mmol/L, 2 years", secondary))
    assert [(e.kind, e.measure, e.time_frame) for e in record.endpoints] == [
        ("primary", "Fasting glucose", "2 years"),
        ("secondary", "Waist circumference", "2 years"),
        ("secondary", "Weight change", "2 years"),
    ]
    assert record.endpoints[2].description.endswith("The two groups are compared.")
    assert record.detailed_description == "The description."


def test_a_last_field_that_ends_as_the_long_field_above_it_is_read():
    # The primary field is longer than one outcome may be; its last item and the lone secondary
    # share a time frame no rule reads, and no detailed description follows.
    item = "Sleep time, Total sleep time in hours over one night of polysomnography., From study start to June 2019"
    primary = "|".join([item] * 20)
    secondary = "Sleep disorders, Prevalence is compared between the groups., From study start to June 2019"
    text = f"A title\nA summary of the study.\nSome condition\nDRUG: Drug X\n{primary}\n{secondary}"
    record = ctgov_flat.parse(text)
    assert len(primary) > 2_000
    assert [(e.kind, e.measure) for e in record.endpoints][-2:] == [
        ("primary", "Sleep time"),
        ("secondary", "Sleep disorders"),
    ]


def test_a_description_whose_first_cut_holds_a_sentence_break_is_not_an_outcome_field():
    # Cut at its commas, the detailed description reads as one outcome ending "at Week 30." whose
    # measure spans two sentences; no real measure of a later lone field does.
    description = (
        "Patients take the study drug for two weeks. "
        "After the last dose at Week 26, safety is reviewed at a follow-up visit, at Week 30."
    )
    text = _flat("Pain score, Numeric rating scale, Week 12", "Sleep quality, Diary, Week 12").replace(
        "The description.", description
    )
    record = ctgov_flat.parse(text)
    assert [(e.kind, e.measure) for e in record.endpoints] == [("primary", "Pain score"), ("secondary", "Sleep quality")]
    assert record.detailed_description == description


def test_a_line_whose_time_frame_is_a_sentence_ending_in_a_time_ends_its_field():
    # The rules read "RFS was defined as …, up to about 8 years." as prose, but its last part is a
    # time: the line ends the primary field, and the next line opens the secondary one.
    primary = (
        "Complete response, Share of patients without residual tumour, Within 20 days after surgery|"
        "Recurrence-free survival, Defined from randomisation to recurrence., RFS was defined as the time from "
        "the operation to the first documented recurrence or death (of any cause in the absence of recurrence), "
        "up to about 8 years."
    )
    secondary = (
        "Overall survival, Defined from surgery to death., From surgery to death, up to about 8 years.|"
        "Relapse sites, Where relapse occurs., Within 8 years after surgery"
    )
    record = ctgov_flat.parse(_flat(primary, secondary))
    assert [(e.kind, e.measure) for e in record.endpoints] == [
        ("primary", "Complete response"),
        ("primary", "Recurrence-free survival"),
        ("secondary", "Overall survival"),
        ("secondary", "Relapse sites"),
    ]
    assert record.detailed_description == "The description."
