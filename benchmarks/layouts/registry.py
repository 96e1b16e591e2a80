"""Render a study as a registry / aggregator page (example 002).

Brief summary, detailed description, label/value lines with the API's enum values,
intervention names one per line, each site as a facility line and a "City, State,
Country" line, then every outcome as its measure, its description lines and a
``Time frame:`` line. The page does not say which outcomes are primary.
"""

from __future__ import annotations

import random

from benchmarks.layouts.furniture import spliced
from benchmarks.layouts.studies import interventions, locations, outcomes, section, text

LAYOUT = "registry_page"
SHOWS_KIND = False


def labels(study: dict) -> list[str]:
    """Return the label/value lines of the design block."""
    design = section(study, "designModule")
    info = design.get("designInfo", {}) or {}
    pairs = (
        ("Study Type", design.get("studyType")),
        ("Allocation", info.get("allocation")),
        ("Purpose", info.get("primaryPurpose")),
        ("Masking", (info.get("maskingInfo", {}) or {}).get("masking")),
        ("Enrollment", (design.get("enrollmentInfo", {}) or {}).get("count")),
    )
    return [line for label, value in pairs if value is not None for line in (label, str(value))]


def site_lines(study: dict) -> list[str]:
    """Return a facility line and a location line per site."""
    lines = []
    for site in locations(study):
        place = ", ".join(p for p in (site.get("city"), site.get("state"), site.get("country")) if p)
        if site.get("facility") and place:
            lines += [text(site["facility"]), place]
    return lines


def outcome_lines(study: dict) -> list[str]:
    """Return measure, description lines and ``Time frame:`` line of every outcome."""
    lines = []
    for _, outcome in outcomes(study):
        lines.append(text(outcome.get("measure")))
        lines += [line for line in text(outcome.get("description")).split("\n") if line.strip()]
        lines.append(f"Time frame: {text(outcome.get('timeFrame'))}")
    return lines


def render(study: dict, rng: random.Random | None = None) -> str:
    """Render ``study`` (a varied copy draws its marked variations; ``rng`` places the spliced lines)."""
    description = section(study, "descriptionModule")
    lines = [text(description.get("briefSummary")), text(description.get("detailedDescription"))]
    lines = [line for line in lines if line] + labels(study)
    lines += [text(i["name"]) for i in interventions(study)]
    lines += site_lines(study) + outcome_lines(study)
    return "\n".join(spliced(study, lines, rng))
