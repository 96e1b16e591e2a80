"""The cheap word test before a category's scan never changes a category (tasks/normalize/prefilter.py)."""

import re

import pytest

from tasks.normalize.criteria import CATEGORIES, categorize_criterion
from tasks.normalize.endpoints import VOCABULARY, classify_endpoint
from tasks.normalize.prefilter import literal_prefixes, may_match, word_set, words_in


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bpregna(?:nt|ncy)|\blactat|\bbreast[\s-]?feed", ("pregna", "lactat", "breast")),
        (r"\btumou?r\s+lysis|\bTLS\b", ("tumo", "tls")),  # an optional letter is not needed
        (r"(?<!-)\bECOG\b|\bperformance\s+status", ("ecog", "performance")),
        (r"\bsign(?:ed)?\s+consent|(?:informed)\s+consent", None),  # an alternative opening with a group
        (r"\b[A-Z]{2}\b|\bfoo", None),  # an alternative opening with a class
    ],
)
def test_the_words_a_pattern_needs(pattern, words):
    assert literal_prefixes(pattern) == words


def test_a_pattern_only_matches_texts_holding_one_of_its_words():
    texts = ["Pregnant or lactating women", "ECOG 0-1", "tumor lysis syndrome", "no such words", "TLS risk"]
    for _, _, pattern in VOCABULARY:
        needed = word_set(pattern)
        for text in texts:
            if re.search(pattern, text, re.I):
                assert may_match(needed, words_in(needed or frozenset(), text.lower())), (pattern, text)
    for _, pattern in CATEGORIES:
        needed = word_set(pattern)
        for text in texts:
            if re.search(pattern, text, re.I):
                assert may_match(needed, words_in(needed or frozenset(), text.lower())), (pattern, text)


def _unfiltered_category(text: str) -> str:
    hits = [(m.start(), name) for name, pattern in CATEGORIES for m in [re.search(pattern, text, re.I)] if m]
    return min(hits)[1] if hits else "other"


@pytest.mark.parametrize(
    "text",
    [
        "Age ≥ 18 years",
        "Pregnant or breastfeeding women",
        "ECOG performance status 0-2",
        "Prior autologous stem cell transplant within 12 weeks",
        "Known HIV infection or active hepatitis B",
        "Creatinine clearance ≥ 40 mL/min and bilirubin ≤ 1.5 x ULN",
        "Signed informed consent",
        "Nothing here names a category",
    ],
)
def test_categories_are_those_of_every_pattern_scanned(text):
    assert categorize_criterion(text) == _unfiltered_category(text)


def test_endpoint_classes_are_unchanged_for_known_shapes():
    assert classify_endpoint("Overall response rate (ORR)").categories[0] == "objective_response"
    assert classify_endpoint("Incidence of cytokine release syndrome").categories[0] == "cytokine_release_syndrome"
    assert classify_endpoint("Something unrelated").domain == "other"
