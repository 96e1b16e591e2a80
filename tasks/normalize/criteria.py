"""Eligibility criteria: a category per criterion and one threshold row per numeric or ordinal limit.

Thresholds keep the criterion's literal meaning: an exclusion "FEV1 < 50% of predicted" is
stored as ``fev1_percent_predicted < 50`` (the row's criterion says it excludes). Variables:
``age`` (years), ``ecog``, ``karnofsky``, ``life_expectancy``, ``nyha_class``,
``fev1_percent_predicted``, ``lvef_percent``, ``oxygen_saturation``, ``ctcae_grade``,
``gvhd_grade``, ``prior_lines``, ``serum_m_protein``, ``urine_m_protein``,
``serum_free_light_chain``, ``bcma_expression_percent``; and time windows
(``vaccination``, ``active_infection``, ``immunosuppressive_therapy``, ``asct``,
``investigational_drug``, ``anticancer_therapy``, ``other_event``) whose ``window_days``
and ``anchor_event`` say how long before what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.normalize import CACHE_SIZE
from tasks.normalize.time_frames import DAYS_PER_UNIT

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
_CATEGORY_PATTERNS = tuple((name, re.compile(pattern, re.I)) for name, pattern in CATEGORIES)
_GE = (
    r"(?:≥|>=|=>|>/=|\\?>\s*=|at\s+least|no\s+less\s+than|not\s+less\s+than|minimum(?:\s+of)?|"
    r"more\s+than\s+or\s+equal\s+to|or\s+(?:more|older|greater))"
)
_LE = (
    r"(?:≤|<=|=<|</=|\\?<\s*=|at\s+most|no\s+more\s+than|not\s+more\s+than|maximum(?:\s+of)?|up\s+to|"
    r"or\s+(?:less|lower|below))"
)
_GT = r"(?:>|\\>|more\s+than|greater\s+than|over|above|exceed(?:ing|s)?)"
_LT = r"(?:<|\\<|less\s+than|below|under)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_ANCHOR_EVENTS = (
    ("pbmc_collection", r"peripheral\s+blood\s+mononuclear|\bPBMC|apheresis|leukapheresis"),
    ("enrollment", r"enrol|registration|study\s+entry|screening"),
    ("infusion", r"infusion"),
    ("first_dose", r"first\s+dose|start\s+of\s+(?:study\s+)?treatment|initiation|day\s+1|lymphodepl"),
    ("consent", r"consent"),
    ("randomization", r"randomi[sz]"),
)
_WINDOW_SUBJECTS = (
    ("vaccination", r"vaccin"),
    ("active_infection", r"infect"),
    ("immunosuppressive_therapy", r"immunosuppress|corticosteroid|steroid"),
    ("asct", r"autologous\s+stem\s+cell|\bASCT\b|\btransplant"),
    ("investigational_drug", r"investigational|other\s+clinical\s+trials?|clinical\s+stud"),
    (
        "anticancer_therapy",
        r"chemotherapy|anti-?cancer|anti-?tumou?r|radiotherapy|radiation|antibod|"
        r"CAR-?T|\bsurgery\b",
    ),
)
_GENERIC_SUBJECTS = (("prior_treatment", r"therapy|treatment|medication"),)
_UNIT = r"(days?|weeks?|months?|years?)"


@dataclass(frozen=True)
class Threshold:
    """One limit stated by a criterion."""

    variable: str
    comparator: str
    value: float
    unit: str | None = None
    window_days: float | None = None
    anchor_event: str | None = None


@lru_cache(maxsize=CACHE_SIZE)
def categorize_criterion(text: str) -> str:
    """The criterion's category: the one named first in its text, else ``other``."""
    hits = [(m.start(), name) for name, pattern in _CATEGORY_PATTERNS for m in [pattern.search(text)] if m]
    return min(hits)[1] if hits else "other"


def extract_thresholds(text: str) -> list[Threshold]:
    """Every numeric or ordinal limit in one criterion, in reading order."""
    return list(_thresholds(text))


