"""Names of limits as the labelling guide writes them: the noun phrase, without judgement or negation.

The sentences are written for these tests in the shapes of real criteria, not taken from the
labelled sets; the expected names follow ``tests/data/labels/README.md`` ("the quantity phrase as
written, lowercased and shortened to its noun phrase").
"""

import pytest

from tasks.normalize.criteria import extract_thresholds


def rows(text: str) -> list[tuple[str, str, float]]:
    return [(t.variable, t.comparator, t.value) for t in extract_thresholds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "adequate", "normal", "significant", "regular" judge the thing; they are not its name
        ("Adequate renal and liver function within 10 days before enrolment", [("renal and liver function", "<=", 10)]),
        ("Normal organ and marrow function within 2 weeks prior to dosing", [("organ and marrow function", "<=", 2)]),
        ("Significant blood loss within 60 days of screening", [("blood loss", "<=", 60)]),
        ("Regular cycling exercise > 3 times per week", [("cycling exercise", ">", 3)]),
        # but "clinically significant" is kept, as the labels keep it
        (
            "Clinically significant bleeding within 3 months",
            [("clinically significant bleeding", "<=", 3)],
        ),
    ],
)
def test_judgements_are_not_names(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a window bounds the event whether the criterion requires it or its absence
        ("No platelet transfusion within 7 days before the first dose", [("platelet transfusion", "<=", 7)]),
        ("Not having received an epidural injection in the previous 3 months", [("epidural injection", "<=", 3)]),
        ("No history of stroke within the past 6 months", [("stroke", "<=", 6)]),
        # "no evidence of disease" is itself the state, and an absence that lasts keeps its "no"
        ("No evidence of disease for at least 3 years", [("no evidence of disease", ">=", 3)]),
        ("Cured cancer, no recurrence for more than 5 years", [("no recurrence", ">", 5)]),
    ],
)
def test_negated_windows_name_the_event(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a donor's age limits the donor, not the participant
        ("Matched sibling donor aged 16 to 60 years", [("donor age", ">=", 16), ("donor age", "<=", 60)]),
        ("Unrelated donors must be at least 18 years of age", [("donor age", ">=", 18)]),
        # a donor named in another clause leaves the participant's age alone
        ("Patients aged 18-70 with an available donor", [("age", ">=", 18), ("age", "<=", 70)]),
        ("Availability of a donor; age 18 to 65 years", [("age", ">=", 18), ("age", "<=", 65)]),
    ],
)
def test_a_donors_age(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one comparator, a value per group of people: two limits of the same quantity
        ("QTcF ≤ 470 ms (female) / 450 ms (male)", [("qtc", "<=", 470), ("qtc", "<=", 450)]),
        ("Hemoglobin < 13 g/dL in men or 12 g/dL in women", [("hemoglobin", "<", 13), ("hemoglobin", "<", 12)]),
        (
            "Vaccination within 14 days (inactivated vaccines) or 28 days (live vaccines) before dosing",
            [("vaccination", "<=", 14), ("vaccination", "<=", 28)],
        ),
        # without a group, which value is meant is not said
        ("eGFR ≥ 60 or 45 mL/min", [("egfr", ">=", 60)]),
    ],
)
def test_a_value_for_each_group(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare total or global score is named by the acronym right before it, with the part scored
        ("Liebowitz Social Anxiety Scale (LSAS) total ≥ 70", [("lsas", ">=", 70)]),
        ("Pittsburgh Sleep Quality Index (PSQI) global score > 5", [("psqi", ">", 5)]),
        ("UPDRS Part III (motor) score > 30", [("updrs part iii", ">", 30)]),
        ("MDS-UPDRS Part III score ≥ 20", [("mds-updrs part iii", ">=", 20)]),
        # a subscale is another quantity than its scale
        ("PANSS negative subscale ≥ 20", [("panss negative subscale", ">=", 20)]),
        # an instrument named after the score still names it
        ("A score of 6 or more on the Prodromal Questionnaire (PQ-16)", [("pq16", ">=", 6)]),
    ],
)
def test_a_bare_score_after_its_acronym(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts of failed treatments keep "failed" and name what failed, whichever comparator is written
        ("Failure of at least 2 preventive medications", [("failed preventive medications", ">=", 2)]),
        ("History of failure of ≥ 2 triptans", [("failed triptans", ">=", 2)]),
        ("Failed two or more preventive therapies", [("failed preventive therapies", ">=", 2)]),
        ("Failed at least 3 prior lines of therapy", [("prior_lines", ">=", 3)]),
    ],
)
def test_counts_of_failed_treatments(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a label before a colon names no quantity: a count after it is of its own noun
        ("Panic disorder: at least 4 panic attacks", [("panic attacks", ">=", 4)]),
        ("Exclusion: more than 15 headache days per month", [("headache days", ">", 15)]),
        # a measured value after a label keeps the quantity the label names
        ("Hemoglobin: ≥ 9 g/dL", [("hemoglobin", ">=", 9)]),
    ],
)
def test_a_count_after_a_label(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an age stated with its own limit, then "with" another quantity: the second limit is that quantity's
        (
            "Children 7 to 17 years of age with PARS score ≥ 13",
            [("age", ">=", 7), ("age", "<=", 17), ("pars", ">=", 13)],
        ),
        ("Aged ≥ 65 with ≥ 2 falls in the past year", [("age", ">=", 65), ("falls", ">=", 2)]),
    ],
)
def test_a_limit_after_an_age_with_another_quantity(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two counts joined by "and" share the noun after the second
        (
            "At least 2 and no more than 8 migraine attacks per month",
            [("migraine attacks", ">=", 2), ("migraine attacks", "<=", 8)],
        ),
        ("≥ 2 and ≤ 6 seizures per month", [("seizures", ">=", 2), ("seizures", "<=", 6)]),
        ("BMI ≥ 18.5 and ≤ 32", [("bmi", ">=", 18.5), ("bmi", "<=", 32)]),
        # a measured second value has a unit, not a noun: both limit the phrase before
        ("Tumor size ≥ 2 and ≤ 10 cm", [("tumor size", ">=", 2), ("tumor size", "<=", 10)]),
    ],
)
def test_two_counts_share_their_noun(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two single words joined by "or" are one phrase, as labellers keep them
        ("Use of opioids or barbiturates more than 5 days per month", [("opioids or barbiturates", ">", 5)]),
        ("Use of triptans or ergots on ≥ 10 days per month", [("triptans or ergots", ">=", 10)]),
        # not a longer item, nor a time word
        (
            "More than 8 attacks per day or attack duration of less than 30 minutes",
            [("attacks", ">", 8), ("attack duration", "<", 30)],
        ),
    ],
)
def test_an_or_pair_of_words_is_one_phrase(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of days in a period is a frequency of what is named before it ...
        ("Seizures 3 or more days per week", [("seizures", ">=", 3)]),
        # ... and the period it is counted over is no limit of its own
        ("Cannabis use on at least 3 days per week for the past 6 months", [("cannabis use", ">=", 3)]),
        (
            "Insomnia symptoms 3 or more nights per week for the past 3 months",
            [("insomnia symptoms", ">=", 3)],
        ),
    ],
)
def test_a_frequency_and_its_counting_period(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a named score allowed at one of two values is a range of it, as "ECOG 0 or 1" is
        (
            "Clinical Dementia Rating of 1 or 2",
            [("clinical dementia rating", ">=", 1), ("clinical dementia rating", "<=", 2)],
        ),
        ("Deauville score 4 or 5", [("deauville score", ">=", 4), ("deauville score", "<=", 5)]),
        ("MoCA 18 or 19", [("moca", ">=", 18), ("moca", "<=", 19)]),
        # a full stop ends the list; a score named by its acronym is the acronym
        ("sPGA score of 0 or 1.", [("spga", ">=", 0), ("spga", "<=", 1)]),
        ("ECOG 0 or 1", [("ecog", ">=", 0), ("ecog", "<=", 1)]),
        # a bare class, a type or a count is no score
        ("Class 3 or 4 congestive heart failure", []),
        ("Type 1 or 2 diabetes", []),
    ],
)
def test_a_score_at_one_of_two_values(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person's age, then "with" what lasts: the duration is of what follows "with"
        (
            "Adults 18 to 65 years of age with a history of migraine for at least 12 months",
            [("age", ">=", 18), ("age", "<=", 65), ("migraine history", ">=", 12)],
        ),
        (
            "Patients aged 18 or older with chronic low back pain for at least 6 months",
            [("age", ">=", 18), ("chronic low back pain", ">=", 6)],
        ),
    ],
)
def test_a_duration_after_an_age(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "if", "exposure to", "intolerance to": links to a count of the noun after the value
        ("Excluded if more than 3 lesions.", [("lesions", ">", 3)]),
        ("Prior exposure to ≥ 2 therapies", [("therapies", ">=", 2)]),
        ("Intolerance to two or more triptans", [("triptans", ">=", 2)]),
        # "receipt of", "use of" frame a count of the noun after the value, as "history of" does
        ("Receipt of more than 3 doses", [("doses", ">", 3)]),
        ("Use of ≥ 3 antihypertensive drugs", [("antihypertensive drugs", ">=", 3)]),
        # a time "post" an event is the time since it ("time post-transplant" as labellers write it)
        ("Eligible if at least 100 days post-transplant", [("time post-transplant", ">=", 100)]),
        ("≥ 7 days post last chemotherapy", [("time since last chemotherapy", ">=", 7)]),
    ],
)
def test_links_to_the_noun_after_a_value(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unitless range right after an acronym limits what the acronym names
        ("IGA 2-3", [("iga", ">=", 2), ("iga", "<=", 3)]),
        ("HCT-CI 0-2", [("hct-ci", ">=", 0), ("hct-ci", "<=", 2)]),
        # "PS" alone is the performance status
        ("PS 0-2 (WHO scale)", [("ecog", ">=", 0), ("ecog", "<=", 2)]),
        ("PS ≤ 2", [("ecog", "<=", 2)]),
        # a unitless range after words names nothing
        ("Symptoms 2-3 times", []),
    ],
)
def test_a_range_after_an_acronym(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pair of severities belongs to the counted noun
        ("≥ 2 moderate or severe exacerbations in the past 12 months", [("moderate or severe exacerbations", ">=", 2)]),
        # a bracketed acronym that opens with digits names the quantity, as other acronyms do
        ("Walk distance (6MWD) ≥ 150 m", [("6mwd", ">=", 150)]),
    ],
)
def test_severity_pairs_and_digit_acronyms(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name that qualifies another (a correction, an adjustment) is not the quantity
        (
            "FEV1 ≥ 50% predicted and DLCO (Hb-corrected) ≥ 50% predicted",
            [("fev1", ">=", 50), ("dlco", ">=", 50)],
        ),
        (
            "Pulmonary: Diffusing capacity of the lung for carbon monoxide (DLCO) (adjusted for hemoglobin) ≥ 50%",
            [("dlco", ">=", 50)],
        ),
        # a modal alone names nothing; a clause ending in "after" hands the name to the counted noun
        ("Renal cell carcinoma, after ≥ 1 prior VEGF-targeted therapy", [("prior vegf-targeted therapies", ">=", 1)]),
        ("QT-prolonging medications that cannot be stopped at least 7 days before first dose", []),
    ],
)
def test_what_names_no_quantity(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of prior things names them with "prior" ("prior" alone ends a window's phrase)
        (
            "Previous HSCT within 6 months or more than one prior allogeneic transplant",
            [("previous hsct", "<=", 6), ("prior allogeneic transplants", ">", 1)],
        ),
        ("≥ 2 weeks prior to enrolment", []),
        # lines of therapy: for a disease named by its acronym, and a pair as a range
        ("For patients with at least one prior CLL therapy as continuous monotherapy", [("prior_lines", ">=", 1)]),
        (
            "Relapsed or refractory AML after 1 or 2 prior induction regimens",
            [("prior_lines", ">=", 1), ("prior_lines", "<=", 2)],
        ),
    ],
)
def test_counts_of_prior_things(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weeks of gestation are a gestational age, named after the value
        (
            "Dichorionic twin pregnancy at 20-30 weeks' gestation",
            [("gestational age", ">=", 20), ("gestational age", "<=", 30)],
        ),
        ("Pregnant women at ≥ 28 weeks gestation", [("gestational age", ">=", 28)]),
        ("Born at less than 32 weeks of gestation", [("gestational age", "<", 32)]),
        ("Gestational diabetes for > 2 years", [("gestational diabetes", ">", 2)]),
    ],
)
def test_weeks_of_gestation(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names the brief does not list are written as the labels write them
        (
            "Coagulation international normalized ratio (INR) ≤ 1.5 ULN and APTT ≤ 1.5 ULN;",
            [("inr", "<=", 1.5), ("aptt", "<=", 1.5)],
        ),
        ("partial thromboplastin time (PTT) ≤ 1.5 x ULN", [("ptt", "<=", 1.5)]),
        ("Alkaline phosphatase < 5 x ULN", [("alkaline phosphatase", "<", 5)]),
        ("Corrected serum calcium > 14 mg/dL", [("corrected calcium", ">", 14)]),
        (
            "HBV DNA ≥ 2000 IU/mL or HIV viral load ≥ 400 copies/mL",
            [("hbv dna", ">=", 2000), ("hiv viral load", ">=", 400)],
        ),
    ],
)
def test_names_as_the_labels_write_them(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a score stated "for" or "on" a scale or an item is named by it
        (
            "Has a score of ≥ 4 (moderately ill) for PANSS negative symptoms at Screening.",
            [("panss negative symptoms", ">=", 4)],
        ),
        ("Urgency defined as response ≥ 2 on ICIQ question #5a", [("iciq question #5a", ">=", 2)]),
        (
            "A score of 1 or more on the self-harm item of the questionnaire.",
            [("self-harm item of the questionnaire", ">=", 1)],
        ),
        # a group of people is not what is scored
        ("Scores of 19 or higher for boys", [("scores", ">=", 19)]),
    ],
)
def test_a_generic_score_is_named_by_what_it_scores(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "HB" in capitals is the haemoglobin, as "Hb" and "Hgb" are; "HBV DNA" and "HBsAg" are not
        ("Blood routine: HB≥90 g/L; ANC ≥1.5×10^9/L", [("hemoglobin", ">=", 90), ("anc", ">=", 1.5)]),
        ("HBV DNA > 2000 IU/mL", [("hbv dna", ">", 2000)]),
    ],
)
def test_hb_in_capitals_is_the_haemoglobin(text, expected):
    assert rows(text) == expected
