"""Limits on named clinical classifications: "Pfirrmann grade III-IV", "ASA I-III", "Child-Pugh B7 or B8".

A classification's value is an ordinal, written in roman or arabic numerals (Child-Pugh's with
its class letter), often as a range or a list with no comparator at all. The classification as
written names the variable ("modified pfirrmann grade", "kl grade"); the few that eligibility
texts name by an acronym keep it ("asa", "mrs", "gmfcs"), as score names do. Disease stages
are not classifications of the participant's state and are left alone ("stage II-III"), as are
toxicity grades (read by :mod:`tasks.normalize.scales`).
"""

from __future__ import annotations

import re

from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.vocabulary import ANY_COMPARATOR, ROMAN_NUMERALS

# (short name, "{keyword}" in it for the keyword as written, or None: the name as written; pattern of the name)
_CLASSIFICATIONS = (
    ("asa", r"(?-i:ASA)\b|American\s+Society\s+of\s+Anesthesiologists"),
    ("mrs", r"modified\s+Rankin(?:\s+Scale)?|(?-i:mRS)\b"),
    ("gmfcs", r"(?-i:GMFCS)\b|Gross\s+Motor\s+Function\s+Classification\s+System"),
    # a kidney disease's or angina's stage, grade or class only where the keyword says so ("CKD stage 4 or 5",
    # "chronic kidney disease (CKD) grades 4 and 5": "ckd grade"), not "chronic kidney disease in the past 4 weeks"
    ("ckd {keyword}", r"(?-i:CKD)(?!-EPI)\b|chronic\s+kidney\s+disease"),
    ("ccs {keyword}", r"Canadian\s+Cardiovascular\s+Society|(?-i:CCS)\b"),
    (
        None,
        r"(?:modified\s+)?Pfirrmann|Kellgren[- ]?(?:and\s+|&\s*|/)?Lawrence|(?-i:KL|K-L|K/L)(?=\s+grade)|Meyerding|"
        r"Outerbridge|Child[- ]Pugh(?:[- ]Turcotte)?|Fitzpatrick(?:\s+skin)?|skin\s+photo-?type|Gleason|Mallampati|"
        r"Hoehn\s+(?:and|&)\s+Yahr|Tanner|Clavien[- ]Dindo|Rutherford|House[- ]Brackmann|Hunt\s+(?:and|&)\s+Hess|"
        r"Spetzler[- ]Martin|Cormack[- ]Lehane|BI-?RADS|ALBI|albumin[- ]bilirubin",
    ),
)
_NAME = "|".join(f"(?P<n{index}>{pattern})" for index, (_, pattern) in enumerate(_CLASSIFICATIONS))
_KEYWORD = r"(?:grade|class|score|stage|level|category|type|status)(?:e?s)?"
_ORDINAL = r"(?:[ABC](?=\d))?(?:VII|VI|IV|V|III|II|I|1[0-5]|\d)(?![\w+]|\.\d)"
CLASSIFIED = lazy_re(
    rf"\b(?:{_NAME})(?:\s*\([^()]{{1,60}}\))?(?:[\s:,-]+(?!(?:{_KEYWORD})\b)[a-z][\w-]*\b){{0,3}}?"
    rf"(?:[\s:]*(?P<keyword>{_KEYWORD})\b)?(?:\s+of)?\s*:?\s*(?P<cmp>{ANY_COMPARATOR})?\s*(?:(?:{_KEYWORD})\s*)?(?P<low>{_ORDINAL})"
    rf"(?:(?:\s*,\s*{_ORDINAL})*\s*(?:-|–|to|or|and|through|/|,(?:\s*(?:or|and))?)\s*(?:(?:{_KEYWORD})\s*)?"
    rf"(?P<high>{_ORDINAL}))?"
    r"(?P<tail>\s+or\s+(?:higher|greater|above|more|worse|lower|less|below|better))?",
    re.I,
)


def _needs_keyword(short: str | None) -> bool:
    """Whether a classification's short name takes the keyword as written ("ckd {keyword}")."""
    return bool(short and "{keyword}" in short)


