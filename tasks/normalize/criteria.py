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
from tasks.normalize.conduct import in_conduct_clause
from tasks.normalize.courses import course_counts
from tasks.normalize.creatinine_tables import creatinine_by_age
from tasks.normalize.extremes import stated_extremes
from tasks.normalize.hla_matches import hla_matches
from tasks.normalize.prefilter import may_match, word_set, words_in
from tasks.normalize.restatements import restatements_dropped
from tasks.normalize.score_lists import score_lists
from tasks.normalize.snellen import snellen_as_decimals
from tasks.normalize.spelled import years_in_digits
from tasks.normalize.spinal_levels import spinal_levels
from tasks.normalize.steroid_doses import steroid_named
from tasks.normalize.thresholds import WITHIN_NORMAL, Threshold, read_statements

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
_CATEGORY_PATTERNS = tuple((name, re.compile(pattern, re.I), word_set(pattern)) for name, pattern in CATEGORIES)
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
    text = _prepared(text)
    if not _DIGIT.search(text) and not _NUMERAL_WORD.search(text) and not WITHIN_NORMAL.search(text):
        return ()  # without a digit only numerals as words ("NYHA class III") or the normal range set a limit
    found = sorted((item for item in _read(text) if not in_conduct_clause(text, item[0])), key=lambda item: item[0])
    found = [(start, ages.whose_age(text, start, t)) for start, t in found]
    # a name with no letter ("100%" in "80-100% for 16 years and older") names nothing
    found = [(start, t) for start, t in found if _LETTER.search(t.variable)]
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


def _prepared(text: str) -> str:
    """The criterion as the readers read it: escapes and restated comparators gone, numbers in one spelling."""
    # CT.gov's markdown escapes: \>, \<, \=, and \& ("AST \& ALT ≤ 2.5 x ULN")
    text = text.replace("\\>", ">").replace("\\<", "<").replace("\\=", "=").replace("\\&", "&")
    text = restatements_dropped(text[:5000])
    if "≥" in text or "≤" in text:  # "a Mini-Mental State Exam score of 26 ≥ within 1 month": the sign after
        text = _SIGN_AFTER.sub(r"\2 \1", text)
    if "~" in text or "～" in text:  # "Age 18~75 years", "ECOG 0 ~ 2": a range
        text = _TILDE_RANGE.sub("-", text)
    if "ithin at" in text:  # "within at least 7 days before the first dose": still a window of 7 days
        text = _WITHIN_AT_LEAST.sub(r"\1 ", text)
    if "1:" in text:  # "ANA titer ≥ 1:80": a titre is its dilution
        text = _TITRE.sub(r"\1\2", text)
    if "ce" in text:  # "relapsed more than once", "at least twice": a count of times
        text = _TIMES.sub(lambda match: f"{match.group(1)} {_TIMES_VALUE[match.group(2).lower()]}", text)
    if " but " in text:  # "eGFR < 60 but 15": a lost sign; the second number is the lower end
        text = _LOST_LOWER_END.sub(_lower_end, text)
    if _THOUSANDS_HINT.search(text):
        text = _THOUSANDS_SPACE.sub(lambda match: re.sub(r"[ \u2009\u202f]", "", match.group()), text)
        text = _THOUSANDS_DOT.sub(r"\1\2", text)  # after the spaces: "1 000 000 copies" is one number
    if "10" in text:  # "MRD < 10^-5": a negative power of ten is its decimal
        text = _NEGATIVE_POWER.sub(lambda match: f"{10 ** -int(match.group(1)):.{int(match.group(1))}f}", text)
        text = _COUNT_POWER.sub(_power_as_number, text)
        text = _SCORE_OUT_OF.sub(r"\1", text)
    return snellen_as_decimals(years_in_digits(text))


_TIMES = re.compile(
    r"\b((?:more|less|fewer)\s+than|at\s+(?:least|most))\s+(once|twice|thrice)\b(?!\s+(?:daily|weekly|monthly))", re.I
)  # not "no more than twice weekly triptan use": a frequency of the noun after it
_TIMES_VALUE = {"once": 1, "twice": 2, "thrice": 3}
_TILDE_RANGE = re.compile(r"(?<=\d)\s*[~～]\s*(?=\d)")
_WITHIN_AT_LEAST = re.compile(r"\b(within)\s+at\s+least\s+(?=\d|(?:a|one|two|three|four|six|eight|twelve)\b)", re.I)
_LOST_LOWER_END = re.compile(r"(?P<high>(?:<\s*=?|≤)\s*(?P<a>\d+(?:\.\d+)?))\s+but\s+(?P<b>\d+(?:\.\d+)?)(?![\d.])")


