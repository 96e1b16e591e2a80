"""The identity rules as plain functions: matching a document to a trial, prose references, precedence.

Beside ``test_identity.py``, whose tests ingest into a warehouse: these need no engine.
"""

from __future__ import annotations

from datetime import datetime

from tasks import matching
from tasks.identity import normalise, prose_references
from tasks.match_features import Features, numbers_disagree
from tasks.matching import MatchIndex, match_document
from tasks.parsers.records import TrialRecord
from tasks.precedence import Source, current_sources, merge_decision


def features(key, title=None, summary=None, sponsor=None, conditions=(), interventions=()):
    return Features.of(key, (title,), summary, sponsor, conditions, interventions)


def test_a_title_matches_through_punctuation_case_and_an_added_acronym():
    index = MatchIndex()
    index.add(features("NCT1", "Study of CAR-T Cells in Relapsed Myeloma", conditions=["Multiple Myeloma"]))
    index.add(features("NCT2", "Study of Bispecific Antibodies in Lymphoma", conditions=["Lymphoma"]))
    found = match_document(
        features("doc", "[ARI] study of car t cells in relapsed myeloma.", conditions=["multiple myeloma"]), index
    )
    assert found is not None and (found.trial_id, found.rule) == ("NCT1", "title") and found.score >= 85


def test_titles_of_one_series_that_differ_by_their_number_never_match():
    assert numbers_disagree("lummicar study 1", "lummicar study 2")
    assert not numbers_disagree("cartitude 4 a study", "a study")  # a token on one side only
    index = MatchIndex()
    index.add(
        features(
            "NCT03975907", "Clinical Trial to Evaluate CT053 in Myeloma (LUMMICAR STUDY 1)", conditions=["Myeloma"]
        )
    )
    query = features("doc", "Clinical Trial to Evaluate CT053 in Myeloma (LUMMICAR STUDY 2)", conditions=["Myeloma"])
    assert match_document(query, index) is None


def test_a_page_without_a_title_matches_by_its_summary_and_a_generic_title_needs_support():
    summary = "This single-arm open-label study evaluates anti-BCMA CAR-T cells in relapsed or refractory myeloma."
    index = MatchIndex()
    index.add(features("NCT1", "Anti-BCMA CAR-T in Myeloma", summary, sponsor="Hrain"))
    found = match_document(features("page", None, summary + " ", interventions=["x"]), index)
    assert found is not None and (found.trial_id, found.rule) == ("NCT1", "summary")
    generic = MatchIndex()
    generic.add(features("NCT7", "Long-term Follow-up Study", sponsor="Sponsor A", conditions=["Lymphoma"]))
    contradicted = features("doc", "Long-term Follow-up Study", sponsor="Sponsor B", conditions=["Myeloma"])
    assert match_document(contradicted, generic) is None


def test_summaries_of_a_series_that_differ_by_their_number_never_match():
    opening = "This is a phase 1 open-label study of anti-BCMA CAR-T cells in patients with myeloma, cohort "
    index = MatchIndex()
    index.add(features("NCT1", None, opening + "1 receives the low dose level of the product over four weeks."))
    found = match_document(
        features("page", None, opening + "2 receives the low dose level of the product over four weeks."), index
    )
    assert found is None
    same = match_document(features("page", None, opening + "1 receives the low dose level"), index)
    assert same is not None and same.trial_id == "NCT1"


def test_two_trials_equally_close_make_a_match_ambiguous():
    index = MatchIndex()
    index.add(features("NCT1", "A Study of Drug X in Myeloma"))
    index.add(features("NCT2", "A Study of Drug X in Myeloma"))
    assert match_document(features("doc", "A Study of Drug X in Myeloma"), index) is None


def test_prose_ids_are_references_and_never_the_trials_own():
    record = TrialRecord(
        registry_id="NCT00000001",
        brief_summary="A long-term follow-up of patients treated in NCT04309981 and NCT00000001.",
    )
    assert [r for r, _ in prose_references(record)] == ["NCT04309981"]
    assert "treated in NCT04309981" in prose_references(record)[0][1]


def test_a_poorer_source_never_blanks_a_field_and_children_come_from_the_best_source_with_rows():
    now = datetime(2026, 1, 1)
    sources = current_sources(
        [
            Source("csv", "ctgov_csv", datetime(2025, 4, 1)),
            Source("json-old", "ctgov_json", datetime(2023, 1, 1)),
            Source("json", "ctgov_json", datetime(2024, 1, 1)),
            Source("medpath", "medpath", now),
        ]
    )
    assert [s.document_id for s in sources] == ["json", "csv", "medpath"]  # the older JSON is history
    rows = {
        "json": {"trial_id": "NCT1", "enrollment": None, "title": "T", "phase": "PHASE1"},
        "csv": {"trial_id": "NCT1", "enrollment": 40, "title": "T", "phase": "PHASE2"},
        "medpath": {"trial_id": "NCT1", "enrollment": 18, "title": "T", "phase": None},
    }
    counts = {"json": {"criterion": 26}, "csv": {"endpoint": 3}, "medpath": {"endpoint": 5, "site": 1}}
    decision = merge_decision(sources, rows, counts)
    assert decision.primary == "json"
    assert decision.fields == {"enrollment": "csv", "title": "json", "phase": "json"}
    assert decision.tables == {"criterion": "json", "criterion_threshold": "json", "endpoint": "csv", "site": "medpath"}
    assert ("enrollment", "40", "csv") in decision.conflicts and ("enrollment", "18", "medpath") in decision.conflicts
    assert ("phase", "PHASE1", "json") in decision.conflicts


def test_a_summary_shared_by_thousands_of_trials_is_scored_once_per_lookup(monkeypatch):
    calls = []

    def counting_ratio(query, choice, **kwargs):
        calls.append(choice)
        return matching.opening_ratio(query, choice, **kwargs)

    monkeypatch.setattr(matching, "SUMMARY_SCORING", (counting_ratio, *matching.SUMMARY_SCORING[1:]))
    boilerplate = "This long-term follow-up study collects safety data on patients treated with gene therapies."
    index = MatchIndex()
    for number in range(3 * matching.MAX_BLOCK):
        index.add(features(f"DOC-{number}", None, boilerplate))
    page = features("page", None, boilerplate)
    assert index.summary_scores(page.summary) and len(calls) == 1
    assert match_document(page, index) is None  # thousands of trials equally close


def test_a_rewritten_trial_is_found_by_its_new_texts_only():
    index = MatchIndex()
    index.add(features("NCT1", "Anti-BCMA CAR-T in Myeloma"))
    index.remove("NCT1")
    index.add(features("NCT1", "A Bispecific Antibody in Lymphoma"))
    index.add(features("NCT2", "Anti-BCMA CAR-T in Myeloma"))
    found = match_document(features("doc", "Anti-BCMA CAR-T in Myeloma"), index)
    assert found is not None and found.trial_id == "NCT2"
    assert match_document(features("doc", "A Bispecific Antibody in Lymphoma"), index).trial_id == "NCT1"


def test_normalised_text_folds_case_accents_full_width_forms_and_punctuation():
    assert normalise("Étude de phase Ⅱ：CAR-T（BCMA）") == "etude de phase ii car t bcma"
    assert normalise("Anti-BCMA CAR-T in R/R Myeloma.") == "anti bcma car t in r r myeloma"
    assert normalise("ﬁrst-line ２ doses, naïve") == "first line 2 doses naive"
    assert normalise("  \t") == "" and normalise(None) == ""
