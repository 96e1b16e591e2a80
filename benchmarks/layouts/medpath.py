"""Render a study as a MedPath trial page (example 001 and aggregator_pages/medpath_*.txt).

Section labels with their values on the lines below; the arm and outcome tables are
flattened, so a row glues its cells together (``label`` + intervention names +
description; ``measure`` + time frame) and an outcome's description follows its row
as paragraphs between blank lines.
"""

from __future__ import annotations

import random

from benchmarks.layouts.criteria import PARAGRAPH, CriterionItem, criteria_items
from benchmarks.layouts.furniture import COPYRIGHT, flag, spliced
from benchmarks.layouts.studies import arm_groups, arm_intervention_names, interventions, locations, section, text
from benchmarks.layouts.variation import has

LAYOUT = "medpath"
SHOWS_KIND = True
OUTCOME_TABLES = (("Primary", "primaryOutcomes"), ("Secondary", "secondaryOutcomes"), ("Other", "otherOutcomes"))
STATUS_DISPLAY = {
    "RECRUITING": "Recruiting",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "COMPLETED": "Completed",
    "TERMINATED": "Terminated",
    "WITHDRAWN": "Withdrawn",
    "SUSPENDED": "Suspended",
}
SWITCHED = {"bullet": "number", "number": "bullet"}
PHASE_DISPLAY = {"EARLY_PHASE1": "Early Phase 1", "NA": "Not Applicable"}


def phase_line(phases: list[str], short: bool = False) -> str | None:
    """Return the banner's phase ("Phase 1", "Phase 1/Phase 2" or, ``short``, "Phase 1/2")."""
    shown = [PHASE_DISPLAY.get(p, p.replace("PHASE", "Phase ")) for p in phases]
    if short and len(shown) == 2 and all(p.startswith("Phase ") for p in shown):
        return f"{shown[0]}/{shown[1].removeprefix('Phase ')}"
    return "/".join(shown) or None


def banner(study: dict) -> list[str]:
    """Return the header: site name, title, phase and status lines, conditions, interventions, ids."""
    status = section(study, "statusModule").get("overallStatus")
    lines = ["MedPath", "", text(section(study, "identificationModule").get("briefTitle")), ""]
    phase = phase_line(section(study, "designModule").get("phases", []) or [], has(study, "short_phase"))
    lines += [phase] if phase else []
    lines += [STATUS_DISPLAY[status]] if status in STATUS_DISPLAY and not has(study, "no_status_line") else []
    lines += ["Conditions"] + [text(c) for c in section(study, "conditionsModule").get("conditions", []) or []]
    lines += ["Interventions"] + [f"{_type_display(i.get('type'))}: {text(i['name'])}" for i in interventions(study)]
    lines += ["Registration Number", section(study, "identificationModule").get("nctId", "")]
    sponsor = (section(study, "sponsorCollaboratorsModule").get("leadSponsor", {}) or {}).get("name")
    return lines + (["Lead Sponsor", text(sponsor)] if sponsor else [])


def _type_display(kind: str | None) -> str:
    """Return the display form of an intervention type (``DIETARY_SUPPLEMENT`` -> ``Dietary Supplement``)."""
    return (kind or "OTHER").replace("_", " ").title()


def descriptions(study: dict) -> list[str]:
    """Return the brief summary and detailed description sections."""
    module = section(study, "descriptionModule")
    detailed = text(module.get("detailedDescription")) or "Not available"
    return ["Brief Summary", "", text(module.get("briefSummary")), "", "Detailed Description", "", detailed, ""]


