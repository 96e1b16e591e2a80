"""Age limits of eligibility criteria, in years (or months, where the text says so).

"18 to 75 years old", "aged ≥ 18", "65 years or older", "over the age of 18", "18+ years of age";
a duration in an age criterion ("diabetes of duration < 6 years") is not an age. The reader
returns ``(position, Threshold)`` pairs like the other shape readers.
"""

from __future__ import annotations

import dataclasses
import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.names import named_in
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.time_units import DAYS_PER_UNIT, UNIT_WORDS
from tasks.normalize.vocabulary import ANY_COMPARATOR

_CMP = f"(?P<cmp>{ANY_COMPARATOR})"
# An age is in years unless the text says months, weeks or days ("Age ≥ 6 months" is half a year).
_YOUNG_UNIT = r"months?|mos?|weeks?|wks?|days?"
# "aged ≥ 18"; another quantity named in between takes the limit ("age … with a body weight ≥ 10 kg"); a
# closing bracket ends the age ("(… 16 years of age) or ≥ 50 percent")
_AGE_THEN_LIMIT = lazy_re(
    rf"(?<!gestational\s)(?<!for-)(?<!for\s)\bage[ds]?\b(?:\s*\((?:years?|yrs?)\))?(?:(?!\b(?:with|weight|height|and|gestational)\b)[^.;\d)]){{0,30}}?"
    rf"{_CMP}\s*(?P<num>\d{{1,3}})\b(?:\s*(?P<unit>{_YOUNG_UNIT})\b)?",
    re.I,
)
# "≥ 28 days of age", "< 6 months old": a limit in a young child's unit that says it is an age
_CMP_YOUNG = lazy_re(rf"{_CMP}\s*(?P<num>\d{{1,3}})\s*(?P<unit>{_YOUNG_UNIT})\s*(?:of\s+age|old)\b", re.I)
_SAYS_YOUNG_AGE = lazy_re(rf"\d\s*(?:{_YOUNG_UNIT})\b.{{0,40}}?(?:of\s+age|old)\b", re.I)
# "≥ 28 days to < 18 years of age": the first of two limits in their own units
_FIRST_YOUNG_OF_TWO = lazy_re(
    rf"{_CMP}\s*(?P<num>\d{{1,3}})\s*(?P<unit>{_YOUNG_UNIT})\s*(?:to|-|–|and|,)\s*(?:{ANY_COMPARATOR})\s*\d{{1,3}}\s*"
    rf"(?:years?|yrs?|{_YOUNG_UNIT})\s*(?:of\s+age|old)\b",
    re.I,
)
# "age between 6 months and < 16 years": the low end of a range whose high end has its own comparator
_BETWEEN_YOUNG_AND = lazy_re(
    rf"\b(?:between|from)\s+(?P<num>\d{{1,3}})\s*(?P<unit>{_YOUNG_UNIT})\s*(?:to|-|–|and)\s*(?:{ANY_COMPARATOR})\s*"
    r"\d{1,3}\s*(?:years?|yrs?)\b",
    re.I,
)
# "18 to 75 years old", "18-65 yrs", with an age word near it
_AGE_RANGE = lazy_re(
    rf"\b(?P<low>\d{{1,3}})\s*(?:(?P<unit>years?|{_YOUNG_UNIT})\s*)?(?:-|–|to|through|thru|and)\s*(?P<high>\d{{1,3}})"
    r"[\s-]*(?:years?|yrs?)\b",
    re.I,
)
# "Men or women 18 to 65", "healthy volunteers 18-45", "are 18-50 age": a range of a person, or named "age"
# after it, with no unit of its own, is an age
_PEOPLE = (
    r"(?:patients?|subjects?|participants?|adults?|men|women|males?|females?|volunteers?|persons?|people|individuals?|"
    r"neonates?|newborns?|infants?|toddlers?|babies|baby|children|child)"
)
_UNITLESS_AGE_RANGE = lazy_re(
    rf"(?:\b{_PEOPLE}(?:\s+(?:or|and)\s+{_PEOPLE})?(?:\s+(?:are|aged?|between))*\s+(?=\d)|(?<=\bare\s))"
    rf"(?P<low>\d{{1,3}})\s*(?:(?P<low_unit>{_YOUNG_UNIT})\s*)?(?:-|–|to|through|thru|and)\s*(?P<high>\d{{1,3}})\b"
    rf"(?:\s*(?P<unit>{_YOUNG_UNIT})\b)?"  # "infants aged 2-12 months", "6 weeks to 6 months": a young child's unit
    r"(?!\s*(?:[.,]\d|[%/°×*+]|(?!(?:age|or|and|to|in|at|of|yo|y)\b)[a-z]{1,3}\b|[a-z]+/))"
    r"(?:\s*(?P<age>age\b))?",
    re.I,
)
_PEOPLE_WORD = lazy_re(rf"\b{_PEOPLE}\b", re.I)
_AGE_WORD_NEAR = lazy_re(r"\bage|\bold\b|\bof\s+age|\byears\b", re.I)
_MENTIONS_AGE = lazy_re(r"\bage[ds]?\b|\byears?\s+(?:of\s+age|old)", re.I)
_CMP_YEARS = lazy_re(rf"{_CMP}\s*(?P<num>\d{{1,3}}(?:\.\d+)?)\s*(?:years?|yrs?)\b", re.I)  # "≥ 0.5 year old"
# "over the age of 18", "younger than age 75"
_THAN_THE_AGE = lazy_re(
    r"\b(?P<cmp>over|above|older\s+than|under|younger\s+than)\s+(?:the\s+)?age\s+(?:of\s+)?(?P<num>\d{1,3})"
    # "younger than 80 years", "older than 18 and younger than 80 years": older and younger speak of an age
    r"|(?P<not>\bnot\s+)?(?P<equal>\bequal\s+to\s+or\s+)?\b(?P<cmp_years>older|younger)\s+than\s+"
    r"(?P<or_equal>or\s+equal\s+to\s+)?(?P<num_years>\d{1,3})(?=\s*(?:years?|yrs?)\b|"
    r"\s*(?:and|or|,)\s*(?:older|younger)\s+than\s+\d{1,3}\s*(?:years?|yrs?)\b)",
    re.I,
)
# "65 years or older", "aged 18 and over", "6 months of age or more"
_OR_OLDER = lazy_re(
    r"\b(?:aged?\s+)?(?P<num>\d{1,3})\s*(?:\([a-z\s-]{1,20}\)\s*)?(?P<unit>years?|yrs?|months?)?\s*(?:of\s+age|old)?"
    r",?\s*(?P<cmp>(?:or|and)\s+(?:older|over|above|more|greater|less|younger))",
    re.I,
)
# "Patients over 18 years", "subjects must be over 18 years": a person, then a limit in years
_PERSON_THEN_YEARS = lazy_re(
    rf"\b(?:{_PEOPLE}|children)(?:\s+(?:must|should|shall|will|who|that|are|is|be|being|aged?|all))*\s+{_CMP}\s*"
    r"(?P<num>\d{1,3})\s*(?:years?|yrs?)\b",
    re.I,
)
# "under 18 and above 45 years of age", "under 18, or over 65 years": two limits sharing one unit; the first is
# read here
_JOINT = r"(?:,?\s*(?:and|or)\b|,)"
_FIRST_OF_TWO = lazy_re(
    rf"{_CMP}\s*(?P<num>\d{{1,3}})\s*{_JOINT}\s*(?:{ANY_COMPARATOR})\s*\d{{1,3}}\s*(?:years?|yrs?)\b", re.I
)
# "patients older than 12 and under 30 years": a person, then two limits sharing the unit (or each with it)
_PERSON_THEN_TWO = lazy_re(
    rf"\b{_PEOPLE}\s+{_CMP}\s*(?P<num>\d{{1,3}})\s*(?:(?:years?|yrs?)\s*)?{_JOINT}\s*(?P<cmp2>{ANY_COMPARATOR})\s*"
    r"(?P<num2>\d{1,3})\s*(?:years?|yrs?)\b",
    re.I,
)
# "18+ years", "aged 60+": at least that age
_YEARS_PLUS = lazy_re(r"\b(?P<num>\d{1,3})\s*\+\s*(?:years?|yrs?)\b", re.I)
_AGED_PLUS = lazy_re(r"\baged?\s+(?P<num>\d{1,3})\s*\+(?![\w+])", re.I)
# "all ages from 16 years old", "aged from 12": a lower limit, unless a range follows ("from 18 to 65")
_FROM_AGE = lazy_re(
    rf"\b(?:ages?|aged)\s+from\s+(?P<num>\d{{1,3}})\b(?!\s*(?:(?:years?|{_YOUNG_UNIT})\s*)?(?:-|–|to)\s*\d)"
    rf"(?:\s*(?P<unit>{_YOUNG_UNIT})\b)?",
    re.I,
)
_EXACT_AGE = lazy_re(
    r"(?<![\d.,<>≤≥=-]\s)(?<![\d.,<>≤≥=-])\b(?P<num>\d{1,3})\s*(?:years?|yrs?)[\s-]*(?:of\s+age|old)\b", re.I
)


