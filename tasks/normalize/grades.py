"""Toxicity grades and the grades of graded conditions: "≤ grade 1", "Grade III or IV infusion reaction".

A grade with a comparator ("grade 3 or higher", "≥ grade II") or written as a list or range
("Grade 3 or 4", "grade III-IV") is a CTCAE toxicity grade (``ctcae_grade``) unless a graded
condition or classification is named next to it ("Grade 2 spondylolisthesis (Meyerding)":
``meyerding grade``). Grades are written in arabic or roman numerals.
"""

from __future__ import annotations

import re

from tasks.normalize.classifications import named_before
from tasks.normalize.lazy_patterns import lazy_re
from tasks.normalize.thresholds import Threshold, comparator, comparator_before
from tasks.normalize.vocabulary import ANY_COMPARATOR, ROMAN_NUMERALS, VARIABLES

_CMP = f"(?P<cmp>{ANY_COMPARATOR})"
_GRADE = r"(?:[0-5]|IV|V|III|II|I)\b"
_OTHER_SCALE = lazy_re(r"GVHD|graft|NYHA|New\s+York\s+Heart", re.I)
# "ECOG grade ≤ 2", "performance status grade 0 to 1": the performance scale's grade, read as ECOG (scales.ecog)
_PERFORMANCE_BEFORE = lazy_re(
    rf"(?:{dict(VARIABLES)['ecog']}|\bperformance\s+status)(?:\s*\([\w-]+\))?[\s:-]*$", re.I
)
_TUMOUR_GRADE = lazy_re(r"\bstage\b|\bp?[TN][0-4xX]\b|histolog|differentiat|tumou?r\s+grade|FIGO|WHO\s+grade", re.I)
GRADE = lazy_re(
    rf"\bgrade\s*(?P<cmp2>{ANY_COMPARATOR})?\s*(?P<num>{_GRADE})(?:\s*(?:-|–|to|or|/)\s*(?:grade\s*)?(?P<high>{_GRADE}))?"
    # "grade 3 or higher", "Grade 2 peripheral neuropathy or higher" (the toxicity named in between)
    rf"(?P<tail>(?:\s+(?!or\b)[A-Za-z-]+){{0,3}}?\s+or\s+(?:higher|greater|above|more|worse|lower|less|below))?",
    re.I,
)


def ctcae_grade(text: str) -> list[tuple[int, Threshold]]:
    """Toxicity grade limits ("≤ grade 1", "grade 3 or higher", "Grade III or IV infusion reaction")."""
    found = []
    for m in GRADE.finditer(text) if "grade" in text.lower() else ():
        context = text[max(0, m.start() - 80) : m.end()]
        if _OTHER_SCALE.search(context) or named_before(text, m.start()) or _performance_grade(text, m.start()):
            continue
        variable = _graded_by(text, m.start(), m.end("num"))
        low, high = _grade(m.group("num")), m.group("high") and _grade(m.group("high"))
        before = comparator_before(text, m.start())[0]
        if high and high > low and not (before or m.group("cmp2")):  # "Grade 3 or 4", "grade III-IV"
            if _TUMOUR_GRADE.search(context):
                continue  # "Stage IB, grade 1 or 2, pN0": a tumour's grade classifies the disease
            found += [(m.start(), Threshold(variable, ">=", low)), (m.start(), Threshold(variable, "<=", high))]
            continue
        if not (before or m.group("cmp2") or m.group("tail") or _bare_toxicity_grade(text, m.start(), m.end())):
            continue  # "excluding grade 2 neuropathy" names a grade but sets no limit
        found.append((m.start(), Threshold(variable, _symbol(text, m, before), low)))
    return found


def _symbol(text: str, m: re.Match, before: str | None) -> str:
    """A grade limit's comparator: before the grade, inside ("grade ≥ 2") or after it ("grade 3 or higher").

    Recovery "to at least grade 1" is to grade 1 or a lower one: on the toxicity scale "at least"
    reads "at least as well as".
    """
    symbol = comparator(before or m.group("cmp2"))  # "Any Grade 4 laboratory abnormality": exactly 4
    if m.group("tail"):
        symbol = ">=" if re.search(r"higher|greater|above|more", m.group("tail"), re.I) else "<="
    recovered = symbol == ">=" and before and _RECOVERED_TO.search(text, max(0, m.start() - 80), m.start())
    return "<=" if recovered else symbol


def _bare_toxicity_grade(text: str, start: int, end: int) -> bool:
    """Whether a grade with no comparator is a toxicity's exact grade ("Any Grade 4 laboratory abnormality").

    Not one an exception names ("except alopecia and grade 2 neuropathy"): that grade is allowed, no limit.
    """
    return bool(_TOXICITY_AFTER.match(text, end)) and not _EXCEPTED.search(text, max(0, start - 60), start)


