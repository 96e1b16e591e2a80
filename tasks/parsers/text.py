"""Registry values read from display text: registry ids, the CT.gov enums, counts and dates.

Every parser maps what a layout prints ("Active, not recruiting", "Phase 1/Phase 2",
"73 participants", "June 2023") to the value the warehouse stores through these.
"""

from __future__ import annotations

import re
from datetime import date

REGISTRY_ID = re.compile(
    r"\b(?:NCT\d{8}|ChiCTR(?:-[A-Z]{2,4}-)?\d{8,10}|CTR20\d{5,6}|CTRI/\d{4}/\d{2,3}/\d{6}|"
    r"ISRCTN\d{8}|ACTRN\d{14}|jRCT[a-z]?\d{7,10}|UMIN\d{9}|DRKS\d{8}|KCT\d{7}|"
    r"EUCTR\d{4}-\d{6}-\d{2}|\d{4}-5\d{5}-\d{2}-\d{2}|\d{4}-\d{6}-\d{2})\b"
)
# Every id above holds six digits in a row (see may_hold_registry_id): keep it so when adding one.
ID_DIGIT_RUN = 6
# UTF-8 bytes with every ASCII digit and every byte of a non-ASCII character read as "0".
_DIGIT_OR_WIDE = bytes.maketrans(bytes([*range(0x30, 0x3A), *range(0x80, 0x100)]), b"0" * 138)
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
SEXES = {"all": "ALL", "both": "ALL", "male": "MALE", "female": "FEMALE"}
PLACEHOLDERS = frozenset({"not available", "n/a", "none provided", "-"})  # values that say nothing
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))


def clean(text: str | None) -> str | None:
    """Strip ``text``; return ``None`` for empty or placeholder values."""
    if text is None:
        return None
    value = text.strip()
    # Lowering never shortens a text, so one longer than every placeholder is none: not lowered
    # (most values are, and descriptions run to thousands of characters).
    if not value or len(value) <= _LONGEST_PLACEHOLDER and value.lower() in PLACEHOLDERS:
        return None
    return value


def may_hold_registry_id(text: str) -> bool:
    """Whether ``text`` may hold a :data:`REGISTRY_ID` (``False`` only when it cannot).

    A text without six digits in a row holds no id. Read in UTF-8 with each digit byte and each
    byte of a non-ASCII character (a non-ASCII digit is one) as ``0``, a run of six digits
    becomes a run of at least six ``0``: two passes in C, where the regex's scan tries its
    alternatives at every letter and digit (prose holds ids rarely; 3x cheaper over summaries).
    """
    return b"0" * ID_DIGIT_RUN in text.encode("utf-8", "surrogatepass").translate(_DIGIT_OR_WIDE)


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