@lru_cache(maxsize=CACHE_SIZE)
def _thresholds(text: str) -> tuple[Threshold, ...]:
    """:func:`extract_thresholds`, memoised: registries repeat criteria across trials."""
    text = text.replace("\\>", ">").replace("\\<", "<").replace("\\=", "=")[:5000]
    found: list[tuple[int, Threshold]] = []
    # Without a digit only numerals written as words ("NYHA class III", "two prior lines") can set a limit.
    readers = _ALL_READERS if _DIGIT.search(text) else _WORD_NUMERAL_READERS if _NUMERAL_WORD.search(text) else ()
    for reader in readers:
        found += reader(text)
    found.sort(key=lambda item: item[0])
    distinct, seen = [], set()
    for _, threshold in found:
        if threshold not in seen:
            seen.add(threshold)
            distinct.append(threshold)
    return tuple(distinct)


def _comparator(phrase: str | None, default: str = "=") -> str:
    """Map a comparison phrase to ``<``, ``<=``, ``=``, ``>=`` or ``>``."""
    if not phrase:
        return default
    for symbol, pattern in ((">=", _GE), ("<=", _LE), (">", _GT), ("<", _LT)):
        if re.fullmatch(pattern, phrase.strip(), re.I):
            return symbol
    return default


_CMP = rf"(?P<cmp>{_GE}|{_LE}|{_GT}|{_LT}|=)"


def _scale(
    text: str, name_pattern: str, variable: str, unit: str | None = None, max_value: float = 100
) -> list[tuple[int, Threshold]]:
    """``NAME … CMP N`` and ``NAME … N-M`` for an ordinal or percentage scale."""
    found = []
    for m in re.finditer(rf"{name_pattern}[^.;:]{{0,60}}?{_CMP}\s*(?P<num>\d+(?:\.\d+)?)", text, re.I):
        value = float(m.group("num"))
        if value <= max_value:
            found.append((m.start(), Threshold(variable, _comparator(m.group("cmp")), value, unit)))
    if not found:
        for m in re.finditer(
            rf"{name_pattern}[^.;:]{{0,60}}?\b(?:of\s+)?(?P<low>\d)\s*(?:-|–|to|or|,)\s*"
            rf"(?:\d\s*(?:,|or)\s*)?(?P<high>\d)\b",
            text,
            re.I,
        ):
            found.append((m.start(), Threshold(variable, "<=", float(m.group("high")), unit)))
    return found


def _ecog(text: str) -> list[tuple[int, Threshold]]:
    return _scale(text, r"\b(?:ECOG|Eastern\s+Cooperative\s+Oncology\s+Group|WHO\s+performance)", "ecog", None, 5)


def _karnofsky(text: str) -> list[tuple[int, Threshold]]:
    return _scale(text, r"\b(?:Karnofsky|KPS|Lansky)", "karnofsky", "%", 100)


def _percent(text: str, name_pattern: str, variable: str, reach: int = 40) -> list[tuple[int, Threshold]]:
    """``NAME … CMP N %`` for a percentage limit (FEV1, LVEF, oxygen saturation, BCMA expression)."""
    return [
        (m.start(), Threshold(variable, _comparator(m.group("cmp")), float(m.group("num")), "%"))
        for m in re.finditer(rf"{name_pattern}[^.;]{{0,{reach}}}?{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*%", text, re.I)
    ]


def _roman_class(text: str, name_pattern: str, variable: str, default: str) -> list[tuple[int, Threshold]]:
    """``NAME … class/grade CMP III`` for an ordinal limit written in roman or arabic numerals."""
    found = []
    for m in re.finditer(
        rf"{name_pattern}[^.;]{{0,60}}?(?:class|grade)?\s*{_CMP}?\s*(?:class\s*|grade\s*)?"
        r"(?P<num>IV|III|II|I|[0-4])\b",
        text,
        re.I,
    ):
        value = _ROMAN.get(m.group("num").lower()) or int(m.group("num"))
        found.append((m.start(), Threshold(variable, _comparator(m.group("cmp"), default), float(value))))
    return found


def _nyha(text: str) -> list[tuple[int, Threshold]]:
    return _roman_class(text, r"\b(?:NYHA|New\s+York\s+Heart\s+Association)", "nyha_class", "=")


def _gvhd_grade(text: str) -> list[tuple[int, Threshold]]:
    return _roman_class(text, r"\b(?:GVHD|graft[- ]versus[- ]host\s+disease)\b[^.;]{0,60}?grade", "gvhd_grade", ">=")


