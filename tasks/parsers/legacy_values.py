"""ClinicalTrials.gov display values (legacy XML, API v1, the classic site) mapped to the API v2 enums.

The old formats and the website print each enumerated field as display text
("Single Group Assignment", "None (Open Label)", "Phase 1/Phase 2"); the API v2
path stores the enum ("SINGLE_GROUP", "NONE", "PHASE1/PHASE2"). Every legacy
parser maps through these tables so that the same study gives the same record
whichever format it came in.
"""

from __future__ import annotations

import re

from schemas.vocabulary import ARM_TYPES, INTERVENTION_TYPES, STATUSES, STUDY_TYPES
from tasks.parsers.text import clean, enum_from_text, phase_from_text, sex_from_text

# Display texts whose enum is not the display text upper-cased with underscores.
STATUS_ALIASES = {"unknown status": "UNKNOWN", "available for expanded access": "AVAILABLE"}
INTERVENTION_TYPE_ALIASES = {"procedure/surgery": "PROCEDURE", "genetic": "GENETIC", "radiation": "RADIATION"}
ALLOCATIONS = {"randomized": "RANDOMIZED", "non-randomized": "NON_RANDOMIZED", "n/a": "NA", "na": "NA"}
INTERVENTION_MODELS = {
    "single group assignment": "SINGLE_GROUP",
    "parallel assignment": "PARALLEL",
    "crossover assignment": "CROSSOVER",
    "factorial assignment": "FACTORIAL",
    "sequential assignment": "SEQUENTIAL",
}
OBSERVATIONAL_MODELS = (
    "COHORT",
    "CASE_CONTROL",
    "CASE_ONLY",
    "CASE_CROSSOVER",
    "ECOLOGIC_OR_COMMUNITY",
    "FAMILY_BASED",
    "DEFINED_POPULATION",
    "NATURAL_HISTORY",
    "OTHER",
)
MASKINGS = ("NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE")
PURPOSES = {
    "educational/counseling/training": "ECT",
    "treatment": "TREATMENT",
    "prevention": "PREVENTION",
    "diagnostic": "DIAGNOSTIC",
    "supportive care": "SUPPORTIVE_CARE",
    "screening": "SCREENING",
    "health services research": "HEALTH_SERVICES_RESEARCH",
    "basic science": "BASIC_SCIENCE",
    "device feasibility": "DEVICE_FEASIBILITY",
    "other": "OTHER",
}
_MONTHS = ("january february march april may june july august september october november december").split()
_WORDY_DATE = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?:(?P<day>\d{1,2}),?\s+)?(?P<year>\d{4})$")
# "Interventional (Clinical Trial)", "Observational [Patient Registry]": the bracket is a subtype.
_SUBTYPE = re.compile(r"\s*[(\[].*$")


def status_enum(text: str | None) -> str | None:
    """``Active, not recruiting`` → ``ACTIVE_NOT_RECRUITING``; ``Unknown status`` → ``UNKNOWN``."""
    if not text:
        return None
    return STATUS_ALIASES.get(text.strip().lower()) or enum_from_text(text, STATUSES)


def study_type_enum(text: str | None) -> str | None:
    """``Interventional`` / ``Interventional (Clinical Trial)`` → ``INTERVENTIONAL``."""
    return enum_from_text(_SUBTYPE.sub("", text or ""), STUDY_TYPES)


def intervention_type_enum(text: str | None) -> str | None:
    """``Drug`` → ``DRUG``; ``Dietary Supplement`` → ``DIETARY_SUPPLEMENT``."""
    if not text:
        return None
    return INTERVENTION_TYPE_ALIASES.get(text.strip().lower()) or enum_from_text(text, INTERVENTION_TYPES)


def arm_type_enum(text: str | None) -> str | None:
    """``Experimental`` → ``EXPERIMENTAL``; ``Active Comparator`` → ``ACTIVE_COMPARATOR``."""
    return enum_from_text(text, ARM_TYPES)


def allocation_enum(text: str | None) -> str | None:
    """``Non-Randomized`` → ``NON_RANDOMIZED``; ``N/A`` → ``NA``."""
    return ALLOCATIONS.get((text or "").strip().lower())


def model_enum(text: str | None) -> str | None:
    """An interventional (``Single Group Assignment``) or observational (``Case-Control``) model."""
    if not text:
        return None
    return INTERVENTION_MODELS.get(text.strip().lower()) or enum_from_text(text, OBSERVATIONAL_MODELS)


def masking_enum(text: str | None) -> str | None:
    """``None (Open Label)`` → ``NONE``; ``Double (Participant, Investigator)`` → ``DOUBLE``."""
    word = (text or "").strip().split(" ", 1)[0]
    return enum_from_text(word, MASKINGS)


def purpose_enum(text: str | None) -> str | None:
    """``Supportive Care`` → ``SUPPORTIVE_CARE``."""
    return PURPOSES.get((text or "").strip().lower())


def phase_enum(phases: list[str] | str | None) -> str | None:
    """One display text (``Phase 1/Phase 2``) or a list of them → ``PHASE1/PHASE2``."""
    if isinstance(phases, list):
        phases = "/".join(p for p in phases if p)
    if not phases or phases.strip().upper() == "N/A":
        return None
    return phase_from_text(phases)


def sex_enum(text: str | None) -> str | None:
    """``All`` / ``Both`` / ``Female`` → the API v2 ``sex`` enum."""
    return sex_from_text(text)


def age_text(text: str | None) -> str | None:
    """An age limit as the API v2 writes it (``18 Years``); ``N/A`` means none."""
    return clean(text)


def iso_date(text: str | None) -> str | None:
    """``July 2001`` → ``2001-07``; ``April 20, 2011`` → ``2011-04-20``; ISO text is kept.

    The API v2 writes dates as ISO text with the precision the registry holds, so
    a wordy date keeps its precision (month or day). Unreadable text is kept as is.
    """
    value = clean(text)
    if value is None:
        return None
    match = _WORDY_DATE.match(value)
    if not match or match.group("month").lower() not in _MONTHS:
        return value
    month = _MONTHS.index(match.group("month").lower()) + 1
    day = match.group("day")
    return f"{match.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
