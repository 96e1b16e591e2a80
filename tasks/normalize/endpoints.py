"""Classify endpoints into a controlled vocabulary of categories, each within a domain.

The measure title decides; the description is read only when the title names no
category ("Evaluate additional efficacy outcomes", with the list in the description).
An endpoint may carry several categories; its domain is that of the category named
first. Nothing recognisable gives ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.normalize import CACHE_SIZE
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.prefilter import may_match, word_set, words_in

# (category, domain, pattern). Order matters only for readability: every pattern is tried.
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    (
        "objective_response",
        "efficacy",
        r"\b(?:overall|objective|best overall|clinical)\s+response|\bORR\b|\bOR\s+rate|\b(?<!complete )(?<!partial )"
        r"response\s+rate|\bresponse\s+(?:to|after)\b|(?<!good )\bpartial\s+re(?:sponse|mission)|\bresponders?\b|"
        r"\bremission\b|"
        r"\banti-?(?:tumou?r|leuka?emic)\s+(?:activity|effects?)|\bblast\s+reduction|\breduction\s+in\s+(?:leukemic\s+)?"
        r"blasts|\bdisease\s+response",
    ),
    (
        "complete_response",
        "efficacy",
        r"\b(?:stringent\s+)?complete\s+(?:clinical\s+|hematologic(?:al)?\s+|molecular\s+|cytogenetic\s+|"
        r"morphologic(?:al)?\s+)?(?:response|remission)|\bs?CRR?\b|\bCRi\b|\bsCR\b",
    ),
    ("vgpr", "efficacy", r"\bvery\s+good\s+partial\s+response|\bVGPR\b"),
    ("mrd_negativity", "efficacy", r"\b(?:minimal|minimum|measurable|microscopic)\s+residual\s+disease|\bMRD\b"),
    ("pfs", "efficacy", r"\bprogression[- ]free\s+survival|\bPFS\b|\btime\s+to\s+progression|\bTTP\b"),
    ("os", "efficacy", r"\boverall\s+survival|\bOS\b|\bsurvival\s+rate|\bmortality\b|\bdeath\b|^survivals?$"),
    ("dor", "efficacy", r"\bduration\s+of\s+(?:the\s+)?(?:response|remission)|\bDOR\b|\bDoR\b"),
    ("time_to_response", "efficacy", r"\btime\s+to\s+(?:first\s+|complete\s+|best\s+)?response|\bTTR\b"),
    ("disease_control", "efficacy", r"\bdisease\s+control|\bDCR\b|\bclinical\s+benefit|\bstable\s+disease\b"),
    (
        "event_free_survival",
        "efficacy",
        r"\b(?:event|relapse|disease|leukemia|leukaemia|GvHD)[- ]free\s+survival|\bEFS\b|\bRFS\b|\bDFS\b|\bGRFS\b|"
        r"\bincidence\s+of\s+relapse|\brelapse\s+(?:rate|incidence)|\btime\s+to\s+relapse|\brecurrence\b",
    ),
    (
        "adverse_events",
        "safety",
        r"\badverse\s+(?:events?|reactions?|effects?)|\bT?E?S?AEs?\b|\bTRAEs?\b|\btoxicit(?:y|ies)\b|\bsafety\b|"
        r"\btolerabilit|\bside\s+effects?|\bcomplications?\b",
    ),
    ("dlt", "safety", r"\bdose[- ]limiting\s+toxicit|\bDLTs?\b|\bdose\s+limited\s+toxicity"),
    (
        "mtd_rp2d",
        "safety",
        r"\bmaximum\s+tolerated\s+dose|\bMTD\b|\brecommended\s+(?:phase\s+(?:2|II)\s+)?dose|\bRP2D\b|\bRDE\b|"
        r"\boptimal\s+(?:biological\s+)?dose|\bOBD\b",
    ),
    ("cytokine_release_syndrome", "safety", r"\bcytokine\s+release\s+syndrome|\bCRS\b"),
    (
        "neurotoxicity",
        "safety",
        r"\bneuro(?:logic(?:al)?\s+)?toxicit|\bICANS\b|\bimmune\s+effector\s+cell[- ]associated\s+neurotox",
    ),
    (
        "cytopenia",
        "safety",
        r"\bcytopenias?\b|\bneutropenia|\bthrombocytopenia|\banemia|\banaemia|\bhematologic(?:al)?\s+(?:toxicity|"
        r"recovery)|\bcount\s+recovery|\bengraftment\b",
    ),
    ("tumour_lysis_syndrome", "safety", r"\btumou?r\s+lysis|\bTLS\b"),
    ("gvhd", "safety", r"\bgraft[- ]versus[- ]host|\bGvHD\b|\bGVHD\b"),
    (
        "safety_assessments",
        "safety",
        r"\bvital\s+signs?|\bphysical\s+exam|\blaboratory\s+(?:tests?|values?|abnormalit)|\bblood\s+count|"
        r"\bbiochemi|\belectrocardiogra|\bECG\b|\bhematology\s+parameters|\bchemistry\s+parameters",
    ),
    (
        "pharmacokinetics",
        "pharmacokinetics",
        r"\bpharmacokinetic|\bPK\b|\bCmax\b|\bTmax\b|\bAUC\w*|\bhalf[- ]life|\bclearance\b|\bpersistence\b|"
        r"\bexpansion\b|\btransgene|\bcopy\s+number|\b(?:plasma|serum|drug)\s+concentrations?\b|"
        r"\bmaximum\s+concentration|\bconcentration\s+of\s+CAR|\bobserved\s+concentration|\bpeak\b|\bCAR\s+level|"
        r"\bplasma\s+level|\bkinetics\b|\bcells?\s+in\s+vivo\b|"
        r"\bCAR[- ]?T\s+cells?\s+in\s+(?:the\s+)?(?:bone\s+marrow|peripheral|blood)",
    ),
    (
        "cytokines",
        "pharmacodynamics",
        r"\bcytokines?\b|\bIL-?\d+\b|\binterleukin|\bIFN|\binterferon|\bTNF|\bferritin\b|\bC-reactive\s+protein|\bCRP\b",
    ),
    (
        "biomarkers",
        "pharmacodynamics",
        r"\bbiomarkers?\b|\bsoluble\s+BCMA|\bsBCMA\b|\bBCMA\s+expression|\bexpression\s+of\s+BCMA|\bpharmacodynamic|"
        r"\bPD\s+(?:marker|parameter)|\bplasma\s+cells?\b|\bM[- ]protein\b|\bfree\s+light\s+chain|\bmutation\s+burden",
    ),
    (
        "lymphocyte_subsets",
        "pharmacodynamics",
        r"\blymphocyte\s+subsets?|\bCD[48]\+?\s*T\b|\bT[- ]cell\s+subsets?|\bimmune\s+(?:cell|reconstitution)|"
        r"\bB[- ]cell\s+aplasia|\blymphocyte\s+count|\bimmune\s+cells?\b",
    ),
    (
        "anti_drug_antibodies",
        "immunogenicity",
        r"\banti[- ]?drug\s+antibod|\bADAs?\b|\bimmunogenicity|\bneutrali[sz]ing\s+antibod|\bNab\b|"
        r"\banti-\S+\s+(?:drug\s+)?antibod",
    ),
    (
        "hrqol",
        "quality_of_life",
        r"\bquality\s+of\s+life|\bHR-?QoL\b|\bQoL\b|\bEORTC\b|\bQLQ|\bEQ-5D|\bpatient[- ]reported|\bPROs?\b|"
        r"\bFACT-|\bPROMIS\b|\bperformance\s+status\b|\bpain\b|\banxiety\b|\bdepression\b|\bfatigue\b|"
        r"\bvisual\s+analog|\bsymptom\s+(?:severity|burden|scores?)|\bstress\s+symptoms|\bdistress\b",
    ),
    (
        "hospital_resource_use",
        "resource_use",
        r"\bhospitali[sz]ation|\bhospital\s+(?:stay|resources?|days|admission)|\bICU\b|\bintensive\s+care|"
        r"\bresource\s+(?:use|utili[sz]ation)|\blength\s+of\s+stay|\butili[sz]ation\s+of\s+hospital",
    ),
)
CATEGORY_DOMAIN = {category: domain for category, domain, _ in VOCABULARY} | {"other": "other"}


def _compile() -> tuple[tuple[str, re.Pattern, re.Pattern, frozenset[str] | None], ...]:
    """Compile the vocabulary; abbreviations (2+ capitals) stay case-sensitive, words do not.

    Each category also keeps the words one of which any match holds (a cheap test before its scan).
    """
    compiled = []
    for category, _, pattern in VOCABULARY:
        compiled.append((category, lazy_re(pattern, re.IGNORECASE), lazy_re(pattern), word_set(pattern)))
    return tuple(compiled)


_PATTERNS = _compile()
_WORDS = frozenset().union(*(words for *_, words in _PATTERNS if words))
_SYNDROME = lazy_re(r"cytokine[- ]release[- ]syndrome", re.I)
_ABBREVIATION = lazy_re(r"^[A-Za-z0-9\-+]*[A-Z]{2}")


@dataclass(frozen=True)
class EndpointClass:
    """An endpoint's domain and categories (first-named first)."""

    domain: str
    categories: tuple[str, ...]


