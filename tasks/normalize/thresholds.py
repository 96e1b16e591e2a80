"""Open-vocabulary thresholds: every "quantity, comparator, value, unit" statement of a criterion.

A statement's shape is read by a few named-group patterns (a blood-pressure pair, a reversed double
inequality, a range, a comparator before or after its value); its quantity is the nearest known variable
of :data:`~tasks.normalize.vocabulary.VARIABLES` before it (or right after it: "≥ 20% blasts"), else the
phrase before the comparator as written, lowercased. "AST/ALT" and "AST and ALT" give one row each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tasks.normalize.bracketed import bracketed_noun
from tasks.normalize.conduct import in_conduct_clause
from tasks.normalize.instruments import instrument_named
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import named_after, named_in
from tasks.normalize.numbers import TIME_HYPHEN, minus_before_high, number, sign_before, signed
from tasks.normalize.prefilter import may_end_comparator
from tasks.normalize.quantities import (
    COPULA,
    FREQUENCY,
    clause_before,
    continued_subject,
    counted_after,
    duration_of,
    named_after_link,
    phrase_of,
    quantities_of,
)
from tasks.normalize.unit_names import unit_allowed
from tasks.normalize.vocabulary import (
    ANY_COMPARATOR,
    ANY_UNIT,
    BMI_UNIT,
    NUMBER_WORDS,
    POSTFIX_COMPARATORS,
    PREFIX_COMPARATORS,
    TEMPERATURE_UNIT,
    UNITS,
)


@dataclass(frozen=True)
class Threshold:
    """One limit stated by a criterion."""

    variable: str
    comparator: str
    value: float
    unit: str | None = None
    window_days: float | None = None
    anchor_event: str | None = None
    event_category: str | None = None


_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:[.,]\d+)?(?!\d|,\d)|\.\d+)"  # a comma then a space ends a number
_WORD = "|".join(NUMBER_WORDS)
_VALUE = rf"(?:{_NUMBER}|\b(?:{_WORD})\b)"
_POST = "|".join(f"(?:{pattern})" for _, pattern in POSTFIX_COMPARATORS)
_LE_SIGN = r"<\s*=|≤|=<|≦|<"
_CMP_BEFORE = lazy_re(rf"(?P<cmp>{ANY_COMPARATOR})\s*:?\s*$", re.I)
_PREFIX_TABLE = tuple((symbol, lazy_re(pattern, re.I)) for symbol, pattern in PREFIX_COMPARATORS)
_POSTFIX_TABLE = tuple((symbol, lazy_re(pattern, re.I)) for symbol, pattern in POSTFIX_COMPARATORS)
_UNIT_TABLE = tuple((name, lazy_re(pattern, re.I)) for name, pattern in UNITS)
# Shapes, tried in this order; a later shape never reads text an earlier one took.
BLOOD_PRESSURE = lazy_re(
    r"(?<![\d/.])(?P<sys>\d{2,3})\s*/\s*(?P<dia>\d{2,3})(?![\d/]|\.\d)\s*(?P<unit>mm\s*Hg)?"
    rf"(?:\s*(?P<post>{_POST}))?",  # "140/90 or higher"
    re.I,
)
# without mmHg, a pair is a blood pressure only where the clause names one ("hypertension … (< 160/90)")
_SENTENCE = lazy_re(r"[.;]\s")
_NAMES_BLOOD_PRESSURE = lazy_re(r"blood\s+pressure|hypertens|\b[SD]?BP\b", re.I)
REVERSED = lazy_re(
    rf"(?P<lo>{_NUMBER})\s*(?P<lo_unit>{ANY_UNIT})?\s*(?P<c1>{_LE_SIGN})\s*(?P<subject>[A-Za-z][\w\s\-()]{{0,40}}?)\s*"
    rf"(?P<c2>{_LE_SIGN})\s*(?P<hi>{_NUMBER})\s*(?P<unit>{ANY_UNIT})?",
    re.I,
)
RANGE = lazy_re(
    rf"(?P<between>\b(?:ranging\s+)?(?:between|from)\s+|\b(?:with)?in\s+(?:the\s+)?range\s+(?:of\s+)?)?(?P<lo_minus>(?<!\w)[-−](?=\d))?\+?(?P<lo>{_NUMBER})\s*(?P<lo_unit>{ANY_UNIT})?\s*(?P<joint>-|–|—|\bto\b|\band\b)\s*"
    rf"(?P<below>(?:less\s+than|under|below|<)\s*)?(?P<minus>[-−](?=\d))?\+?(?P<hi>{_NUMBER})"
    r"(?![\s-]*(?:points?\s+)?(?:N?P?RS|VAS|Likert|scale)\b)(?:\s*(?P<unit>" + ANY_UNIT + "))?",  # "(0-10 NRS)": a span
    re.I,
)
# a comparator, then a value: anchored on the value, the comparator is looked up behind it
STATEMENT = lazy_re(rf"(?P<num>{_VALUE})(?:(?:\s*|{TIME_HYPHEN})(?P<unit>{ANY_UNIT}))?(?:\s*(?P<post>{_POST}))?", re.I)
_ULN = (
    r"(?:the\s+)?(?:institutional\s+)?(?:(?P<lower>LLN|lower\s+limits?\s+of\s+(?:the\s+)?normal)|ULN|"
    r"upper\s+limits?\s+of\s+(?:the\s+)?normal)(?:\s*\((?:ULN|LLN)[^)]*\))?"
)
# "≤ ULN" is 1 x ULN; "≤ ULN*2.5" is 2.5 x ULN; "potassium ≥ LLN" is 1 x LLN
ULN_FIRST = lazy_re(rf"(?P<cmp>{ANY_COMPARATOR})\s*{_ULN}(?:\s*(?:\\?\*|x|×)\s*(?P<num>{_NUMBER}))?", re.I)
# "2 times higher than the upper limit of normal": the comparator sits between the value and the ULN
_THAN = r"(?P<cmp>(?:higher|greater|more|lower|less)\s+th[ae]n)"
TIMES_THAN_ULN = lazy_re(rf"(?P<num>{_NUMBER})\s*(?:times|x|×|-?fold)\s+{_THAN}\s+{_ULN}", re.I)
# "total bilirubin within normal institutional limits" (the NCI protocol template): at most 1 x ULN
WITHIN_NORMAL = lazy_re(r"\b(?:with)?in\s+(?:the\s+)?(?:\w+\s+)?normal\s+(?:\w+\s+)?(?:limits?|ranges?)\b", re.I)
POSTFIX = lazy_re(rf"(?P<num>{_NUMBER})\s*(?P<unit>{ANY_UNIT})?\s*(?P<post>{_POST})", re.I)
WORD_POSTFIX = lazy_re(rf"\b(?P<num>{_WORD})\b(?P<unit>(?!))?\s*(?P<post>{_POST})", re.I)  # "two or more"
_OUTSIDE = lazy_re(  # "outside (of) the normal range (", before a range of values
    r"\boutside\s+(?:of\s+)?(?:the\s+)?(?:(?:normal|reference)\s+)?(?:range\s+)?(?:of\s+)?\(?\s*$", re.I
)
_NOT_A_RANGE_BEFORE = lazy_re(r"\b(?:day|days|cycle|cycles|grade|stage|phase|type|version|v)\s*$", re.I)
_TEMPERATURE = lazy_re(TEMPERATURE_UNIT, re.I)
_BMI_UNIT = lazy_re(BMI_UNIT, re.I)
_NAMED_BEFORE = lazy_re(r"\b(?:of|score|scale|index|rating|count|level)\s*:?\s*$", re.I)  # "PSQI score 6 or higher"
_ACRONYM_END = lazy_re(r"(?:(?-i:\b[a-z]?[A-Z]{2,}[A-Za-z]*)|\b(?i:index|scale|sign))\)?\s*:?\s*$")  # "(AFC) 8-20"
# "RASS +1 or greater": a scale's capitals, a space, the value ("RC2 or later", "iOS 9 or higher" are no scales)
_SCALE_ACRONYM_END = lazy_re(r"\b[A-Z][A-Z0-9-]{2,}\s+$")
_SCORE_OF = lazy_re(r"\bscore\s*(?:of\s*)?:?\s*$", re.I)
_LIST_SELECTOR = lazy_re(r"\s+of\s+(?:the\s+)?(?:following|these|those|them|above|below)\b", re.I)
_NORMAL_LIMITS = ("uln", "upper limit", "lln", "lower limit")
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def read_statements(text: str) -> Iterator[tuple[int, Threshold]]:
    """Every limit ``text`` states, with the position of its statement."""
    taken: list[tuple[int, int]] = []
    previous: dict[str, tuple[str, ...]] = {}
    lowered = text.lower()
    for needed, pattern, read in (  # each shape with the words one of which it needs ("": none)
        (("/",), BLOOD_PRESSURE, _blood_pressure),
        (("<", "≤", "≦"), REVERSED, _reversed),
        ((), RANGE, _range),
        (_NORMAL_LIMITS, TIMES_THAN_ULN, _against_normal),
        (_NORMAL_LIMITS, ULN_FIRST, _against_normal),
        (("normal",), WITHIN_NORMAL, _within_normal),
        ((), STATEMENT, _statement),
        ((" or ", " and "), POSTFIX, _postfix),
        (("or more",), WORD_POSTFIX, _postfix),
    ):
        if needed and not any(word in lowered for word in needed):
            continue  # a cheap test spares a scan of the text
        for match in pattern.finditer(text):
            start = match.start()
            if pattern is STATEMENT:
                phrase, start = comparator_before(text, start - sign_before(text, start)[0])
                if phrase is None:
                    continue
            if any(a < match.end() and start < b for a, b in taken) or in_conduct_clause(text, start):
                continue
            rows = read(text, match, previous, start)
            if rows:
                previous["subject"] = tuple(dict.fromkeys(row.variable for row in rows))
                previous["end"] = match.end()
                taken.append((start, match.end()))
                yield from ((start, row) for row in rows)


def comparator_before(text: str, start: int) -> tuple[str | None, int]:
    """The comparator phrase written right before ``start`` and where it begins (``None, start`` if none).

    Readers anchor on the number and look back: a pattern opening with the comparators is tried everywhere.
    """
    if not may_end_comparator(text[max(0, start - 40) : start]):
        return None, start  # a cheap test of the last sign or word spares the scan
    match = _CMP_BEFORE.search(text, max(0, start - 40), start)
    return (match.group("cmp"), match.start()) if match else (None, start)


def comparator(phrase: str | None, default: str = "=", table=_PREFIX_TABLE) -> str:
    """Map a comparison phrase to ``<``, ``<=``, ``=``, ``>=`` or ``>``."""
    phrase = (phrase or "").strip()
    return next((symbol for symbol, pattern in table if pattern.fullmatch(phrase)), default)


def unit_name(written: str | None) -> str | None:
    """The unit as written (spaces collapsed), or its table spelling where the table gives one."""
    if not written:
        return None
    written = re.sub(r"\s+", " ", written.strip())
    return next((name for name, pattern in _UNIT_TABLE if name and pattern.fullmatch(written)), written)


def _rows(variables: tuple[str, ...], symbol: str, value: float, unit: str | None) -> list[Threshold]:
    return [Threshold(variable, symbol, value, unit_name(unit)) for variable in variables]


def _blood_pressure(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    unit = match.group("unit")
    if not unit and not _NAMES_BLOOD_PRESSURE.search(_SENTENCE.split(text[max(0, start - 120) : start])[-1]):
        return []  # "Hypertension. Visual acuity 20/40": another sentence's pressure
    symbol = comparator(comparator_before(text, match.start())[0], default="<")
    if match.group("post"):
        symbol = comparator(match.group("post"), symbol, _POSTFIX_TABLE)  # "140/90 or higher"
    return [
        Threshold("systolic_bp", symbol, float(match.group("sys")), unit_name(unit)),
        Threshold("diastolic_bp", symbol, float(match.group("dia")), unit_name(unit)),
    ]


def _reversed(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    variables = named_in(match.group("subject")) or phrase_of(match.group("subject"))
    if not variables:
        return []
    low, high = number(match.group("lo")), number(match.group("hi"))
    unit = match.group("unit") or match.group("lo_unit")
    low_symbol = _FLIP[comparator(match.group("c1"))]
    return _rows(variables, low_symbol, low, unit) + _rows(variables, comparator(match.group("c2")), high, unit)


def _range(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    low, high = signed(match, "lo", bool(match.group("lo_minus"))), signed(match, "hi", minus_before_high(match))
    negative = min(low, high) < 0  # "a T-score of -1.0 to -2.5": a signed range is a limit, in either order
    low, high = sorted((low, high)) if negative else (low, high)
    if low >= high or _NOT_A_RANGE_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
        return []
    if match.group("below") and comparator_before(text, match.start())[0]:
        return []  # "> 18 and < 65": two statements, read as such
    variables = quantities_of(text, match.start(), match.end(), previous)
    if not variables or not (negative or _range_limits(text, match, variables)):
        return []
    if match.group("lo_unit") and match.group("unit") and match.group("lo_unit").lower() != match.group("unit").lower():
        return []  # "between 4 weeks and 24 months" spans a schedule, not a limit
    unit = match.group("unit") or match.group("lo_unit")
    if _OUTSIDE.search(text, max(0, match.start() - 30), match.start()):  # "TSH outside 0.4-4.0": either side
        return _rows(variables, "<", low, unit) + _rows(variables, ">", high, unit)
    high_symbol = "<" if match.group("below") else "<="  # "from 18.5 to less than 25.0"
    return _rows(variables, ">=", low, unit) + _rows(variables, high_symbol, high, unit)


def _range_limits(text: str, match: re.Match, variables: tuple[str, ...]) -> bool:
    """Whether a range limits ``variables``: with a unit, "between", a name, a score or acronym, or their count."""
    window = clause_before(text, match.start())  # "IPI score of 2 to 5", "IGA 2-3", "1 to 5 metastases"
    named = named_in(window) or (variables != ("score",) and _SCORE_OF.search(window)) or _ACRONYM_END.search(window)
    return bool(match.group("between") or match.group("unit") or named or variables == counted_after(text, match.end()))


def _statement(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    if _LIST_SELECTOR.match(text, match.end()):
        return []  # "at least 1 of the following": a list selector, no limit
    width, sign = sign_before(text, match.start())
    symbol = comparator(comparator_before(text, match.start() - width)[0])
    if match.group("post"):
        symbol = comparator(match.group("post"), symbol, _POSTFIX_TABLE)
    variables = quantities_of(text, start, match.end(), previous)
    if match.group("unit") and _TEMPERATURE.fullmatch(match.group("unit")):
        variables = ("temperature",)  # "fever (≥ 38.0 °C)": a definition bounds the temperature
    if not variables and match.group("unit") and _BMI_UNIT.fullmatch(match.group("unit")):
        variables = ("bmi",)  # "≥ 30 kg/m²" with nothing named: only a body mass index is in kg/m²
    # no age is in pack-years or mmHg: "SBP above 140 mmHg if < 60 years of age and above 150 mmHg if ≥ 60 …"
    variables = unit_allowed(variables, match.group("unit"), text, start)
    if not variables:
        return []
    if match.group("num").isalpha() and not _word_number_limits(text, match, start, variables, symbol):
        return []
    return _rows(variables, symbol, sign * number(match.group("num")), match.group("unit"))


def _word_number_limits(text: str, match: re.Match, start: int, variables: tuple[str, ...], symbol: str) -> bool:
    """Whether a number written as a word is a limit: of a named variable, or a count with its comparator.

    "the past two years" is a window the window reader owns; "more than two antipsychotic
    medications" counts them.
    """
    window = clause_before(text, start)
    if named_in(window) or named_after(text, match.end()) or duration_of(text, start, match.end()):
        return True
    counts = (counted_after(text, match.end()), named_after_link(window, text, start, match.end()))
    return (symbol != "=" or bool(match.group("post"))) and variables in counts


def _against_normal(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    """A limit in multiples of the normal range's limit ("≤ 2.5 x ULN", "≤ ULN": 1 x ULN)."""
    variables = quantities_of(text, match.start(), match.end(), previous)
    value = number(match.group("num")) if match.group("num") else 1.0
    return _rows(variables, comparator(match.group("cmp")), value, _normal_limit(match)) if variables else []


