"""ClinicalTrials.gov classic API v1 studies (``FullStudiesResponse`` → ``FullStudies[].Study``).

API v1 (retired in 2024) names modules and fields in PascalCase and wraps each
list in an object (``ConditionList.Condition``). Values are display text, mapped
to the API v2 enums by :mod:`tasks.parsers.legacy_record` exactly as the legacy
XML's are. A response holding several studies is split by
:mod:`tasks.parsers.containers`; this module reads one ``Study`` object.
"""

from __future__ import annotations

import json
from typing import Any

from tasks.parsers.legacy_record import LegacyStudy, build_record
from tasks.parsers.records import ParseError, TrialRecord

FORMAT = "ctgov_v1"
RESPONSE_KEY = "FullStudiesResponse"
# Where each scalar value sits under ProtocolSection.
SCALARS = {
    "nct_id": ("IdentificationModule", "NCTId"),
    "brief_title": ("IdentificationModule", "BriefTitle"),
    "official_title": ("IdentificationModule", "OfficialTitle"),
    "acronym": ("IdentificationModule", "Acronym"),
    "brief_summary": ("DescriptionModule", "BriefSummary"),
    "detailed_description": ("DescriptionModule", "DetailedDescription"),
    "overall_status": ("StatusModule", "OverallStatus"),
    "start_date": ("StatusModule", "StartDateStruct", "StartDate"),
    "completion_date": ("StatusModule", "CompletionDateStruct", "CompletionDate"),
    "last_update_posted": ("StatusModule", "LastUpdatePostDateStruct", "LastUpdatePostDate"),
    "study_type": ("DesignModule", "StudyType"),
    "enrollment": ("DesignModule", "EnrollmentInfo", "EnrollmentCount"),
    "allocation": ("DesignModule", "DesignInfo", "DesignAllocation"),
    "intervention_model": ("DesignModule", "DesignInfo", "DesignInterventionModel"),
    "primary_purpose": ("DesignModule", "DesignInfo", "DesignPrimaryPurpose"),
    "masking": ("DesignModule", "DesignInfo", "DesignMaskingInfo", "DesignMasking"),
    "gender": ("EligibilityModule", "Gender"),
    "minimum_age": ("EligibilityModule", "MinimumAge"),
    "maximum_age": ("EligibilityModule", "MaximumAge"),
    "lead_sponsor": ("SponsorCollaboratorsModule", "LeadSponsor", "LeadSponsorName"),
}
OBSERVATIONAL_MODELS = ("DesignModule", "DesignInfo", "DesignObservationalModelList", "DesignObservationalModel")
OUTCOMES = (("Primary", "primary"), ("Secondary", "secondary"), ("Other", "other"))


def detect(text: str) -> bool:
    """Tell whether ``text`` is an API v1 response or study object."""
    head = text.lstrip()[:2000]
    return head.startswith("{") and ('"FullStudiesResponse"' in head or '"ProtocolSection"' in text[:200000])


def parse(text: str) -> TrialRecord:
    """Parse a response or study holding exactly one study.

    Raises:
        ParseError: for invalid JSON or a response with no or several studies.
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ParseError(f"invalid JSON: {error}") from None
    found = studies(data)
    if len(found) != 1:
        raise ParseError(f"expected one API v1 study, found {len(found)}")
    return parse_study(found[0])


def studies(data: Any) -> list[Any]:
    """The ``Study`` objects of a ``FullStudiesResponse`` (or of one ``{"Study": …}`` object)."""
    if isinstance(data, dict) and isinstance(data.get(RESPONSE_KEY), dict):
        full = data[RESPONSE_KEY].get("FullStudies") or []
        if not isinstance(full, list):
            raise ParseError("FullStudies is not a list")
        return [item.get("Study") if isinstance(item, dict) else item for item in full]
    if isinstance(data, dict) and "Study" in data:
        return [data["Study"]]
    return []


def parse_study(study: Any) -> TrialRecord:
    """Parse one decoded ``Study`` object.

    Raises:
        ParseError: for an object without ``ProtocolSection`` or with wrongly typed parts.
    """
    protocol = study.get("ProtocolSection") if isinstance(study, dict) else None
    if not isinstance(protocol, dict):
        raise ParseError("API v1 study without ProtocolSection")
    scalars = {key: _scalar(protocol, path) for key, path in SCALARS.items()}
    scalars["observational_model"] = next(iter(_list(protocol, OBSERVATIONAL_MODELS)), None)
    arms_module = ("ArmsInterventionsModule",)
    return build_record(
        LegacyStudy(
            scalars=scalars,
            phases=[str(p) for p in _list(protocol, ("DesignModule", "PhaseList", "Phase"))],
            conditions=[str(c) for c in _list(protocol, ("ConditionsModule", "ConditionList", "Condition"))],
            arms=[_arm(a) for a in _list(protocol, (*arms_module, "ArmGroupList", "ArmGroup"))],
            interventions=[
                _intervention(i) for i in _list(protocol, (*arms_module, "InterventionList", "Intervention"))
            ],
            outcomes=_outcomes(protocol),
            criteria=_scalar(protocol, ("EligibilityModule", "EligibilityCriteria")) or "",
            sites=[_site(s) for s in _list(protocol, ("ContactsLocationsModule", "LocationList", "Location"))],
        )
    )


def _arm(arm: Any) -> dict:
    """One ``ArmGroup``."""
    return {
        "label": _scalar(arm, ("ArmGroupLabel",)),
        "type": _scalar(arm, ("ArmGroupType",)),
        "description": _scalar(arm, ("ArmGroupDescription",)),
        "interventions": _list(arm, ("ArmGroupInterventionList", "ArmGroupInterventionName")),
    }


def _intervention(item: Any) -> dict:
    """One ``Intervention``."""
    return {
        "type": _scalar(item, ("InterventionType",)),
        "name": _scalar(item, ("InterventionName",)),
        "description": _scalar(item, ("InterventionDescription",)),
        "arm_labels": _list(item, ("InterventionArmGroupLabelList", "InterventionArmGroupLabel")),
    }


def _outcomes(protocol: dict) -> list[tuple[str, str | None, str | None, str | None]]:
    """Primary, secondary and other outcomes in that order."""
    return [
        (kind, *(_scalar(o, (f"{prefix}Outcome{field}",)) for field in ("Measure", "Description", "TimeFrame")))
        for prefix, kind in OUTCOMES
        for o in _list(protocol, ("OutcomesModule", f"{prefix}OutcomeList", f"{prefix}Outcome"))
    ]


def _site(location: Any) -> tuple[str | None, ...]:
    """One ``Location`` as ``(facility, city, state, country)``."""
    return tuple(_scalar(location, (f"Location{part}",)) for part in ("Facility", "City", "State", "Country"))


def _get(parent: Any, path: tuple[str, ...]) -> Any:
    """Follow ``path`` through nested objects; ``None`` where a step is missing."""
    value = parent
    for key in path:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ParseError(f"expected a JSON object at {key!r}")
        value = value.get(key)
    return value


def _scalar(parent: Any, path: tuple[str, ...]) -> str | None:
    """A text value (numbers become text)."""
    value = _get(parent, path)
    if isinstance(value, (dict, list)):
        raise ParseError(f"{path[-1]} is a {type(value).__name__}, expected text")
    return None if value is None else str(value)


def _list(parent: Any, path: tuple[str, ...]) -> list:
    """A list value; a missing list is empty."""
    value = _get(parent, path)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"{path[-1]} is a {type(value).__name__}, expected a list")
    return value