_BRACKET = r"(?:\s*\([^()]{1,20}\))?(?:\s+angina)?\s*"  # between such a name and its keyword
_JUST_BRACKET = lazy_re(_BRACKET, re.I)
# a name right before a grade ("KL grade", "CKD grade ≥ 3"), or one 40 characters before it; one whose keyword it
# needs, with the keyword, and not across a comma ("CKD stage 3, or grade 2 neuropathy" has a toxicity grade)
_NAMED_JUST_BEFORE = lazy_re(
    "|".join(
        rf"\b(?:{pattern})(?:{_BRACKET}$|{_BRACKET}{_KEYWORD}\b[^.;,]{{0,40}}$)"
        if _needs_keyword(short)
        else rf"\b(?:{pattern})[^.;]{{0,40}}$".replace(r"(?=\s+grade)", "")
        for short, pattern in _CLASSIFICATIONS
    ),
    re.I,
)
# words one of the classifications' names holds (lowercase)
_CLASSIFICATION_HINTS = (
    "asa", "anesthesiologists", "rankin", "mrs", "gmfcs", "gross motor", "pfirrmann", "kellgren", "kl grade", "k-l",
    "k/l", "ckd", "kidney disease", "canadian", "ccs",
    "meyerding", "outerbridge", "pugh", "fitzpatrick", "photo", "gleason", "mallampati", "hoehn", "tanner", "clavien",
    "rutherford", "brackmann", "hunt", "spetzler", "cormack", "rads", "albi", "albumin-bilirubin", "albumin bilirubin",
)  # fmt: skip
# the ends of the scales whose whole span a criterion may name ("Fitzpatrick skin types I-VI", "ASA I-VI")
_FULL_SCALE = {
    "fitzpatrick skin type": (1.0, 6.0),
    "fitzpatrick type": (1.0, 6.0),
    "skin photo-type": (1.0, 6.0),
    "skin phototype": (1.0, 6.0),
    "asa": (1.0, 6.0),
    "mrs": (0.0, 6.0),
    "gmfcs": (1.0, 5.0),
}
_WORSE = lazy_re(r"higher|greater|above|more|worse", re.I)


def classification_limits(text: str) -> list[tuple[int, Threshold]]:
    """Limits on the classifications ``text`` names: a range or list gives both ends; one value its comparator."""
    found = []
    lowered = text.lower()
    if not any(hint in lowered for hint in _CLASSIFICATION_HINTS):
        return found  # a cheap test spares a scan that tries every name at every position
    for match in CLASSIFIED.finditer(text):
        variable = _variable(match)
        if not variable:
            continue  # "chronic kidney disease in the past 4 weeks": no stage without its keyword
        low, high = _ordinal(match.group("low")), match.group("high") and _ordinal(match.group("high"))
        if high and _FULL_SCALE.get(variable) == (low, high):
            continue  # "Fitzpatrick skin type I to VI": the whole scale admits everyone, it bounds nothing
        if high and high > low and not match.group("cmp"):  # "grade I-IV", "ASA 1 or 2", "B7 or B8"
            found += [(match.start(), Threshold(variable, ">=", low)), (match.start(), Threshold(variable, "<=", high))]
            continue
        written = match.group("cmp") or comparator_before(text, match.start())[0]
        symbol = comparator(written)
        if match.group("tail"):
            symbol = ">=" if _WORSE.search(match.group("tail")) else "<="
        found.append((match.start(), Threshold(variable, symbol, low)))
    return found


def _variable(match: re.Match) -> str:
    """The short name of the classification, else its name and keyword as written ("pfirrmann grade").

    ``""`` for a classification named without the keyword its name needs ("ckd {keyword}").
    """
    index = next(int(key[1:]) for key, value in match.groupdict().items() if key.startswith("n") and value)
    short = _CLASSIFICATIONS[index][0]
    if _needs_keyword(short):  # the keyword as written ("ckd grade") right after the name, else none
        keyword = match.group("keyword")
        between = match.string[match.end(f"n{index}") : match.start("keyword")] if keyword else ""
        return short.format(keyword=_singular(keyword.lower())) if keyword and _JUST_BRACKET.fullmatch(between) else ""
    if short:
        return short
    name = re.sub(r"\s+", " ", match.group(f"n{index}")).lower()
    keyword = _singular((match.group("keyword") or ("" if "type" in name else "score")).lower())
    return f"{name} {keyword}".strip()


def _singular(keyword: str) -> str:
    """A keyword in the singular: "stages" is "stage", "classes" "class"; "class" and "status" stay."""
    if keyword.endswith("ses"):
        return keyword[:-2]
    return keyword if keyword.endswith(("ss", "us")) else keyword.removesuffix("s")


def _ordinal(written: str) -> float:
    """A roman or arabic ordinal; Child-Pugh's class letter before its points is dropped ("B7" is 7)."""
    written = written.lstrip("ABCabc") if written[1:].isdigit() else written
    return float(ROMAN_NUMERALS.get(written.lower()) or int(written))


def named_before(text: str, start: int) -> bool:
    """Whether a classification is named just before ``start`` (its grade is no toxicity grade)."""
    return bool(_NAMED_JUST_BEFORE.search(text, max(0, start - 60), start))
