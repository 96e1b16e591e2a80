"""Eligibility criteria: a category per criterion and one threshold row per numeric or ordinal limit.

Thresholds keep the criterion's literal meaning: an exclusion "FEV1 < 50% of predicted" is
stored as ``fev1 < 50`` (the row's criterion says it excludes). Variables are the canonical
names of :data:`tasks.normalize.vocabulary.VARIABLES` (``age``, ``ecog``, ``lvef``, ``ast``,
``alt``, ``creatinine_clearance``, ``hba1c``, ``spo2``, ...) or, for a quantity the vocabulary
does not name, the phrase as written, lowercased; plus the ordinal ``nyha_class``,
``ctcae_grade`` and ``gvhd_grade``, and time windows, named by their event as written ("major
surgery"), whose ``window_days``, ``anchor_event`` and ``event_category`` say how long before
what, and what kind of event it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.normalize import CACHE_SIZE, ages, alternatives, anchored, durations, grades, half_lives, scales, windows
from tasks.normalize.blasts import blast_counts
from tasks.normalize.classifications import classification_limits
from tasks.normalize.closing_windows import closing_windows
from tasks.normalize.conduct import in_conduct_clause
from tasks.normalize.courses import course_counts
from tasks.normalize.creatinine_tables import creatinine_by_age
from tasks.normalize.dose_owners import drug_named
from tasks.normalize.extremes import stated_extremes
from tasks.normalize.frequency_counts import frequency_counts
from tasks.normalize.generic_names import named_after
from tasks.normalize.hla_matches import hla_matches
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.name_forms import settled
from tasks.normalize.normal_multiples import within_multiples
from tasks.normalize.prefilter import may_match, word_set, words_in
from tasks.normalize.prepared_text import prepared
from tasks.normalize.restatements import restated_in_brackets
from tasks.normalize.score_lists import score_lists
from tasks.normalize.significance import significance_defined
from tasks.normalize.spinal_levels import spinal_levels
from tasks.normalize.steroid_doses import steroid_named
from tasks.normalize.thresholds import WITHIN_NORMAL, Threshold, read_statements
from tasks.normalize.treatment_lengths import treatment_lengths
from tasks.normalize.washouts import washouts

__all__ = ["CATEGORIES", "Threshold", "categorize_criterion", "extract_thresholds"]

CATEGORIES: tuple[tuple[str, str], ...] = (
    (
        "consent",
        r"\binformed\s+consent|\bsign(?:ed)?\s+(?:the\s+)?(?:informed\s+)?consent|\bconsent\s+form|"
        r"\bwilling\s+(?:and\s+able\s+)?to\s+comply|\bable\s+and\s+willing|\bICF\b",
    ),
    ("pregnancy", r"\bpregnan|\blactat|\bbreast[- ]?feeding|\bnursing\b|\bchild[- ]?bearing|\bcontracepti"),
    ("age", r"\bage[ds]?\b|\byears?\s+(?:of\s+age|old)\b|\b\d+\s*(?:to|-)\s*\d+\s*years\b|\bchildren\b|\bpa?ediatric"),
    ("performance_status", r"\bECOG\b|\bperformance\s+status|\bKarnofsky|\bKPS\b|\bLansky\b"),
    ("life_expectancy", r"\blife\s+expectancy|\bexpected\s+survival|\bsurvival\s+(?:of\s+)?(?:at\s+least|>|≥)"),
    (
        "transplant_gvhd",
        r"\bGVHD\b|\bgraft[- ]versus[- ]host|\btransplant|\bASCT\b|\bHSCT\b|\ballo-?SCT\b|\bPBSCT\b|"
        r"\bstem\s+cell",
    ),
    ("allergy", r"\ballerg|\bhypersensitiv|\banaphyla"),
    (
        "other_malignancy",
        r"\bmalignanc(?:y|ies)\s+other\s+than|\bother\s+(?:active\s+|\S+\s+)?malignanc|\bsecond\w*\s+"
        r"malignanc|\bprior\s+malignanc|\bhistory\s+of\s+(?:another\s+)?(?:malignancy|cancer)",
    ),
    (
        "infection",
        r"\binfect|\bHIV\b|\bHBV\b|\bHCV\b|\bhepatitis|\bsyphilis|\btuberculosis|\bcytomegalovirus|"
        r"\bCMV\b|\bsepsis",
    ),
    (
        "cardiac",
        r"\bcardiac|\bheart|\bNYHA\b|\bmyocard|\bangina|\barrhythmi|\bQTc?\b|\bLVEF\b|\bejection\s+fraction|"
        r"\bhypertension",
    ),
    (
        "pulmonary",
        r"(?<!idiopathic )\bpulmonary(?!\s+fibrosis)|\bFEV1\b|\bCOPD\b|\basthma|\boxygen|"
        r"\blung\s+(?:disease|function)|\brespiratory",
    ),
    (
        "cns",
        r"\bcentral\s+nervous\s+system|\bCNS\b|\bseizure|\bepilep|\bstroke|\bcerebrovascular|\bdementia|"
        r"\bneurolog|\bmental\s+illness|\bpsychiatric",
    ),
    ("autoimmune", r"\bautoimmun"),
    (
        "washout",
        r"\bwithin\s+(?:the\s+)?(?:past\s+|last\s+)?\d+\s*(?:days?|weeks?|months?)|\bwashout\b|"
        r"\d+\s*(?:days?|weeks?|months?)\s+(?:from|since|after)\s+(?:the\s+)?(?:last|prior|previous|other)|"
        r"\binfluence\s+the\s+activity|\bvaccin|\bprior\s+to\s+(?:enrol|the\s+collection|apheresis|leukapheresis)",
    ),
    (
        "prior_therapy",
        r"\bprior\s+(?:lines?|therap|treatment|regimen)|\bpreviously\s+(?:received|treated)|"
        r"\brefractory\b|\brelapsed\b|\blines?\s+of\s+(?:\w+\s+){0,2}(?:therapy|treatment)|\bexposed\s+to|"
        r"\breceived\s+(?:at\s+least|any)|\bfollowing\s+standard|"
        r"\bfailed\s+(?:to\s+)?(?:at\s+least|standard|prior)",
    ),
    (
        "measurable_disease",
        r"\bmeasurable\s+(?:disease|lesion)|\bM[- ]?protein|\bfree\s+light\s+chain|\bFLC\b|"
        r"\bplasmacytoma",
    ),
    (
        "organ_function",
        r"\borgan\s+(?:function|failure|dysfunction)|\bcreatinine|\bbilirubin|\bAST\b|\bALT\b|"
        r"\btransaminase|\bhemoglobin|\bplatelet|\bneutrophil|\bANC\b|\brenal\b|\bhepatic|\bliver\b|"
        r"\bkidney|\bbleeding|\bthrombo|\bcoagul",
    ),
)
_CATEGORY_PATTERNS = tuple((name, lazy_re(pattern, re.I), word_set(pattern)) for name, pattern in CATEGORIES)
_CATEGORY_WORDS = frozenset().union(*(words for _, _, words in _CATEGORY_PATTERNS if words))


@lru_cache(maxsize=CACHE_SIZE)
def categorize_criterion(text: str) -> str:
    """The criterion's category: the one named first in its text (by name on a tie), else ``other``.

    A category none of whose words the text holds is not scanned for (:mod:`~tasks.normalize.prefilter`).
    """
    present = words_in(_CATEGORY_WORDS, text.lower())
    hits = [
        (m.start(), name)
        for name, pattern, needed in _CATEGORY_PATTERNS
        if may_match(needed, present)
        for m in [pattern.search(text)]
        if m
    ]
    return min(hits)[1] if hits else "other"


def extract_thresholds(text: str) -> list[Threshold]:
    """Every numeric or ordinal limit in one criterion, in reading order."""
    return list(_thresholds(text))


@lru_cache(maxsize=CACHE_SIZE)
def _thresholds(text: str) -> tuple[Threshold, ...]:
    """:func:`extract_thresholds`, memoised: registries repeat criteria across trials.

    The shape readers go first; a statement of the open reader that repeats one of their
    limits (same comparator and value) is the same statement, read less well, and is dropped.
    """
    text = prepared(text)
    if not _DIGIT.search(text) and not _NUMERAL_WORD.search(text) and not WITHIN_NORMAL.search(text):
        return ()  # without a digit only numerals as words ("NYHA class III") or the normal range set a limit
    found = sorted((item for item in _read(text) if not in_conduct_clause(text, item[0])), key=lambda item: item[0])
    found = drug_named(text, named_after(text, [(start, ages.whose_age(text, start, t)) for start, t in found]))
    found = restated_in_brackets(text, [(start, t) for start, t in found if not ages.set_by_law(text, start, t)])
    # a name with no letter ("100%" in "80-100% for 16 years and older") names nothing
    found = settled([(start, t) for start, t in found if _LETTER.search(t.variable)])
    found = significance_defined(text, found)
    # "under 18 years of age" read twice: an exact row repeats a limit another row states with a comparator
    limited = {(t.variable, t.value) for _, t in found if t.comparator != "="}
    found = [(start, t) for start, t in found if t.comparator != "=" or (t.variable, t.value) not in limited]
    distinct, seen = [], set()
    for _, threshold in found:
        key = (threshold.variable, threshold.comparator, threshold.value)
        if key not in seen:
            seen.add(key)
            distinct.append(threshold)
    return tuple(distinct)


def _read(text: str) -> list[tuple[int, Threshold]]:
    """Every reader's rows with their positions: the shape readers, then what the open readers add."""
    found: list[tuple[int, Threshold]] = []
    for reader in SHAPE_READERS:
        found += reader(text)
    found += [(start, t) for start, t in read_statements(text) if not _repeats(t, found)]
    found += [(start, t) for start, t in half_lives.half_life_alternatives(text, found) if not _repeats(t, found)]
    found += [(start, t) for start, t in alternatives.group_alternatives(text, found) if not _repeats(t, found)]
    found += [(start, t) for start, t in alternatives.lower_limit_alternatives(text, found) if not _repeats(t, found)]
    found += [(start, t) for start, t in score_lists(text) if not _repeats(t, found)]
    found += [(start, t) for start, t in course_counts(text, found) if not _repeats(t, found)]
    found += [(start, t) for start, t in treatment_lengths(text, found) if not _repeats(t, found)]
    found += [(start, t) for start, t in scales.counted_postfix(text) if not _repeats(t, found)]
    return steroid_named(text, found)