def eligibility(study: dict) -> list[str]:
    """Return the recruitment block and the criteria, one marked item per line."""
    module = section(study, "eligibilityModule")
    lines = ["Recruitment & Eligibility", "", "Status", section(study, "statusModule").get("overallStatus", "")]
    if module.get("sex"):
        lines += ["Sex", module["sex"].title()]
    count = (section(study, "designModule").get("enrollmentInfo", {}) or {}).get("count")
    lines += ["Target Recruitment", str(count)] if count is not None else []
    items = criteria_items(study)
    for kind in ("inclusion", "exclusion"):
        chosen = [item for item in items if item.kind == kind]
        if chosen:
            lines += [f"{kind.title()} Criteria"] + criteria_lines(chosen, has(study, "switched_criteria_markers"))
    return lines + [""]


def criteria_lines(items: list[CriterionItem], switched: bool = False) -> list[str]:
    """Draw items as "  • text" or "  1. text", nested items two spaces deeper; paragraphs as they are.

    The first item's marker style (or, ``switched``, the other one) is used for the
    whole list. Numbered lists put a blank line after each top-level item (a nested
    list ends without one), as the captured pages do; paragraphs are separated by blank lines.
    """
    style = items[0].style if not switched else SWITCHED.get(items[0].style, items[0].style)
    lines, numbers, previous_depth = [], [0, 0], None
    for item in items:
        if item.style == PARAGRAPH:
            lines += ["", item.text] if lines else [item.text]
            continue
        numbers[item.depth] += 1
        numbers[1] = numbers[1] if item.depth else 0
        marker = f"{numbers[item.depth]}." if style == "number" else "•"
        if style == "number" and previous_depth == 0:
            lines.append("")
        lines.append(f"{'  ' * (item.depth + 1)}{marker} {item.text}")
        previous_depth = item.depth
    return lines


def design(study: dict) -> list[str]:
    """Return the study type and design lines."""
    module = section(study, "designModule")
    model = (module.get("designInfo", {}) or {}).get("interventionModel")
    lines = ["Study & Design", "", "Study Type", module.get("studyType", "")]
    return lines + (["Study Design", model] if model else [])


def arm_rows(study: dict) -> list[str]:
    """Return the flattened arm table: label + intervention names + description, glued."""
    arms = arm_groups(study)
    if not arms:
        return []
    rows = ["Arm && Interventions", "GroupInterventionDescription"]
    for arm in arms:
        rows.append(text(arm["label"]) + "".join(arm_intervention_names(arm)) + text(arm.get("description")))
    return rows


def outcome_rows(study: dict) -> list[str]:
    """Return the outcome tables: measure + time frame glued, the description paragraphs below."""
    module = section(study, "outcomesModule")
    lines: list[str] = []
    for title, key in OUTCOME_TABLES:
        if module.get(key):
            lines += [f"{title} Outcome Measures", "NameTimeMethod"]
        for outcome in module.get(key, []) or []:
            lines.append(text(outcome.get("measure")) + text(outcome.get("timeFrame")))
            if text(outcome.get("description")):
                lines += ["", text(outcome.get("description")), ""]
    return lines


def site_lines(study: dict) -> list[str]:
    """Return the locations block: count, then facility, flag and "City, Country" per site."""
    sites = [s for s in locations(study) if s.get("facility")]
    if not sites:
        return []
    lines = ["Trial Locations", "", f"Locations ({len(sites)})", ""]
    for site in sites:
        place = ", ".join(p for p in (site.get("city"), site.get("country")) if p)
        shown_flag = None if has(study, "no_flags") else flag(site.get("country"))
        lines += [text(site["facility"]), ""] + ([shown_flag, ""] if shown_flag else [])
        lines += [place, ""] if place else []
    return lines


def render(study: dict, rng: random.Random | None = None) -> str:
    """Render ``study`` (a varied copy draws its marked variations; ``rng`` places the spliced lines)."""
    lines = banner(study) + descriptions(study) + eligibility(study) + design(study)
    lines += arm_rows(study) + outcome_rows(study) + site_lines(study)
    lines += [] if has(study, "no_copyright") else [COPYRIGHT]
    return "\n".join(spliced(study, lines, rng))
