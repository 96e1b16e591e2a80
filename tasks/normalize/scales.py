"""Limits written the way scales, grades and counts are: readers for shapes the open reader misses.

"ECOG 0-1" (the upper end), "NYHA class ≥ III" (roman numerals), "≤ grade 1",
"at least two prior lines", "≥ 20% lymphoblasts", "life expectancy of at least 12 weeks".
Each reader returns ``(position, Threshold)`` pairs.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.numbers import number
from tasks.normalize.quantities import counted_after
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.vocabulary import ANY_COMPARATOR, ANY_UNIT, NUMBER_WORDS, ROMAN_NUMERALS

_CMP = f"(?P<cmp>{ANY_COMPARATOR})"
_EQUAL_TO_EITHER = lazy_re(r"\s*(?:-|–|to|or)\s*(?P<high>\d+)(?![\d.])")
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_AGE_UNIT = r"(?:days?|weeks?|months?|years?|yrs?)\b"
# A value followed by a scale's name is that scale's ("Lansky ≥ 50 (under 16) or ≥ 50 % Karnofsky")
_NOT_ANOTHERS = r"(?!\s*(?:%|percent)?\s*(?:on\s+the\s+)?(?:Karnofsky|Lansky|KPS|ECOG)\b)"


def _names(text: str, *keywords: str) -> bool:
    """Whether ``text`` holds one of ``keywords`` (lowercase): a cheap test that spares a reader's scans."""
    lowered = text.lower()
    return any(keyword in lowered for keyword in keywords)


def scale(
    text: str, name_pattern: str, variable: str, unit: str | None = None, max_value: float = 100
) -> list[tuple[int, Threshold]]:
    """``NAME … CMP N`` and ``NAME … N-M`` for an ordinal or percentage scale."""
    found = []
    # a value in years is an age ("Karnofsky scale (for participants ≥ 16 years)"), not the scale's
    for m in re.finditer(
        rf"{name_pattern}[^.;:]{{0,60}}?{_CMP}\s*(?P<num>\d+(?:\.\d+)?)(?!\.?\d)(?!\s*{_AGE_UNIT}){_NOT_ANOTHERS}",
        text,
        re.I,
    ):
        value, symbol = float(m.group("num")), comparator(m.group("cmp"))
        upper = _EQUAL_TO_EITHER.match(text, m.end()) if symbol == "=" else None
        if upper and value < float(upper.group("high")) <= max_value:  # "equal to 3 or 4": both ends
            found += [(m.start(), Threshold(variable, ">=", value, unit))]
            found += [(m.start(), Threshold(variable, "<=", float(upper.group("high")), unit))]
        elif value <= max_value:
            found.append((m.start(), Threshold(variable, symbol, value, unit)))
    if not found:
        for m in re.finditer(
            rf"{name_pattern}[^.;:]{{0,60}}?\b(?:of\s+)?(?P<low>\d)\s*(?:-|–|to|or|,)\s*"
            rf"(?:\d\s*(?:,\s*(?:or|and)?|or|and)\s*)*(?P<high>\d)\b",
            text,
            re.I,
        ):
            found.append((m.start(), Threshold(variable, ">=", float(m.group("low")), unit)))
            found.append((m.start(), Threshold(variable, "<=", float(m.group("high")), unit)))
    return found or _stated_value(text, name_pattern, variable, unit, max_value)


# Words that may stand between a scale's name and its value ("ECOG performance status (PS) of 2").
_SCALE_WORDS = r"(?:\s*(?:performance|play|status|score|scale|PS|level|of|\([A-Za-z-]{1,12}\)|:|=))*"
# What makes a value after a scale's name something other than the score itself.
_NOT_A_SCORE = rf"(?![.,]?\d)(?!\s*(?:-|–|~|to\b|or\s+\d|and\s+\d|,\s*\d|{_AGE_UNIT}|days?\b|hours?\b))"
_BETTER_WORSE = r"(?:\s*%)?(?:\s+or\s+(?P<tail>better|worse))?"


