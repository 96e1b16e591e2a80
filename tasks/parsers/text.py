"""Text helpers shared by every parser: registry ids, enums, dates, boilerplate."""

from __future__ import annotations

import re
from datetime import date

from tasks.parsers.places import split_location

REGISTRY_ID = re.compile(
    r"\b(?:NCT\d{8}|ChiCTR(?:-[A-Z]{2,4}-)?\d{8,10}|CTR20\d{5,6}|CTRI/\d{4}/\d{2,3}/\d{6}|"
    r"ISRCTN\d{8}|ACTRN\d{14}|jRCT[a-z]?\d{7,10}|UMIN\d{9}|DRKS\d{8}|KCT\d{7}|"
    r"EUCTR\d{4}-\d{6}-\d{2}|\d{4}-5\d{5}-\d{2}-\d{2}|\d{4}-\d{6}-\d{2})\b"
)
PHASES = {
    "early phase 1": "EARLY_PHASE1",
    "early_phase1": "EARLY_PHASE1",
    "phase 0": "EARLY_PHASE1",
    "phase 1": "PHASE1",
    "phase1": "PHASE1",
    "phase i": "PHASE1",
    "phase 2": "PHASE2",
    "phase2": "PHASE2",
    "phase ii": "PHASE2",
    "phase 3": "PHASE3",
    "phase3": "PHASE3",
    "phase iii": "PHASE3",
    "phase 4": "PHASE4",
    "phase4": "PHASE4",
    "phase iv": "PHASE4",
    "not applicable": "NA",
    "na": "NA",
    "n/a": "NA",
}
STATUSES = (
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
)
STUDY_TYPES = ("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS")
INTERVENTION_TYPES = (
    "BEHAVIORAL",
    "BIOLOGICAL",
    "COMBINATION_PRODUCT",
    "DEVICE",
    "DIAGNOSTIC_TEST",
    "DIETARY_SUPPLEMENT",
    "DRUG",
    "GENETIC",
    "PROCEDURE",
    "RADIATION",
    "OTHER",
)
ARM_TYPES = (
    "EXPERIMENTAL",
    "ACTIVE_COMPARATOR",
    "PLACEBO_COMPARATOR",
    "SHAM_COMPARATOR",
    "NO_INTERVENTION",
    "OTHER",
)
SEXES = {"all": "ALL", "both": "ALL", "male": "MALE", "female": "FEMALE"}

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|^=])")


def normalise_newlines(text: str) -> str:
    """Drop a byte-order mark and turn CRLF / CR line ends into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def unescape_markdown(text: str) -> str:
    r"""Undo ClinicalTrials.gov's markdown escapes (``\>`` → ``>``, ``\[`` → ``[``)."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def clean(text: str | None) -> str | None:
    """Strip ``text``; return ``None`` for empty or placeholder values."""
    if text is None:
        return None
    value = text.strip()
    if not value or value.lower() in {"not available", "n/a", "none provided", "-"}:
        return None
    return value


def find_registry_ids(text: str) -> list[str]:
    """Return the distinct registry numbers in ``text`` in order of appearance."""
    found: list[str] = []
    for match in REGISTRY_ID.finditer(text):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found


def phase_from_text(text: str | None) -> str | None:
    """Map "Phase 1", "Phase 1/Phase 2", "PHASE1, PHASE2", "Early Phase 1" to the CT.gov enum."""
    if not text:
        return None
    lowered = text.strip().lower().replace("_", " ")
    if lowered in PHASES:
        return PHASES[lowered]
    if "early phase" in lowered:
        return "EARLY_PHASE1"
    numbers = re.findall(r"phase\s*([1-4]|iv|iii|ii|i)\b", lowered)
    numbers += re.findall(r"(?<=[/,&])\s*(?:phase\s*)?([1-4])\b", lowered)
    roman = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
    digits = sorted({roman.get(n, n) for n in numbers})
    if not digits:
        return "NA" if "not applicable" in lowered else None
    return "/".join(f"PHASE{d}" for d in digits)


def enum_from_text(text: str | None, allowed: tuple[str, ...]) -> str | None:
    """Map display text ("Active, not recruiting") to an enum value (``ACTIVE_NOT_RECRUITING``)."""
    if not text:
        return None
    key = re.sub(r"[^A-Z0-9]+", "_", text.strip().upper()).strip("_")
    return key if key in allowed else None


