r"""A criterion as the threshold readers read it: one spelling of numbers, signs and escapes.

Registries write one limit many ways: markdown escapes (``\>``), a sign after its value, tilde
ranges, powers of ten, thousands separated by dots or spaces, numbers of years in words. The
readers of :mod:`tasks.normalize.criteria` see each in one spelling.
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.restatements import restatements_dropped
from tasks.normalize.snellen import snellen_as_decimals
from tasks.normalize.spelled import years_in_digits


def prepared(text: str) -> str:
    """The criterion as the readers read it: escapes and restated comparators gone, numbers in one spelling."""
    # CT.gov's markdown escapes: \>, \<, \=, \& ("AST \& ALT ≤ 2.5 x ULN") and \~ ("Grade III \~ IV")
    text = text.replace("\\>", ">").replace("\\<", "<").replace("\\=", "=").replace("\\&", "&").replace("\\~", "~")
    text = restatements_dropped(text[:5000])
    if "≥" in text or "≤" in text:  # "a Mini-Mental State Exam score of 26 ≥ within 1 month": the sign after
        text = _SIGN_AFTER.sub(r"\2 \1", text)
    if "~" in text or "～" in text:  # "Age 18~75 years", "ECOG 0 ~ 2": a range
        text = _TILDE_RANGE.sub("-", text)
    if "ithin at" in text:  # "within at least 7 days before the first dose": still a window of 7 days
        text = _WITHIN_AT_LEAST.sub(r"\1 ", text)
    if "ormal range" in text:  # "LVEF below the institutional normal range": below its lower limit
        text = _BEYOND_NORMAL_RANGE.sub(_normal_limit_named, text)
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


_TIMES = lazy_re(
    r"\b((?:more|less|fewer)\s+than|at\s+(?:least|most))\s+(once|twice|thrice)\b(?!\s+(?:daily|weekly|monthly))", re.I
)  # not "no more than twice weekly triptan use": a frequency of the noun after it
_TIMES_VALUE = {"once": 1, "twice": 2, "thrice": 3}
_TILDE_RANGE = lazy_re(r"(?<=\d)\s*[~～]\s*(?=\d)")
_WITHIN_AT_LEAST = lazy_re(r"\b(within)\s+at\s+least\s+(?=\d|(?:a|one|two|three|four|six|eight|twelve)\b)", re.I)
_LOST_LOWER_END = lazy_re(r"(?P<high>(?:<\s*=?|≤)\s*(?P<a>\d+(?:\.\d+)?))\s+but\s+(?P<b>\d+(?:\.\d+)?)(?![\d.])")


def _lower_end(match: re.Match) -> str:
    """Read "< 60 but 15" as "< 60 and ≥ 15" when the second number is the smaller one; else as written."""
    if float(match.group("b")) >= float(match.group("a")):
        return match.group()
    return f"{match.group('high')} and ≥ {match.group('b')}"


# a sign written after its value, then a clause word or the end: "score of 1 ≥ or ...", "26 ≥ within"
# (not "CTCAE 5.0 ≥ grade 2", "18 ≤ age ≤ 65": a sign before a name or a value reads forward)
_SIGN_AFTER = lazy_re(r"(?<![\d.,/:-])(\d+(?:\.\d+)?)\s*([≥≤])(?=\s*(?:(?:or|and|within|at|in|on|for)\b|[,;.)]|$))")
# a comparator's word, then the normal range: the limit it passes is the range's lower or upper one
_BEYOND_NORMAL_RANGE = lazy_re(
    r"\b(?P<cmp>below|under|less\s+than|lower\s+than|above|over|greater\s+than|higher\s+than|more\s+than)\s+"
    r"(?:the\s+)?(?P<where>(?:institutional|institution's|laboratory|lab|local)\s+)?normal\s+range\b",
    re.I,
)


def _normal_limit_named(match: re.Match) -> str:
    """"below the normal range" as "below the lower limit of normal" (and above it, the upper limit)."""
    side = "lower" if re.match(r"below|under|less|lower", match.group("cmp"), re.I) else "upper"
    where = "institutional " if match.group("where") else ""  # the one qualifier the limit's pattern reads
    return f"{match.group('cmp')} the {where}{side} limit of normal"


_TITRE = lazy_re(r"((?:[<>≤≥]=?|\btit(?:er|re)s?(?:\s+of)?)\s*)1\s*:\s*(\d{2,5})\b", re.I)
# "a pain score of 4/10 or greater", "4 out of 10 or more": the scale's maximum is no value
_SCORE_OUT_OF = lazy_re(
    r"(?<![\d/.])(\d{1,2}(?:\.\d)?)\s*(?:/\s*10|out\s+of\s+10{1,2})(?![\d/.])"
    r"(?=\s*(?:points?\s+)?or\s+(?:more|greater|higher|above|less|lower|below|worse|better)\b)",
    re.I,
)


_NEGATIVE_POWER = lazy_re(r"(?<![\d.])10\s*(?:\^|\*\*)\s*[-−]\s*(\d)(?!\d)")
# "platelets < 100.000/µl", "150 000/mm3": a dot or space before three digits of a count separates thousands
_THOUSANDS_HINT = lazy_re(r"\d[. \u2009\u202f]\d\d\d(?!\d)")
_THOUSANDS_DOT = lazy_re(
    r"\b(\d{1,3})\.(\d{3})(?=\s*(?:/\s*(?:mm3|mm³|mm\^3|[µμu]l|mcl)|cells|copies|IU\b))", re.I
)  # "100.000/µl" (spaces are _THOUSANDS_SPACE's, which reads every unit this one does)
# "HCV RNA ≥ 10^4 IU/mL", "> 1 x 10^5 copies/mL", "≥ 10 ³ copies/mL" (its superscript kept, the caret lost):
# a power of ten before a unit of copies is a number
# (not "1.5 x 10^9/L", a cell count's unit, which the units table converts)
_COUNT_POWER = lazy_re(
    r"(?<![\d.])(?:(?P<factor>\d+(?:\.\d+)?)\s*[x×*]\s*)?10\s*"
    r"(?:(?:\^|\*\*)\s*(?P<power>\d{1,2})(?!\d)|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹])(?![⁰¹²³⁴⁵⁶⁷⁸⁹]))"
    r"(?=\s*(?:IU\b|copies|CFU|cp/|genome|vg\b))",
    re.I,
)


_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"


def _power_as_number(match: re.Match) -> str:
    """``1 x 10^5`` as ``100000`` (digits, as a criterion would write it)."""
    written = match.group("power")
    power = int(written) if written else _SUPERSCRIPTS.index(match.group("sup")) + 1  # "10⁴", "10 ³"
    value = float(match.group("factor") or 1) * 10 ** power
    return f"{value:.0f}" if value == int(value) else f"{value}"


# "HBV DNA > 20 000 IU/mL": a space before three digits of an amount with a unit separates thousands too
_THOUSANDS_SPACE = lazy_re(
    r"(?<![\d.,])\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d.,])(?=\s*(?:IU\b|copies|cells|U/|[mµμnp]?g\b|[mµμnp]g/|/))",
    re.I,
)