def _stated_value(
    text: str, name_pattern: str, variable: str, unit: str | None, max_value: float
) -> list[tuple[int, Threshold]]:
    """A scale's value stated with no comparator ("WHO/ECOG PS of 2", "Karnofsky score of 70 or better").

    A limit with no comparator is exact; "or better" and "or worse" are the scale's direction
    (a lower ECOG grade is better, a higher Karnofsky or Lansky score is).
    """
    found = []
    pattern = rf"{name_pattern}{_SCALE_WORDS}\s*(?P<num>\d{{1,3}})\b{_NOT_A_SCORE}{_BETTER_WORSE}{_NOT_ANOTHERS}"
    for m in re.finditer(pattern, text, re.I):
        value = float(m.group("num"))
        if value > max_value:
            continue
        symbol = "="
        if m.group("tail"):
            better_is_lower = max_value <= 5
            symbol = "<=" if (m.group("tail").lower() == "better") == better_is_lower else ">="
        found.append((m.start(), Threshold(variable, symbol, value, unit)))
    return found


def ecog(text: str) -> list[tuple[int, Threshold]]:
    """ECOG performance status limits ("ECOG ≤ 2", "ECOG 0-1", "performance status 0-2").

    A performance status of 0 to 5 that names no other scale is ECOG's (the WHO scale is the same).
    """
    found = []
    if _names(text, "ecog", "eastern", "who performance"):
        found = scale(text, r"\b(?:ECOG|Eastern\s+Cooperative\s+Oncology\s+Group|WHO\s+performance)", "ecog", None, 5)
    if not found and _names(text, "performance status") and not _names(text, "karnofsky", "kps", "lansky"):
        found = scale(text, r"\bperformance\s+status", "ecog", None, 5)  # "performance status 0-2 (ECOG)"
    return found


def karnofsky(text: str) -> list[tuple[int, Threshold]]:
    """Karnofsky performance status limits, in %."""
    if not _names(text, "karnofsky", "kps"):
        return []
    return _scale_past_asides(text, r"\b(?:Karnofsky|KPS)", "karnofsky")


def lansky(text: str) -> list[tuple[int, Threshold]]:
    """Lansky play-performance limits, in %."""
    if not _names(text, "lansky"):
        return []
    return _scale_past_asides(text, r"\bLansky", "lansky")


_ASIDE = lazy_re(r"\([^()]{0,80}\)")


def _scale_past_asides(text: str, name_pattern: str, variable: str) -> list[tuple[int, Threshold]]:
    """A percentage scale's limits, read again without bracketed asides if none is found.

    "Lansky (age < 16 years at the time of assent) or Karnofsky (age ≥ 16 years …) performance
    status ≥ 70": the asides hold the scales' apart from their value.
    """
    found = scale(text, name_pattern, variable, "%", 100)
    if not found and "(" in text:
        found = scale(_ASIDE.sub(" ", text), name_pattern, variable, "%", 100)
    return found


def roman_class(text: str, name_pattern: str, variable: str, default: str) -> list[tuple[int, Threshold]]:
    """``NAME … class/grade CMP III`` for an ordinal limit written in roman or arabic numerals."""
    found = []
    for m in re.finditer(
        rf"{name_pattern}[^.;]{{0,60}}?(?:class|grade)?\s*{_CMP}?\s*(?:class\s*|grade\s*)?"
        r"(?P<num>IV|III|II|I|[0-4])\b(?!\s*(?:years?|months?|weeks?|days?)\b)"  # "NYHA for 1 year": no class
        r"(?:\s*(?:-|–|~|/|to|or)\s*(?:class\s*|grade\s*)?(?P<high>IV|III|II|I|[0-4])\b)?"
        r"(?P<tail>\s+or\s+(?:higher|greater|above|more|worse|lower|less|below|better))?",
        text,
        re.I,
    ):
        value = ROMAN_NUMERALS.get(m.group("num").lower()) or int(m.group("num"))
        high = m.group("high") and (ROMAN_NUMERALS.get(m.group("high").lower()) or int(m.group("high")))
        if high and high > value and not m.group("cmp"):  # "class III-IV", "class 3/4": both ends
            found.append((m.start(), Threshold(variable, ">=", float(value))))
            found.append((m.start(), Threshold(variable, "<=", float(high))))
            continue
        symbol = comparator(m.group("cmp") or comparator_before(text, m.start())[0], default)
        if m.group("tail"):
            symbol = ">=" if re.search(r"higher|greater|above|more|worse", m.group("tail"), re.I) else "<="
        found.append((m.start(), Threshold(variable, symbol, float(value))))
    return found


