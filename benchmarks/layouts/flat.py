"""Render a study as a ClinicalTrials.gov flat export (examples 000, 003, 004).

One field per line: title, brief summary (its own newlines kept), conditions joined
by ``|``, interventions as ``TYPE: name`` joined by ``|``, the primary, secondary and
other outcome fields, then the detailed description. An outcome item is
``", ".join`` of measure, description and time frame; a description's newlines stay
raw, so one field can span several lines.
"""

from __future__ import annotations

import random

from benchmarks.layouts.furniture import splice_line
from benchmarks.layouts.studies import OUTCOME_KEYS, interventions, section, text
from benchmarks.layouts.variation import has

LAYOUT = "ctgov_flat"
SHOWS_KIND = True


def outcome_item(outcome: dict) -> str:
    """Join one outcome's parts the way the flat export does."""
    return ", ".join(p for p in (text(outcome.get(k)) for k in ("measure", "description", "timeFrame")) if p)


def outcome_fields(study: dict) -> list[str]:
    """Return one ``|``-joined field per outcome kind the study has."""
    module = section(study, "outcomesModule")
    fields = ["|".join(outcome_item(o) for o in module.get(key, []) or []) for _, key in OUTCOME_KEYS]
    return [field for field in fields if field]


def interventions_line(study: dict) -> str:
    """Return ``TYPE: name|TYPE: name`` (the API enum type)."""
    return "|".join(f"{i.get('type') or 'OTHER'}: {i['name']}" for i in interventions(study))


def render(study: dict, rng: random.Random | None = None) -> str:
    """Render ``study`` (a varied copy draws its marked variations; ``rng`` places the spliced lines)."""
    ident = section(study, "identificationModule")
    description = section(study, "descriptionModule")
    lines = [text(ident.get("briefTitle")), text(description.get("briefSummary"))]
    lines.append("|".join(text(c) for c in section(study, "conditionsModule").get("conditions", []) or []))
    if not has(study, "omitted_interventions_line"):  # an empty interventions field is a blank line
        lines.append(interventions_line(study))
    lines += outcome_fields(study)
    if text(description.get("detailedDescription")):
        lines.append(text(description.get("detailedDescription")))
    if rng and has(study, "disclaimer_between_lines"):
        lines = splice_line("\n".join(lines).split("\n"), rng)
    return "\n".join(lines)