def _repeats(threshold: Threshold, found: list[tuple[int, Threshold]]) -> bool:
    """Whether a shape reader already read this limit: same comparator and value, not in time and in another unit.

    ("≤ 1 x ULN", "within normal limits", is no repeat of a window's "≤ 1 week".)
    """
    return any(
        (t.comparator, t.value) == (threshold.comparator, threshold.value)
        and (None in (t.unit, threshold.unit) or _timed(t) == _timed(threshold))
        for _, t in found
    )


def _timed(threshold: Threshold) -> bool:
    """Whether a limit is a length of time (in a known time unit), or a window, or a duration."""
    return threshold.window_days is not None or bool(threshold.unit and _TIME_UNIT.fullmatch(threshold.unit))


_DIGIT = lazy_re(r"\d")
_LETTER = lazy_re(r"[a-z]", re.I)
_TIME_UNIT = lazy_re(r"(?:minutes?|hours?|days?|weeks?|months?|years?|half-lives)", re.I)
_NUMERAL_WORD = lazy_re(
    r"\b(?:I{1,3}|IV|V|one|two|three|four|five|six|seven|eight|nine|ten|twelve|ULN|LLN|(?:upper|lower)\s+limits?\s+of\s+(?:the\s+)?normal|"
    r"(?:past|last|previous|preceding|prior)\s+(?:year|month|week|day)|(?:than|least)\s+(?:once|twice|thrice|weekly|daily|monthly))\b",
    re.I,
)
# Readers of the shapes the open reader does not read (scales, grades, ages, counts, windows).
SHAPE_READERS = (
    ages.age,
    scales.ecog,
    scales.karnofsky,
    scales.lansky,
    scales.life_expectancy,
    scales.nyha,
    classification_limits,
    blast_counts,
    spinal_levels,
    creatinine_by_age,
    hla_matches,
    grades.ctcae_grade,
    grades.ctcae_first,
    scales.gvhd_grade,
    scales.prior_lines,
    windows.windows,
    anchored.lead_windows,
    anchored.since_windows,
    anchored.late_events,
    closing_windows,
    stated_extremes,
    within_multiples,
    durations.durations,
    washouts,
    frequency_counts,
)