def nyha(text: str) -> list[tuple[int, Threshold]]:
    """NYHA class limits ("NYHA class ≥ III")."""
    if not _names(text, "nyha", "new york"):
        return []
    # "New York Society of Cardiology class ≥ II", "New York Cardiology Society Grade III": translated names
    name = (
        r"\b(?:NYHA|New\s+York\s+(?:Heart\s+Association|(?:Society|Association)\s+of\s+Cardiology|Cardiology\s+Society))"
    )
    found = roman_class(text, name, "nyha_class", "=")
    for m in () if found else _ROMAN_THEN_NYHA.finditer(text):  # "heart failure III or IV NYHA"
        low, high = ROMAN_NUMERALS[m.group("num").lower()], m.group("high") and ROMAN_NUMERALS[m.group("high").lower()]
        ends = [(">=", low), ("<=", high)] if high and high > low else [("=", low)]
        found += [(m.start(), Threshold("nyha_class", symbol, float(value))) for symbol, value in ends]
    return found


# roman numerals written before the name: "heart failure III or IV NYHA", "(class III-IV NYHA)"
_ROMAN_THEN_NYHA = lazy_re(
    r"(?<![\w-])(?:class\s*)?(?P<num>IV|III|II|I)(?:\s*(?:-|–|~|/|to|or)\s*(?:class\s*)?(?P<high>IV|III|II|I))?"
    r"\s*\(?\s*(?:NYHA|New\s+York\s+Heart\s+Association)\b",
    re.I,
)


def gvhd_grade(text: str) -> list[tuple[int, Threshold]]:
    """GVHD grade limits ("GVHD of grade ≥ 2")."""
    if not _names(text, "gvhd", "graft"):
        return []
    # the name ends before a comparator written ahead of "grade" ("GVHD > grade 1"), which roman_class then reads
    name = r"\b(?:GVHD|graft[- ]versus[- ]host\s+disease)\b[^.;]{0,60}?(?=(?:[<>≤≥]\s*=?\s*)?grade\b)"
    return roman_class(text, name, "gvhd_grade", ">=")


def life_expectancy(text: str) -> list[tuple[int, Threshold]]:
    """Life expectancy limits ("life expectancy of at least 12 weeks")."""
    found = []
    if not _names(text, "expectancy", "surviv"):
        return found
    for m in re.finditer(
        rf"\b(?:life\s+expectancy|expected\s+survival|survival\s+expectancy|expected\s+to\s+survive)\b[^.;]{{0,30}}?"
        rf"(?:{_CMP}\s*)?(?P<num>\d+(?:\.\d+)?)\s*{_UNIT}",
        text,
        re.I,
    ):
        found.append(
            (
                m.start(),
                Threshold(
                    "life_expectancy",
                    comparator(m.group("cmp"), ">="),
                    float(m.group("num")),
                    m.group("unit").lower().rstrip("s") + "s",
                ),
            )
        )
    return found


# a count of lines with no comparator is a limit after these words ("relapsed after 2 lines", "received 2 prior lines")
_AFTER_LINES = lazy_re(
    r"\b(?:after|following|failed|failure\s+of|received|receiving|exactly|had|having|with)\s+$", re.I
)
_LINE_COUNT = r"\d+|one|two|three|four|five|six"
PRIOR_LINES = lazy_re(
    rf"\b(?:(?P<between>between\s+)?(?P<low>{_LINE_COUNT})\s*(?:to|-|–|or|and)\s*)?(?P<num>{_LINE_COUNT})\s*"
    r"(?P<more>or\s+more\s+)?"
    r"(?:(?:prior\s+)?(?:(?:previous|different|systemic|cytotoxic|containing|chemotherapy|chemo|treatment|therapy|"
    r"biologic(?:al)?|targeted|immunosuppressive|hypomethylating|induction|salvage|standard|TKI|HMA|based|"
    r"anti-[\w-]+|[\w-]+-(?:based|containing))\s+){0,3}(?:lines?|regimens?)\b|"
    r"prior\s+(?:systemic\s+|anti-?cancer\s+|anti-?neoplastic\s+|anti-?tumou?r\s+|cytotoxic\s+|chemotherapy\s+)*"
    r"(?-i:[A-Z]{2,5}\s+)?"  # a disease's acronym: "one prior CLL therapy"
    r"(?:(?:treatments?|therap(?:y|ies))(?:\s+(?:regimens?|lines?))?|regimens?|lines?)\b)",
    re.I,
)