def _performance_grade(text: str, start: int) -> bool:
    """Whether the grade at ``start`` is a performance status's ("ECOG grade 0-1")."""
    return bool(_PERFORMANCE_BEFORE.search(text, max(0, start - 40), start))


def _grade(written: str) -> float:
    """A grade in arabic or roman numerals."""
    return float(ROMAN_NUMERALS.get(written.lower()) or int(written))


def _graded_by(text: str, start: int, end: int) -> str:
    """``ctcae_grade``, or the grade of the condition named next to it ("Grade 2 spondylolisthesis (Meyerding)").

    A classification named after the condition names the grade ("meyerding grade"); else the
    condition does ("spondylolisthesis grade"), after the grade or just before it
    ("spondylolisthesis greater than grade 1").
    """
    if _GVHD_AFTER.match(text, end, end + 40):
        return "gvhd_grade"  # "Grade ≥ 2 acute GVHD", as a GvHD grade named first is read (scales.gvhd_grade)
    other = _OTHER_GRADED.match(text, end, end + 60) or _GRADED_BEFORE.search(text, max(0, start - 40), start)
    if not other:
        return "ctcae_grade"
    named = _CLASSIFICATION.match(text, other.end(), other.end() + 80)
    return f"{(named.group('scale') if named else other.group('scale')).lower()} grade"


# "CTCAE", "CTC AE", "NCI-CTCAE", spelled out; "≥ CTCAE level 2" (or "degree 2") is its grade 2
_CTCAE = (
    r"(?:NCI[- ])?(?:CTC\s?AE|Common\s+Terminology\s+Criteria\s+for\s+Adverse\s+Events)(?:\s*\((?:NCI[- ])?CTCAE\))?"
)
CTCAE_FIRST = lazy_re(
    rf"{_CMP}\s*{_CTCAE}\s*(?:v(?:ersion)?\s*\d(?:\.\d+)?\s*)?(?:(?:grade|level|degree)\s*)?(?P<num>[0-5])\b(?!\.\d)",
    re.I,
)


def ctcae_first(text: str) -> list[tuple[int, Threshold]]:
    """A grade limit that names its scale between comparator and grade ("≥ CTCAE grade 2")."""
    lowered = text.lower()
    if "ctc" not in lowered and "terminology" not in lowered:
        return []  # a cheap test spares a scan that tries the comparators at every position
    return [
        (m.start(), Threshold("ctcae_grade", comparator(m.group("cmp")), float(m.group("num"))))
        for m in CTCAE_FIRST.finditer(text)
    ]


# Conditions graded like toxicities but not by CTCAE: "Grade 2 spondylolisthesis" is a spondylolisthesis grade
_GRADED_CONDITIONS = (
    r"(?P<scale>spondylolisthesis|Meyerding|Pfirrmann|Modic|Gleason|glioma|steatosis|fibrosis|reflux|varicocele|"
    r"h(?:a)?emorrhoids?|hydronephrosis|osteoarthritis|Kellgren)"
)
_OTHER_GRADED = lazy_re(
    rf"\W*(?:or\s+(?:higher|greater|above|more|worse|lower|less|below)\s+)?(?:\w+\s+){{0,4}}?{_GRADED_CONDITIONS}", re.I
)
# a toxicity named right after a bare grade: "Grade 4 laboratory abnormality", "grade 2 peripheral neuropathy"
_TOXICITY_AFTER = lazy_re(
    r"\s+(?:[\w-]+\s+){0,2}?(?:neuropath\w*|neurotoxicit\w*|(?:laboratory\s+)?abnormalit\w*|adverse\s+(?:event|reaction)s?|"
    r"toxicit\w*|(?:infusion|hypersensitivity|allergic)\s+reactions?)\b",
    re.I,
)
# recovery "to at least" a grade is to that grade or a lower one ("not recovered … (to at least grade 1)")
_RECOVERED_TO = lazy_re(r"\b(?:recover|resolv|return)\w*\b[^.;]*\bto\s+(?:at\s+least|≥|>=)\s*$", re.I)
_EXCEPTED = lazy_re(r"\b(?:except|excepting|exception|excluding|exclusion|other\s+than|apart\s+from)\b[^;.]*$", re.I)
_GVHD_AFTER = lazy_re(r"[^.;,]*?\b(?:GVHD|graft[- ]versus[- ]host)", re.I)
_GRADED_BEFORE = lazy_re(rf"\b{_GRADED_CONDITIONS}\b[^.;,()]{{0,30}}$", re.I)
_CLASSIFICATION = lazy_re(
    r"[^.;]*?\b(?:according\s+to|per|by|on)\s+(?:the\s+)?(?P<scale>(?-i:[A-Z])[\w-]+)\s+(?:classification|grading|scale)",
    re.I,
)