def _within_normal(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    return _rows(named_in(clause_before(text, match.start())), "<=", 1.0, "x ULN")


def _normal_limit(match: re.Match) -> str:
    """The unit of a limit stated against the normal range: "x LLN" or "x ULN"."""
    return "x LLN" if match.group("lower") else "x ULN"


def _postfix(text: str, match: re.Match, previous: dict, start: int) -> list[Threshold]:
    symbol = comparator(match.group("post"), table=_POSTFIX_TABLE)
    width, sign = sign_before(text, match.start())  # "a RASS score of -2 or lower", "+1 or greater"
    window = clause_before(text, match.start() - width)
    variables = named_in(window) or named_after(text, match.end()) or named_after_link(window, text, *match.span())
    # "their amenorrhea is 12 months or more", "an index of 3 or more", "seizures 3 or more days a week", "RASS +1
    # or greater"
    if not variables and (
        COPULA.search(window)
        or _NAMED_BEFORE.search(window)
        or _SCALE_ACRONYM_END.search(window)
        or FREQUENCY.match(text, match.end())
    ):
        variables = phrase_of(window)
    variables = variables or bracketed_noun(window, text, match.end())  # "multiple lesions (3 or more)"
    variables = instrument_named(variables, text, *match.span())
    variables = variables or continued_subject(text, match.start(), previous, match.end())
    value = sign * number(match.group("num"))
    return _rows(variables, symbol, value, match.group("unit")) if variables else []