# "donor" in the clause right before the age ("HLA-matched sibling donor aged ≥ 16")
_DONOR_BEFORE = lazy_re(r"\bdonors?\b[^,;.()]*$", re.I)


# "before the age of 40", "before 2 years of age": younger than the age
_BEFORE_AGE = lazy_re(
    r"\bbefore\s+(?:(?:the\s+)?age\s+(?:of\s+)?(?P<age>\d{1,3})\b|(?P<years>\d{1,3})\s*(?:years?|yrs?)\s*(?:of\s+age|old)\b)",
    re.I,
)
# "onset of headache before the age of 50", "diagnosed before 40 years of age": an age at an event (labellers
# name it "age", as they do "age at diagnosis ≤ 18 years")
_EVENT_BEFORE = lazy_re(r"\b(?:onset|diagnos(?:is|ed))\b[^,;.]*$", re.I)


def age(text: str) -> list[tuple[int, Threshold]]:
    """Age limits in years ("18 to 75 years old", "aged ≥ 18", "65 years or older")."""
    lowered = text.lower()
    if "age" not in lowered and "year" not in lowered and "yr" not in lowered and not _PEOPLE_WORD.search(text):
        return []  # every shape below names an age, years or a person: a cheap test spares the scans
    mentions_age = bool(_MENTIONS_AGE.search(text))
    found = _age_ranges(text)
    if "year" in lowered or "yr" in lowered:  # the shapes in years need the word: a cheap test spares their scans
        found += _in_years(text, mentions_age)
    if _SAYS_YOUNG_AGE.search(text):  # a cheap test first: the two patterns try every comparator everywhere
        found += _years_after_comparator(text, _CMP_YOUNG) + _years_after_comparator(text, _FIRST_YOUNG_OF_TWO)
    found += _age_then_limit(text) + _than_the_age(text) + _or_older(text, mentions_age)
    found += [_years(m, ">=") for m in _FROM_AGE.finditer(text)]
    if "before" in lowered:  # only an event's age: "onset before age 50" ("surgery before age 18" is no limit)
        found += [
            (m.start(), Threshold("age", "<", float(m.group("age") or m.group("years")), "years"))
            for m in _BEFORE_AGE.finditer(text)
            if _EVENT_BEFORE.search(text, max(0, m.start() - 50), m.start())
        ]
    if mentions_age:
        found += _years_plus(text) + [_years(m, ">=") for m in _BETWEEN_YOUNG_AND.finditer(text)]
    if not found:  # "men and women 65 years of age": an age with no comparator is exact
        found = [(m.start(), Threshold("age", "=", float(m.group("num")), "years")) for m in _EXACT_AGE.finditer(text)]
    return found