def prior_lines(text: str) -> list[tuple[int, Threshold]]:
    """Counts of prior lines of therapy ("at least 2 prior lines", "one prior systemic treatment", "1 to 3 lines")."""
    found = []
    if not _names(text, "line", "regimen", "prior"):
        return found
    for m in PRIOR_LINES.finditer(text):
        value = number(m.group("num"))
        ranged = m.group("low") and (m.group("between") or not _AND.match(text, m.end("low")))
        if ranged and number(m.group("low")) < value:  # "1 to 3 prior lines", "between 2 and 4 prior lines"
            found += [
                (m.start(), Threshold("prior_lines", ">=", number(m.group("low")))),
                (m.start(), Threshold("prior_lines", "<=", value)),
            ]
            continue
        before, at = comparator_before(text, m.start())
        if not (before or m.group("more") or _AFTER_LINES.search(text, max(0, m.start() - 30), m.start())):
            continue  # "represents one line of therapy" states no limit; "relapsed after 2 lines" does
        symbol = ">=" if m.group("more") else comparator(before, "=")
        found.append((m.start(), Threshold("prior_lines", symbol, value)))
        found += _lower_end_before(text, at) if before else []
    return found


def _lower_end_before(text: str, comparator_start: int) -> list[tuple[int, Threshold]]:
    """The lower end of "at least 2 but no more than 4 prior lines", before the upper end's comparator."""
    lower = _LOWER_END_BEFORE.search(text, 0, comparator_start)
    if lower is None:
        return []
    return [(lower.start(), Threshold("prior_lines", comparator(lower.group("cmp")), number(lower.group("low"))))]


_AND = lazy_re(r"\s*and\b", re.I)  # "2 and 4 prior lines" is a range only after "between"
_LOWER_END_BEFORE = lazy_re(rf"{_CMP}\s*(?P<low>{_LINE_COUNT})\s*,?\s*(?:but|and)\s+$", re.I)


_NOT_A_COUNT_BEFORE = lazy_re(r"\b(?:grade|stage|class|type|phase|level|cycle|day|version|v)\s*$", re.I)
_ANY_UNIT = lazy_re(ANY_UNIT, re.I)
# "five metastatic lesions or less", "3 relapses or more": a count whose comparator follows its noun
_COUNT_THEN_COMPARATOR = lazy_re(
    rf"(?<![\w.,/-])(?P<num>\d+|\b(?:{'|'.join(NUMBER_WORDS)}))\s+(?P<noun>(?:[A-Za-z][\w-]*\s+){{0,2}}[A-Za-z][\w-]{{2,}})"
    r"\s+or\s+(?P<post>more|greater|less|fewer)\b(?!\s+th[ae]n)",
    re.I,
)


def counted_postfix(text: str) -> list[tuple[int, Threshold]]:
    """A count whose spelled comparator follows its noun ("five metastatic lesions or less").

    The noun is named as counts are (plural, without framing words); a unit is no noun ("18 years
    or more" is an age, read elsewhere).
    """
    found = []
    for m in _COUNT_THEN_COMPARATOR.finditer(text) if " or " in text.lower() else ():
        if _ANY_UNIT.match(m.group("noun")) or _NOT_A_COUNT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "18 years or more" is an age, "Grade 2 neuropathy or greater" a grade
        counted = counted_after(text, m.end("num"))
        if counted:
            symbol = ">=" if m.group("post").lower() in ("more", "greater") else "<="
            found.append((m.start(), Threshold(counted[0], symbol, number(m.group("num")))))
    return found