def sex_from_text(text: str | None) -> str | None:
    """Map "All", "Female", "Both" to the CT.gov ``sex`` enum."""
    if not text:
        return None
    return SEXES.get(text.strip().lower())


def int_from_text(text: str | None) -> int | None:
    """Read the first integer in ``text`` ("29", "73 participants")."""
    match = re.search(r"\d[\d,]*", text or "")
    return int(match.group(0).replace(",", "")) if match else None


def split_lines(text: str) -> list[str]:
    """Split normalised text into lines with trailing whitespace removed."""
    return [line.rstrip() for line in normalise_newlines(text).split("\n")]


def join_paragraphs(lines: list[str]) -> str | None:
    """Join lines into text, trimming blank lines at both ends."""
    return clean("\n".join(lines))


# Site furniture that aggregator pages splice into their text, sometimes mid-paragraph: each
# pattern with a lower-case phrase it always contains, so that a text without any of the
# phrases (most documents) costs one ``in`` test per pattern, not a substitution per line.
BOILERPLATE = (
    (
        "informational purposes only",
        re.compile(r"This platform is for informational purposes only[^.\n]*\.(?:\s*Always consult[^.\n]*\.)?", re.I),
    ),
    ("always consult a qualified", re.compile(r"Always consult a qualified healthcare professional\.?", re.I)),
    (
        "scientific validity of this study",
        re.compile(r"The safety and scientific validity of this study is the responsibility[^.\n]*\.", re.I),
    ),
    (
        "listing a study does not mean",
        re.compile(r"Listing a study does not mean it has been evaluated[^.\n]*\.", re.I),
    ),
    ("read our disclaimer", re.compile(r"Read our disclaimer for details\.?", re.I)),
    ("©", re.compile(r"©\s*Copyright[^\n]*", re.I)),
)
_FLAG = re.compile("^[\U0001f1e6-\U0001f1ff]{2}$")


def strip_boilerplate(text: str) -> str:
    """Remove site boilerplate wherever it is spliced in, keeping the surrounding text.

    A line that held only boilerplate disappears; a sentence spliced into a
    paragraph is cut out and the paragraph rejoined with single spaces. Line ends come back as
    LF (``split_lines`` of the result is what every parser reads).
    """
    lowered = text.lower()
    present = [pattern for phrase, pattern in BOILERPLATE if phrase in lowered]
    if not present:
        return normalise_newlines(text)
    lines = []
    for line in split_lines(text):
        cleaned = line
        for pattern in present:
            cleaned = pattern.sub("", cleaned)
        if cleaned != line:
            cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).rstrip()
            if not cleaned.strip():
                continue
        lines.append(cleaned)
    return "\n".join(lines)


def is_flag(line: str) -> bool:
    """Tell whether ``line`` is a country flag emoji (MedPath marks each site with one)."""
    return bool(_FLAG.match(line.strip()))


def parse_location(line: str) -> tuple[str | None, str | None, str | None]:
    """Split "City, State, Country" or "City, Country" into its parts.

    A line ending with a known country is split before it (so "Seoul, Korea, Republic of" keeps its
    country whole); any other line is split at its commas, the last part taken as the country.
    """
    known = split_location(line)
    if known:
        return known
    parts = [p.strip() for p in line.split(",") if p.strip()]
    if not parts:
        return None, None, None
    if len(parts) == 1:
        return None, None, parts[0]
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return parts[0], ", ".join(parts[1:-1]), parts[-1]


_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_WORDY_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")


def date_value(text: str | None) -> date | None:
    """Read "2023-06-15", "2023-06" (first of month), "2023", "June 2023" or "June 15, 2023".

    Returns:
        The date, or ``None`` for missing or unreadable text (the text itself is kept elsewhere).
    """
    if not text:
        return None
    value = text.strip()
    iso = _ISO_DATE.match(value)
    if iso:
        parts = (int(iso.group(1)), int(iso.group(2) or 1), int(iso.group(3) or 1))
    else:
        wordy = _WORDY_DATE.match(value)
        month = _MONTHS.get(wordy.group(1).lower()) if wordy else None
        if not month:
            return None
        parts = (int(wordy.group(3)), month, int(wordy.group(2) or 1))
    try:
        return date(*parts)
    except ValueError:
        return None