def _fev1(text: str) -> list[tuple[int, Threshold]]:
    return _percent(text, r"\bFEV1?\b", "fev1_percent_predicted", 60)


def _lvef(text: str) -> list[tuple[int, Threshold]]:
    return _percent(text, r"\b(?:LVEF|ejection\s+fraction)", "lvef_percent")


def _oxygen(text: str) -> list[tuple[int, Threshold]]:
    return _percent(text, r"\b(?:oxygen\s+saturation|SpO2|SaO2)", "oxygen_saturation")


def _bcma_expression(text: str) -> list[tuple[int, Threshold]]:
    return _percent(text, r"\bBCMA\b", "bcma_expression_percent", 120)


def _ctcae_grade(text: str) -> list[tuple[int, Threshold]]:
    found = []
    for m in re.finditer(
        rf"(?:{_CMP}\s*)?\bgrade\s*(?P<cmp2>{_GE}|{_LE}|{_GT}|{_LT})?\s*(?P<num>[0-5])\b"
        rf"(?P<tail>\s+or\s+(?:higher|greater|above|more|lower|less|below))?",
        text,
        re.I,
    ):
        context = text[max(0, m.start() - 80) : m.end()]
        if re.search(r"GVHD|graft|NYHA", context, re.I):
            continue
        if not (m.group("cmp") or m.group("cmp2") or m.group("tail")):
            continue  # "excluding grade 2 neuropathy" names a grade but sets no limit
        symbol = _comparator(m.group("cmp") or m.group("cmp2"))
        if m.group("tail"):
            symbol = ">=" if re.search(r"higher|greater|above|more", m.group("tail"), re.I) else "<="
        found.append((m.start(), Threshold("ctcae_grade", symbol, float(m.group("num")))))
    return found


def _life_expectancy(text: str) -> list[tuple[int, Threshold]]:
    found = []
    for m in re.finditer(
        rf"\b(?:life\s+expectancy|expected\s+survival|survival\s+expectancy)\b[^.;]{{0,30}}?"
        rf"(?:{_CMP}\s*)?(?P<num>\d+(?:\.\d+)?)\s*{_UNIT}",
        text,
        re.I,
    ):
        found.append(
            (
                m.start(),
                Threshold(
                    "life_expectancy", _comparator(m.group("cmp"), ">="), float(m.group("num")), _unit_name(m.group(3))
                ),
            )
        )
    return found


_LABS = (
    ("serum_m_protein", r"serum\s+M[- ]?protein|M[- ]?protein\s+(?:in\s+serum|IgG|IgA)|(?<!urine\s)\bM[- ]?protein\b"),
    ("urine_m_protein", r"urine\s+M[- ]?protein|M[- ]?protein\s+in\s+(?:the\s+)?urine"),
    ("serum_free_light_chain", r"(?:serum\s+)?free\s+light\s+chain|\bFLC\b"),
)


def _lab_values(text: str) -> list[tuple[int, Threshold]]:
    found = []
    for variable, name in _LABS:
        for m in re.finditer(
            rf"(?:{name})[^.;]{{0,40}}?{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>g/dL|g/L|mg/dL|"
            r"mg/L|mg/24\s*h(?:ours?)?|mg/24h)",
            text,
            re.I,
        ):
            found.append(
                (
                    m.start(),
                    Threshold(
                        variable, _comparator(m.group("cmp")), float(m.group("num")), m.group("unit").replace(" ", "")
                    ),
                )
            )
    return found


