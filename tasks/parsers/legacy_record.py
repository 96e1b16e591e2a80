"""One builder for the legacy formats: a study's display values in, a :class:`TrialRecord` out.

The legacy XML and API v1 readers only find values (each in its own structure);
this module maps them to the API v2 enums, dates and criteria the same way, so
a study exported in both formats gives the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.parsers import legacy_values as values
from tasks.parsers.criteria_split import split_criteria
from tasks.parsers.records import Arm, Endpoint, Intervention, Site, TrialRecord
from tasks.parsers.text import clean, int_from_text

# Arm groups of API v1 name interventions with the display type in front ("Drug: carboplatin").
_DISPLAY_TYPE = re.compile(
    r"^(?:Drug|Biological|Device|Procedure|Procedure/Surgery|Radiation|Behavioral|Genetic|Dietary Supplement|"
    r"Combination Product|Diagnostic Test|Other):\s*"
)


@dataclass
class LegacyStudy:
    """A study's values as the legacy format displays them (strings, lists of strings and dicts).

    ``arms`` hold ``label``, ``type``, ``description``, ``interventions``;
    ``interventions`` hold ``type``, ``name``, ``description``, ``arm_labels``;
    ``outcomes`` are ``(kind, measure, description, time_frame)``;
    ``sites`` are ``(facility, city, state, country)``.
    """

    scalars: dict[str, str | None] = field(default_factory=dict)
    phases: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    arms: list[dict] = field(default_factory=list)
    interventions: list[dict] = field(default_factory=list)
    outcomes: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)
    criteria: str = ""
    sites: list[tuple[str | None, ...]] = field(default_factory=list)


def build_record(study: LegacyStudy) -> TrialRecord:
    """Map a legacy study's display values to a record with API v2 enums and ISO dates."""
    get = study.scalars.get
    record = TrialRecord(
        registry_id=clean(get("nct_id")),
        title=clean(get("brief_title")),
        official_title=clean(get("official_title")),
        acronym=clean(get("acronym")),
        brief_summary=clean(get("brief_summary")),
        detailed_description=clean(get("detailed_description")),
        phase=values.phase_enum(study.phases),
        overall_status=values.status_enum(get("overall_status")),
        study_type=values.study_type_enum(get("study_type")),
        enrollment=int_from_text(get("enrollment")),
        sex=values.sex_enum(get("gender")),
        minimum_age=values.age_text(get("minimum_age")),
        maximum_age=values.age_text(get("maximum_age")),
        lead_sponsor=clean(get("lead_sponsor")),
        allocation=values.allocation_enum(get("allocation")),
        intervention_model=values.model_enum(get("intervention_model") or get("observational_model")),
        masking=values.masking_enum(get("masking")),
        primary_purpose=values.purpose_enum(get("primary_purpose")),
        start_date=values.iso_date(get("start_date")),
        completion_date=values.iso_date(get("completion_date")),
        last_update_posted=values.iso_date(get("last_update_posted")),
        conditions=[c for c in (clean(c) for c in study.conditions) if c],
    )
    record.arms, record.interventions = _arms_and_interventions(study)
    record.endpoints = [
        Endpoint(kind, (measure or "").strip(), clean(description), clean(time_frame))
        for kind, measure, description, time_frame in study.outcomes
    ]
    record.criteria = split_criteria(study.criteria)
    record.sites = [Site(*(clean(part) for part in site)) for site in study.sites]
    return record


def _arms_and_interventions(study: LegacyStudy) -> tuple[list[Arm], list[Intervention]]:
    """Arms and interventions, linked both ways by name as the API v2 path links them.

    An arm that lists no interventions (the XML never lists them) receives those
    whose arm labels name it.
    """
    interventions = [
        (clean(item.get("name")) or "", item, [str(label).strip() for label in item.get("arm_labels") or []])
        for item in study.interventions
    ]
    arms = []
    for arm in study.arms:
        label = clean(arm.get("label")) or ""
        names = [_DISPLAY_TYPE.sub("", str(n)).strip() for n in arm.get("interventions") or []]
        if not names:
            names = [name for name, _, labels in interventions if label in labels]
        arms.append(Arm(label, values.arm_type_enum(arm.get("type")), clean(arm.get("description")), tuple(names)))
    linked = []
    position = {arm.label: index for index, arm in enumerate(arms)}
    for name, item, labels in interventions:
        labels += [a.label for a in arms if name in a.intervention_names and a.label not in labels]
        # The formats list an intervention's arms in different orders; the arms' own order is canonical.
        labels.sort(key=lambda label: position.get(label, len(arms)))
        linked.append(
            Intervention(
                values.intervention_type_enum(item.get("type")), name, clean(item.get("description")), tuple(labels)
            )
        )
    return arms, linked