def _in_years(text: str, mentions_age: bool) -> list[tuple[int, Threshold]]:
    """Every "CMP N years" of an age criterion ("≥ 18 and ≤ 75 years"), else a person's.

    A person's: "Patients over 18 years", "patients older than 12 and under 30 years".
    """
    if mentions_age:
        return _years_after_comparator(text) + _years_after_comparator(text, _FIRST_OF_TWO)
    found = _years_after_comparator(text, _PERSON_THEN_YEARS)
    for m in _PERSON_THEN_TWO.finditer(text):
        second = Threshold("age", comparator(m.group("cmp2")), float(m.group("num2")), "years")
        found += [_years(m, comparator(m.group("cmp"))), (m.start("cmp2"), second)]
    return found


def whose_age(text: str, start: int, row: Threshold) -> Threshold:
    """A donor's age is a ``donor age`` ("a related donor aged 18 to 50"), not the participant's."""
    if row.variable == "age" and _DONOR_BEFORE.search(text, max(0, start - 40), start):
        return dataclasses.replace(row, variable="donor age")
    return row


# "the age of majority", "the legal age (of adulthood) is": an age the law sets, not the participant's ("for patients
# under the age of majority at least one parent …", "(or the legal age if the legal age is > 18 years)")
_LEGAL_AGE_BEFORE = lazy_re(
    r"\b(?:legal(?:\s+age)?(?:\s+of\s+\w+)?(?:\s+(?:is|was))?|age\s+of\s+(?:majority|consent|adulthood))\s*,?\s*$", re.I
)