def _lower_end(match: re.Match) -> str:
    """Read "< 60 but 15" as "< 60 and ≥ 15" when the second number is the smaller one; else as written."""
    if float(match.group("b")) >= float(match.group("a")):
        return match.group()
    return f"{match.group('high')} and ≥ {match.group('b')}"


# a sign written after its value, then a clause word or the end: "score of 1 ≥ or ...", "26 ≥ within"
# (not "CTCAE 5.0 ≥ grade 2", "18 ≤ age ≤ 65": a sign before a name or a value reads forward)
_SIGN_AFTER = re.compile(r"(?<![\d.,/:-])(\d+(?:\.\d+)?)\s*([≥≤])(?=\s*(?:(?:or|and|within|at|in|on|for)\b|[,;.)]|$))")
_TITRE = re.compile(r"((?:[<>≤≥]=?|\btit(?:er|re)s?(?:\s+of)?)\s*)1\s*:\s*(\d{2,5})\b", re.I)
# "a pain score of 4/10 or greater", "4 out of 10 or more": the scale's maximum is no value
_SCORE_OUT_OF = re.compile(
    r"(?<![\d/.])(\d{1,2}(?:\.\d)?)\s*(?:/\s*10|out\s+of\s+10{1,2})(?![\d/.])"
    r"(?=\s*(?:points?\s+)?or\s+(?:more|greater|higher|above|less|lower|below|worse|better)\b)",
    re.I,
)


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[a-z]", re.I)
_TIME_UNIT = re.compile(r"(?:minutes?|hours?|days?|weeks?|months?|years?|half-lives)", re.I)
_NEGATIVE_POWER = re.compile(r"(?<![\d.])10\s*(?:\^|\*\*)\s*[-−]\s*(\d)(?!\d)")
# "platelets < 100.000/µl", "150 000/mm3": a dot or space before three digits of a count separates thousands
_THOUSANDS_HINT = re.compile(r"\d[. \u2009\u202f]\d\d\d(?!\d)")
_THOUSANDS_DOT = re.compile(
    r"\b(\d{1,3})\.(\d{3})(?=\s*(?:/\s*(?:mm3|mm³|mm\^3|[µμu]l|mcl)|cells|copies|IU\b))", re.I
)  # "100.000/µl" (spaces are _THOUSANDS_SPACE's, which reads every unit this one does)
# "HCV RNA ≥ 10^4 IU/mL", "> 1 x 10^5 copies/mL": a power of ten before a unit of copies is a number
# (not "1.5 x 10^9/L", a cell count's unit, which the units table converts)
_COUNT_POWER = re.compile(
    r"(?<![\d.])(?:(?P<factor>\d+(?:\.\d+)?)\s*[x×*]\s*)?10\s*(?:\^|\*\*)\s*(?P<power>\d{1,2})(?!\d)"
    r"(?=\s*(?:IU\b|copies|CFU|cp/|genome|vg\b))",
    re.I,
)


def _power_as_number(match: re.Match) -> str:
    """``1 x 10^5`` as ``100000`` (digits, as a criterion would write it)."""
    value = float(match.group("factor") or 1) * 10 ** int(match.group("power"))
    return f"{value:.0f}" if value == int(value) else f"{value}"


# "HBV DNA > 20 000 IU/mL": a space before three digits of an amount with a unit separates thousands too
_THOUSANDS_SPACE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d.,])(?=\s*(?:IU\b|copies|cells|U/|[mµμnp]?g\b|[mµμnp]g/|/))",
    re.I,
)
_NUMERAL_WORD = re.compile(
    r"\b(?:I{1,3}|IV|V|one|two|three|four|five|six|seven|eight|nine|ten|twelve|ULN|LLN|(?:upper|lower)\s+limits?\s+of\s+normal|"
    r"(?:past|last|previous|preceding)\s+(?:year|month|week|day))\b",
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
    stated_extremes,
    durations.durations,
)
