"""ClinicalTrials.gov API v2 study objects (``/studies/{nctId}``, pages, website JSON downloads).

The structure is the API's own (``protocolSection.identificationModule.nctId`` …).
Enumerations are kept in the API's spellings; phases join into ``PHASE1/PHASE2``;
eligibility text is split into one criterion per list item.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.records import Arm, Endpoint, Intervention, ParseError, Site, TrialRecord
from tasks.parsers.text import clean

FORMAT = "ctgov_json"
OUTCOME_KEYS = (("primaryOutcomes", "primary"), ("secondaryOutcomes", "secondary"), ("otherOutcomes", "other"))
# Arm groups name interventions with the display type in front ("Biological: CAR-T").
_DISPLAY_TYPE = re.compile(
    r"^(?:Drug|Biological|Device|Procedure|Procedure/Surgery|Radiation|Behavioral|Genetic|Dietary Supplement|"
    r"Combination Product|Diagnostic Test|Other):\s*"
)


def detect(text: str) -> bool:
    """Tell whether ``text`` is one API v2 study object."""
    head = text.lstrip()[:2000]
    return head.startswith("{") and '"protocolSection"' in text[:200000]


def parse(text: str) -> TrialRecord:
    """Parse the JSON text of one study.

    Raises:
        ParseError: for invalid JSON or an object that is not a study.
    """
    try:
        study = json.loads(text)
    except ValueError as error:
        raise ParseError(f"invalid JSON: {error}") from None
    return parse_study(study)


def parse_study(study: Any) -> TrialRecord:
    """Parse one decoded API v2 study object.

    Raises:
        ParseError: when ``study`` has no ``protocolSection`` or wrongly typed parts.
    """
    protocol = _module(study, "protocolSection")
    if not protocol:
        raise ParseError("JSON object without protocolSection: not a ClinicalTrials.gov study")
    try:
        return _record(protocol)
    except (TypeError, AttributeError, KeyError) as error:
        raise ParseError(f"malformed study JSON: {type(error).__name__}: {error}") from None


def _record(protocol: dict) -> TrialRecord:
    """Build the record from a ``protocolSection``."""
    ident = _module(protocol, "identificationModule")
    status = _module(protocol, "statusModule")
    design = _module(protocol, "designModule")
    info = _module(design, "designInfo")
    eligibility = _module(protocol, "eligibilityModule")
    record = TrialRecord(
        registry_id=_text(ident.get("nctId")),
        title=_text(ident.get("briefTitle")),
        official_title=_text(ident.get("officialTitle")),
        acronym=_text(ident.get("acronym")),
        brief_summary=_text(_module(protocol, "descriptionModule").get("briefSummary")),
        detailed_description=_text(_module(protocol, "descriptionModule").get("detailedDescription")),
        phase=join_phases(design.get("phases")),
        overall_status=_text(status.get("overallStatus")),
        study_type=_text(design.get("studyType")),
        enrollment=_count(_module(design, "enrollmentInfo").get("count")),
        sex=_text(eligibility.get("sex")),
        minimum_age=_text(eligibility.get("minimumAge")),
        maximum_age=_text(eligibility.get("maximumAge")),
        lead_sponsor=_text(_module(_module(protocol, "sponsorCollaboratorsModule"), "leadSponsor").get("name")),
        allocation=_text(info.get("allocation")),
        intervention_model=_text(info.get("interventionModel") or info.get("observationalModel")),
        masking=_text(_module(info, "maskingInfo").get("masking")),
        primary_purpose=_text(info.get("primaryPurpose")),
        start_date=_date(status, "startDateStruct"),
        completion_date=_date(status, "completionDateStruct"),
        last_update_posted=_date(status, "lastUpdatePostDateStruct"),
        conditions=[c for c in (_text(c) for c in _list(_module(protocol, "conditionsModule"), "conditions")) if c],
    )
    _read_arms_and_interventions(record, _module(protocol, "armsInterventionsModule"))
    record.endpoints = _endpoints(_module(protocol, "outcomesModule"))
    record.criteria = split_criteria(eligibility.get("eligibilityCriteria") or "")
    record.sites = [_site(s) for s in _list(_module(protocol, "contactsLocationsModule"), "locations")]
    return record


def join_phases(phases: Any) -> str | None:
    """``["PHASE1", "PHASE2"]`` → ``PHASE1/PHASE2``; an empty list → ``None``."""
    if not phases:
        return None
    if isinstance(phases, str):
        phases = [phases]
    return "/".join(sorted(str(p) for p in phases))


def _read_arms_and_interventions(record: TrialRecord, module: dict) -> None:
    """Read arms and interventions and link them both ways by name."""
    arms = [
        Arm(
            label=_text(a.get("label")) or "",
            arm_type=_text(a.get("type")),
            description=_text(a.get("description")),
            intervention_names=tuple(_DISPLAY_TYPE.sub("", str(n)).strip() for n in _list(a, "interventionNames")),
        )
        for a in _list(module, "armGroups")
    ]
    interventions = []
    for item in _list(module, "interventions"):
        name = _text(item.get("name")) or ""
        labels = [str(x) for x in _list(item, "armGroupLabels")]
        labels += [a.label for a in arms if name in a.intervention_names and a.label not in labels]
        interventions.append(Intervention(_text(item.get("type")), name, _text(item.get("description")), tuple(labels)))
    record.arms, record.interventions = arms, interventions


def _endpoints(module: dict) -> list[Endpoint]:
    """Read primary, secondary and other outcomes in that order."""
    return [
        Endpoint(kind, (o.get("measure") or "").strip(), _text(o.get("description")), _text(o.get("timeFrame")))
        for key, kind in OUTCOME_KEYS
        for o in _list(module, key)
    ]


def _site(location: dict) -> Site:
    """Read one location."""
    return Site(
        _text(location.get("facility")),
        _text(location.get("city")),
        _text(location.get("state")),
        _text(location.get("country")),
    )


def _module(parent: Any, key: str) -> dict:
    """Return ``parent[key]`` if it is an object, else an empty dict."""
    if not isinstance(parent, dict):
        raise ParseError(f"expected a JSON object around {key!r}")
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ParseError(f"{key} is a {type(value).__name__}, expected an object")
    return value


def _list(parent: dict, key: str) -> list:
    """Return ``parent[key]`` if it is a list of objects or strings, else an empty list."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"{key} is a {type(value).__name__}, expected a list")
    return value


def _text(value: Any) -> str | None:
    """A stripped string, or ``None`` for missing or empty values."""
    if type(value) is str:  # nearly every value: no other test needed (70,000 calls per chunk)
        return clean(value)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ParseError(f"expected text, found a {type(value).__name__}")
    return clean(str(value))


def _count(value: Any) -> int | None:
    """An enrollment count, or ``None``."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ParseError(f"enrollment count {value!r} is not a number") from None


def _date(status: dict, key: str) -> str | None:
    """A date as written (``2023-06`` or ``2023-06-15``)."""
    return _text(_module(status, key).get("date"))
