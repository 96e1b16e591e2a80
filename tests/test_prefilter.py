"""The cheap word test before a category's scan never changes a category (tasks/normalize/prefilter.py)."""

import json
import re
from pathlib import Path

import pytest

from tasks.normalize.criteria import CATEGORIES, categorize_criterion
from tasks.normalize.endpoints import VOCABULARY, classify_endpoint
from tasks.normalize.prefilter import literal_prefixes, may_end_comparator, may_match, word_set, words_in
from tasks.normalize.vocabulary import ANY_COMPARATOR


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bpregna(?:nt|ncy)|\blactat|\bbreast[\s-]?feed", ("pregna", "lactat", "breast")),
        (r"\btumou?r\s+lysis|\bTLS\b", ("tumo", "tls")),  # an optional letter is not needed
        (r"(?<!-)\bECOG\b|\bperformance\s+status", ("ecog", "performance")),
        (r"\bsign(?:ed)?\s+consent|(?:informed)\s+consent", ("sign", "informed")),  # a group of words: its words
        (r"\b(?:overall|objective)\s+response|\bORR\b", ("overall", "objective", "orr")),
        (r"\b(?:stringent\s+)?complete\s+response", None),  # an optional group needs none of its words
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


COMPARATOR_BEFORE = re.compile(rf"(?:{ANY_COMPARATOR})\s*:?\s*$", re.I)


@pytest.mark.parametrize(
    "head",
    [
        "Age ≥ ",
        "age >= ",
        "ANC > or = ",
        "at least ",
        "no less than ",
        "not fewer than ",
        "greater than or equal to ",
        "equal to or greater than ",
        "equal to or above ",
        "a minimum of ",
        "minimum ",
        "at or above ",
        "at most ",
        "no more than ",
        "not to exceed ",
        "not exceeding ",
        "less than or equal to ",
        "up to ",
        "a maximum of ",
        "maximum: ",
        "at or below ",
        "more then ",
        "over ",
        "above ",
        "exceeds ",
        "in excess of ",
        "elevated above ",
        "younger than ",
        "below ",
        "under ",
        "= ",
        "equal to ",
        "lesser than ",
    ],
)
def test_every_comparator_ending_passes_the_cheap_test(head):
    assert COMPARATOR_BEFORE.search(head), head  # the example is a comparator of the vocabulary
    assert may_end_comparator(head)


def test_the_cheap_test_never_refuses_a_comparator_the_scan_finds():
    labels = Path(__file__).parent / "data" / "labels" / "thresholds.jsonl"
    texts = [json.loads(line)["text"] for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    refused = 0
    for text in texts:
        for digit in re.finditer(r"\d+", text):
            head = text[max(0, digit.start() - 40) : digit.start()]
            found = COMPARATOR_BEFORE.search(head)
            assert not found or may_end_comparator(head), head
            refused += not may_end_comparator(head)
    assert refused > 1000  # and it does spare scans: most numbers follow no comparator