def set_by_law(text: str, start: int, row: Threshold) -> bool:
    """Whether an age row at ``start`` bounds the age the law sets, not the participant's."""
    return row.variable == "age" and bool(_LEGAL_AGE_BEFORE.search(text, max(0, start - 40), start))


def _years(match: re.Match, symbol: str) -> tuple[int, Threshold]:
    """An age limit of ``match``'s number, in years unless its ``unit`` group says otherwise."""
    return match.start(), Threshold("age", symbol, float(match.group("num")), _unit_of(match))


def _unit_of(match: re.Match) -> str:
    """The age unit a match's ``unit`` group names: months, weeks or days; years when it names none."""
    written = (match.groupdict().get("unit") or "year").lower()
    return UNIT_WORDS[written] + "s"


def _age_ranges(text: str) -> list[tuple[int, Threshold]]:
    """Both ends of "18 to 75 years" ranges that an age word stands near, and of a person's unitless range."""
    found = []
    for m in _AGE_RANGE.finditer(text):
        if _AGE_WORD_NEAR.search(text[max(0, m.start() - 40) : m.end() + 15]):
            found += _both_ends(m, "years", _unit_of(m))  # "6 months to 17 years"
    for m in _UNITLESS_AGE_RANGE.finditer(text):
        if m.group("low_unit") and not m.group("unit"):
            continue  # "6 months and 2 years": not a range of one unit this pattern reads
        unit = _unit_of(m) if m.group("unit") else None
        low_unit = m.group("low_unit") and UNIT_WORDS[m.group("low_unit").lower()] + "s"
        if _rising(m, low_unit, unit) and (m.group("age") or not m.group(0)[0].isdigit()):
            found += _both_ends(m, unit, low_unit)
    return found


def _rising(match: re.Match, low_unit: str | None, unit: str | None) -> bool:
    """Whether a range's low end is below its high end (each in its own unit), and the high end a human age."""
    low, high = int(match.group("low")), int(match.group("high"))
    if low_unit and low_unit != unit:
        return DAYS_PER_UNIT[low_unit[:-1]] * low < DAYS_PER_UNIT[unit[:-1]] * high
    return low < high <= 120