def _age(text: str) -> list[tuple[int, Threshold]]:
    found = []
    for m in re.finditer(
        r"\b(?P<low>\d{1,3})\s*(?:years?\s*)?(?:-|–|to|and)\s*(?P<high>\d{1,3})\s*(?:years?|yrs?)\b", text, re.I
    ):
        if re.search(r"\bage|\bold\b|\bof\s+age|\byears\b", text[max(0, m.start() - 40) : m.end() + 15], re.I):
            found += [
                (m.start(), Threshold("age", ">=", float(m.group("low")), "years")),
                (m.start() + 1, Threshold("age", "<=", float(m.group("high")), "years")),
            ]
    mentions_age = re.search(r"\bage[ds]?\b|\byears?\s+(?:of\s+age|old)", text, re.I)
    if mentions_age:  # every "CMP N years" of an age criterion ("≥ 18 years and ≤ 75 years")
        for m in re.finditer(rf"{_CMP}\s*(?P<num>\d{{1,3}})\s*(?:years?|yrs?)\b", text, re.I):
            found.append((m.start(), Threshold("age", _comparator(m.group("cmp")), float(m.group("num")), "years")))
    for m in re.finditer(rf"\bage[ds]?\b[^.;\d]{{0,30}}?{_CMP}\s*(?P<num>\d{{1,3}})\b", text, re.I):
        found.append((m.start(), Threshold("age", _comparator(m.group("cmp")), float(m.group("num")), "years")))
    for m in re.finditer(
        r"\b(?P<cmp>over|above|older\s+than|under|younger\s+than)\s+(?:the\s+)?age\s+of\s+"
        r"(?P<num>\d{1,3})",
        text,
        re.I,
    ):
        symbol = ">" if re.match(r"over|above|older", m.group("cmp"), re.I) else "<"
        found.append((m.start(), Threshold("age", symbol, float(m.group("num")), "years")))
    for m in re.finditer(
        r"\b(?:aged?\s+)?(?P<num>\d{1,3})\s*(?:years?|yrs?)?\s*(?:of\s+age|old)?\s*(?P<cmp>or\s+"
        r"(?:older|over|above|more|greater|less|younger))",
        text,
        re.I,
    ):
        if not (mentions_age or re.search(r"years?", m.group(0), re.I)):
            continue
        symbol = ">=" if re.search(r"older|over|above|more|greater", m.group("cmp"), re.I) else "<="
        found.append((m.start(), Threshold("age", symbol, float(m.group("num")), "years")))
    return found


def _prior_lines(text: str) -> list[tuple[int, Threshold]]:
    found = []
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
    for m in re.finditer(
        rf"(?:{_CMP}\s*)?(?P<num>\d+|one|two|three|four|five)\s*(?P<more>or\s+more\s+)?(?:prior\s+)?"
        r"(?:different\s+)?(?:lines?|regimens?)\b",
        text,
        re.I,
    ):
        if not (m.group("cmp") or m.group("more")):
            continue  # "represents one line of therapy" states no limit
        number = m.group("num").lower()
        value = float(words.get(number, 0) or number)
        symbol = ">=" if m.group("more") else _comparator(m.group("cmp"), "=")
        found.append((m.start(), Threshold("prior_lines", symbol, value)))
    return found


def _marrow_blasts(text: str) -> list[tuple[int, Threshold]]:
    """Blast percentages: "≥ 20% lymphoblasts", "blasts < 5%"."""
    found = []
    for m in re.finditer(
        rf"{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*%\s*(?:of\s+)?(?:\w+\s+){{0,2}}?(?:lympho|myelo)?blasts", text, re.I
    ):
        found.append(
            (m.start(), Threshold("marrow_blasts_percent", _comparator(m.group("cmp")), float(m.group("num")), "%"))
        )
    for m in re.finditer(rf"\bblasts?\s*{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*%", text, re.I):
        found.append(
            (m.start(), Threshold("marrow_blasts_percent", _comparator(m.group("cmp")), float(m.group("num")), "%"))
        )
    return found


_ORGAN_LABS = (
    ("bilirubin", r"\bbilirubin"),
    ("ast_alt", r"\bAST\b|\bALT\b|\btransaminases?|\baminotransferase"),
    ("creatinine_clearance", r"\bcreatinine\s+clearance|\bCrCl\b|\beGFR\b|\bGFR\b"),
    ("creatinine", r"\bcreatinine\b(?!\s+clearance)"),
    ("platelets", r"\bplatelets?(?:\s+count)?"),
    ("anc", r"\babsolute\s+neutrophil\s+count|\bANC\b|\bneutrophils?"),
    ("hemoglobin", r"\bh(?:a)?emoglobin|\bHb\b|\bHgb\b"),
)
_LAB_UNIT = (
    r"(?P<unit>(?:x|×|times)\s*(?:the\s+)?(?:ULN|upper\s+limit\s+of\s+normal|(?:the\s+)?normal\s+value)|"
    r"mg/dL|µmol/L|umol/L|mL/min(?:/1\.73\s*m2)?|ml/min|g/dL|g/L|×\s*10\^?9\s*/\s*L|x\s*10\^?9\s*/\s*L|/µL|/uL|/mm3)"
)