@lru_cache(maxsize=CACHE_SIZE)
def classify_endpoint(measure: str | None, description: str | None = None) -> EndpointClass:
    """Classify an endpoint from its measure title, else its description."""
    for text in (measure or "", description or ""):
        found = _categories(text)
        if found:
            return EndpointClass(CATEGORY_DOMAIN[found[0]], tuple(found))
    return EndpointClass("other", ("other",))


def _categories(text: str) -> list[str]:
    """Categories named in ``text``, ordered by where they are first named."""
    text = _SYNDROME.sub("CRS-syndrome", text)  # the syndrome is not a cytokine measurement
    hits = []
    present = words_in(_WORDS, text.lower())
    for category, insensitive, sensitive, needed in _PATTERNS:
        if not may_match(needed, present):
            continue  # none of the category's words is in the text (tasks.normalize.prefilter)
        first = insensitive.search(text)  # most categories are not named at all: one scan says so
        if first is None:
            continue
        matches = insensitive.finditer(text, first.start())  # in order, from the first: the first kept is the min
        position = next((m.start() for m in matches if _keep(m, sensitive, text)), None)
        if position is not None:
            hits.append((position, category))
    ordered = [category for _, category in sorted(hits)]
    # A complete-response or VGPR measure is not also an overall response one unless it says so.
    if {"complete_response", "vgpr"} & set(ordered) and "objective_response" in ordered:
        named = r"\b(?:overall|objective|best(?:\s+overall)?|(?<!good )partial)\s+(?:tumou?r\s+)?response|\bORR\b"
        if not re.search(named, text, re.I):
            ordered.remove("objective_response")
    if "pharmacodynamics" in text.lower() and {"cytokines", "lymphocyte_subsets"} & set(ordered):
        # "Pharmacodynamics characteristics - cytokine concentrations": the specific category is the answer
        ordered = [c for c in ordered if c not in {"biomarkers", "pharmacokinetics"}]
    specific_safety = {"dlt", "cytokine_release_syndrome", "neurotoxicity", "cytopenia", "tumour_lysis_syndrome"}
    if specific_safety & set(ordered) and "adverse_events" in ordered and not re.search(r"adverse", text, re.I):
        ordered.remove("adverse_events")

    return ordered


def _keep(match: re.Match, sensitive: re.Pattern, text: str) -> bool:
    """Abbreviations must match in capitals ("OS", not "os" in a word); words match in any case."""
    if _ABBREVIATION.match(match.group(0)) or match.group(0).isupper():
        return bool(sensitive.match(text, match.start()))
    return True