def _both_ends(match: re.Match, unit: str | None, low_unit: str | None = None) -> list[tuple[int, Threshold]]:
    """``age >= low`` and ``age <= high`` of a range match (the low end in ``low_unit`` when it has its own)."""
    return [
        (match.start("low"), Threshold("age", ">=", float(match.group("low")), low_unit or unit)),
        (match.start("low") + 1, Threshold("age", "<=", float(match.group("high")), unit)),
    ]


def _years_after_comparator(text: str, pattern: re.Pattern[str] = _CMP_YEARS) -> list[tuple[int, Threshold]]:
    """Limits written "≥ 18 years" (or as ``pattern``, with its ``cmp`` group), unless a duration word precedes them."""
    return [
        _years(m, comparator(m.group("cmp")))
        for m in pattern.finditer(text)
        if not _duration_before(text, m.start("cmp"))  # "diabetes of duration < 6 years" is no age
    ]


def _duration_before(text: str, start: int) -> bool:
    """Whether a duration word ("duration", "for", "since", …) stands right before ``start``."""
    return bool(_NOT_AN_AGE.search(text[max(0, start - 30) : start]))


def _age_then_limit(text: str) -> list[tuple[int, Threshold]]:
    """Limits written "aged ≥ 18": the age word, then the comparator.

    A quantity the vocabulary knows, named in between, takes the limit ("normal range for age,
    CrCl > 60 mL/min").
    """
    return [
        _years(m, comparator(m.group("cmp")))
        for m in _AGE_THEN_LIMIT.finditer(text)
        if not named_in(text[m.start() + 3 : m.start("cmp")])
    ]


def _than_the_age(text: str) -> list[tuple[int, Threshold]]:
    """Limits written "over the age of 18", "younger than age 75", "(not) older than 75 years"."""
    found = []
    for m in _THAN_THE_AGE.finditer(text):
        symbol = ">" if re.match(r"over|above|older", m.group("cmp") or m.group("cmp_years"), re.I) else "<"
        symbol += "=" if m.group("equal") or m.group("or_equal") else ""
        symbol = _NEGATED[symbol] if m.group("not") else symbol  # "not older than 75 years": at most 75
        found.append((m.start(), Threshold("age", symbol, float(m.group("num") or m.group("num_years")), "years")))
    return found


_NEGATED = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}


_TIME_BEFORE_EVENT = lazy_re(r"\s*(?:before|prior\s+to|ago|since|after|following)\b", re.I)


def _or_older(text: str, mentions_age: bool) -> list[tuple[int, Threshold]]:
    """Inclusive limits written "65 years or older", "18 and over", "6 months of age or more"."""
    found = []
    for m in _OR_OLDER.finditer(text):
        if not (mentions_age or re.search(r"years?", m.group(0), re.I)) or comparator_before(text, m.start())[0]:
            continue  # "less than 6, and older than 18 years": the 6 has its own comparator
        if _TIME_BEFORE_EVENT.match(text, m.end()):
            continue  # "completed 5 years or more before study entry": a time since an event, not an age
        symbol = ">=" if re.search(r"older|over|above|more|greater", m.group("cmp"), re.I) else "<="
        unit = "months" if (m.group("unit") or "").lower().startswith("month") else "years"
        if unit == "months" and not re.search(r"of\s+age|old", m.group(0), re.I):
            continue  # "amenorrhea is 12 months or more": months count as an age only when they say so
        found.append((m.start(), Threshold("age", symbol, float(m.group("num")), unit)))
    return found


def _years_plus(text: str) -> list[tuple[int, Threshold]]:
    """Limits written "18+ years of age" or "aged 60+", unless a duration word precedes them."""
    plus = [*_YEARS_PLUS.finditer(text), *_AGED_PLUS.finditer(text)]
    return [_years(m, ">=") for m in plus if not _duration_before(text, m.start())]


# "diabetes of duration < 6 years": a duration word right before the comparator
_NOT_AN_AGE = lazy_re(
    r"\b(?:duration|for|since|history|diagnos\w*|within|last|past|previous)\b(?:\s+(?:of|is|was|at|the))*\s*$", re.I
)