def _organ_labs(text: str) -> list[tuple[int, Threshold]]:
    """Organ-function limits: "bilirubin < 2 mg/dL", "AST and/or ALT < 3 x ULN", "CrCl > 50 mL/min"."""
    found = []
    for variable, name in _ORGAN_LABS:
        for m in re.finditer(rf"(?:{name})[^.;]{{0,40}}?{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*{_LAB_UNIT}", text, re.I):
            unit = m.group("unit")
            unit = "×ULN" if re.search(r"ULN|upper|normal", unit, re.I) else re.sub(r"\s+", "", unit)
            unit = {"ml/min": "mL/min", "umol/L": "µmol/L", "/uL": "/µL"}.get(unit, unit)
            found.append((m.start(), Threshold(variable, _comparator(m.group("cmp")), float(m.group("num")), unit)))
    return found


def _since_windows(text: str) -> list[tuple[int, Threshold]]:
    """``≥ 2 weeks from prior chemotherapy`` → the subject's minimum time since, in days."""
    found = []
    for m in re.finditer(
        rf"{_CMP}\s*(?P<num>\d+(?:\.\d+)?)\s*{_UNIT}\s+(?:from|since|after)\s+(?P<after>[^.;]{{0,80}})", text, re.I
    ):
        subject = _first(m.group("after")[:60], _WINDOW_SUBJECTS) or "prior_treatment"
        unit = _unit_name(m.group(3))
        value = float(m.group("num"))
        window = round(value * DAYS_PER_UNIT[unit.rstrip("s")], 4)
        found.append((m.start(), Threshold(subject, _comparator(m.group("cmp")), value, unit, window, None)))
    return found


def _windows(text: str) -> list[tuple[int, Threshold]]:
    """``X within N weeks before EVENT`` → variable X, ``<= N``, window in days, anchor event."""
    found = []
    pattern = (
        r"\bwithin\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+)?(?P<num>\d+(?:\.\d+)?)\s*"
        + _UNIT
        + r"(?P<after>[^.;]{0,80})"
    )
    for m in re.finditer(pattern, text, re.I):
        before = text[max(0, m.start() - 160) : m.start()]
        subject = _nearest(before, _WINDOW_SUBJECTS) or _nearest(before, _GENERIC_SUBJECTS) or "other_event"
        anchor = _first(m.group("after"), _ANCHOR_EVENTS)
        unit = _unit_name(m.group(2))
        value = float(m.group("num"))
        window = value * DAYS_PER_UNIT[unit.rstrip("s")]
        found.append((m.start(), Threshold(subject, "<=", value, unit, round(window, 4), anchor)))
    return found


def _unit_name(unit: str) -> str:
    """Normalise ``week`` / ``Weeks`` to ``weeks``."""
    unit = unit.lower()
    return unit if unit.endswith("s") else unit + "s"


def _nearest(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches closest to the end of ``text``."""
    hits = [(m.end(), name) for name, pattern in names for m in re.finditer(pattern, text, re.I)]
    return max(hits)[1] if hits else None


def _first(text: str, names: tuple[tuple[str, str], ...]) -> str | None:
    """The name whose pattern matches first in ``text``."""
    hits = [(m.start(), name) for name, pattern in names for m in [re.search(pattern, text, re.I)] if m]
    return min(hits)[1] if hits else None


_DIGIT = re.compile(r"\d")
_NUMERAL_WORD = re.compile(r"\b(?:I{1,3}|IV|V|one|two|three|four|five)\b", re.IGNORECASE)
_ALL_READERS = (
    _age,
    _ecog,
    _karnofsky,
    _life_expectancy,
    _nyha,
    _fev1,
    _lvef,
    _oxygen,
    _ctcae_grade,
    _gvhd_grade,
    _prior_lines,
    _lab_values,
    _bcma_expression,
    _windows,
    _marrow_blasts,
    _organ_labs,
    _since_windows,
)
_WORD_NUMERAL_READERS = (_nyha, _gvhd_grade, _prior_lines)
