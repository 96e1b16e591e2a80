"""The landscape report: pure functions from the warehouse's frames to one self-contained HTML page."""

from __future__ import annotations

import html
import json

from tasks.landscape import sections, shape
from tasks.landscape.markup import Charts, page
from warehouse.landscape import Landscape

TITLE = "Trial landscape"
TRIAL_FIELDS = (
    "title", "acronym", "registry_id", "phase", "overall_status", "study_type", "enrollment", "lead_sponsor",
    "condition", "start_date", "completion_date", "sex", "allocation", "masking", "primary_purpose", "arms",
    "endpoints", "criteria", "min_age_years", "max_age_years", "ecog_max", "dose_min", "dose_max", "dose_unit",
    "source_format",
)  # fmt: skip
def render_report(land: Landscape, bundle: str, generated_at: str) -> str:
    """The report's HTML: header, the five sections, the trial list and every trial's data."""
    header = _header(land, generated_at)
    if land.trials.empty:
        return page(TITLE, header, [], Charts(), trial_data(land), bundle)
    labels = shape.trial_labels(land.trials)
    slots = Charts()
    body = [
        build(land, slots, labels)
        for build in (sections.overview, sections.endpoints, sections.doses, sections.eligibility, sections.quality)
    ]
    body.append(sections.trial_index())
    return page(TITLE, header, body, slots, trial_data(land), bundle)


def _header(land: Landscape, generated_at: str) -> str:
    """Counts and scope; the trial count is marked up so that a reader (or a test) can find it."""
    shown = len(land.trials)
    count = f'<strong id="trial-count" data-count="{shown}">{shown}</strong>'
    if land.total_trials == 0:
        text = f"{count} trials: the warehouse holds no trials yet (run <code>trials ingest</code> or sync)."
    elif shown == 0:
        text = f"{count} trials: no trial of the {land.total_trials} in the warehouse matches the filter."
    else:
        text = f"{count} trials shown of {land.total_trials} in the warehouse."
    scope = f" Filter: <code>{html.escape(land.where)}</code>." if land.where else ""
    return f"<p>{text}{scope}{_listed_note(land)} Generated {html.escape(generated_at)}.</p>"


def _listed_note(land: Landscape) -> str:
    """Say which trials the list holds when it holds fewer than are in scope."""
    listed = len(land.listed)
    if listed >= len(land.trials):
        return ""
    return (
        f' The charts count every one; the trial list and the side-by-side limits hold the <strong id="listed-count"'
        f' data-count="{listed}">{listed}</strong> most recently updated (narrow the scope with <code>--where</code>,'
        " or list more with <code>--listed</code>)."
    )


def trial_data(land: Landscape) -> str:
    """Every listed trial's fields and parts as JSON text, in rows (lists) rather than objects.

    ``{"fields": [...], "trials": [[trial_id, *fields], ...], "parts": {part: [columns]},
    "rows": {part: [[trial_id, *columns], ...]}}``; pandas and DuckDB write the rows (fast for 10,000 trials).
    """
    parts = {part: columns for part, (columns, _) in land.trial_rows.items()}
    header = json.dumps({"fields": list(TRIAL_FIELDS), "parts": parts})
    if land.trials.empty:
        return header[:-1] + ',"trials":[],"rows":{}}'
    trials = land.listed[["trial_id", *TRIAL_FIELDS]].to_json(orient="values", date_format="iso")
    rows = ",".join(f"{json.dumps(part)}:{text}" for part, (_, text) in land.trial_rows.items())
    return header[:-1] + f',"trials":{trials},"rows":{{{rows}}}}}'
