"""The report's sections, each from the landscape's frames to an HTML fragment with its charts."""

from __future__ import annotations

import pandas as pd

from tasks.landscape import charts, shape
from tasks.landscape.markup import Charts, data_table, note, section, table
from warehouse.landscape import Landscape

TRIAL_LINK = "trial-"


def overview(land: Landscape, slots: Charts, labels: pd.Series) -> str:
    """Trials by phase, status, sponsor and country; enrollment; start and completion years."""
    trials = land.trials
    countries = shape.countries_of(trials, land.frames["countries"])
    parts = [
        slots.slot(charts.bar_counts(trials, "phase", "Trials by phase", "phase")),
        slots.slot(charts.bar_counts(trials, "overall_status", "Trials by status", "status")),
        slots.slot(charts.bar_counts(trials, "lead_sponsor", f"Trials by lead sponsor (top {charts.TOP})", "sponsor")),
        slots.slot(charts.bar_counts(countries, "country", f"Trials by site country (top {charts.TOP})", "country")),
        slots.slot(charts.enrollment_histogram(trials)),
        slots.slot(charts.timeline(trials)),
    ]
    return section("overview", "Overview", ['<div class="charts">', *parts, "</div>"])


def endpoints(land: Landscape, slots: Charts, labels: pd.Series) -> str:
    """The trials x categories matrix, trials per category, and horizons per category."""
    frame = land.frames["endpoint_categories"]
    matrix, shown = shape.endpoint_matrix(frame, labels)
    if matrix.empty:
        return section("endpoints", "Endpoints", [note("No endpoint of these trials names a category.")])
    parts = [
        note(f"The matrix shows the {shown} trials naming the most endpoint categories.")
        if shown < len(land.trials)
        else "",
        '<div class="charts">',
        slots.slot(charts.endpoint_matrix(matrix)),
        slots.slot(
            charts.bar_counts(frame, "category", "Trials per endpoint category", "category", 60)
        ),
    ]
    if not land.frames["horizons"].empty:
        parts.append(slots.slot(charts.horizons(land.frames["horizons"])))
    parts.append("</div>")
    return section("endpoints", "Endpoints", parts)


def doses(land: Landscape, slots: Charts, labels: pd.Series) -> str:
    """Dose levels per trial and arm, one log-scale chart per unit (cell doses first)."""
    groups = shape.dose_groups(land.frames["arms"], labels)
    if not groups:
        return section("doses", "Doses", [note("No arm of these trials states a dose.")])
    shown = list(groups)[: shape.DOSE_CHARTS]
    text = f"One row per unit (cell doses apart from flat doses), each with at most {charts.MAX_ROWS_SHOWN} trials."
    if len(groups) > len(shown):
        text += f" Units not charted (see each trial): {', '.join(list(groups)[len(shown):])}."
    arms = pd.concat([groups[unit] for unit in shown], ignore_index=True)
    return section("doses", "Doses", [note(text), slots.slot(charts.doses(arms))])


def eligibility(land: Landscape, slots: Charts, labels: pd.Series) -> str:
    """The main inclusion thresholds: their distribution and a side-by-side table of trials."""
    frame = land.frames["thresholds"]
    counts = shape.threshold_counts(frame)
    if counts.empty:
        return section("eligibility", "Eligibility", [note("No inclusion criterion of these trials states a limit.")])
    side_by_side = shape.threshold_table(frame[frame["trial_id"].isin(land.listed["trial_id"])], labels)
    return section(
        "eligibility",
        "Eligibility",
        [
            slots.slot(charts.thresholds(counts)),
            "<h3>Inclusion limits side by side</h3>",
            note("Strictest inclusion limit per trial; units as written in each criterion (see the trial)."),
            data_table("eligibility-rows", side_by_side),
        ],
    )


def quality(land: Landscape, slots: Charts, labels: pd.Series) -> str:
    """Sources per trial, parse warnings when recorded, and the rejected documents of the last runs."""
    sources = land.frames["sources"]
    parts = ["<h3>Sources</h3>", table(shape.source_counts(sources))]
    if not sources.empty:
        per_trial = sources.groupby("trial_id").size().astype(str).rename("documents").reset_index()
        parts.append(slots.slot(charts.bar_counts(per_trial, "documents", "Source documents per trial", "documents")))
    parts.append("<h3>Parse warnings</h3>")
    if land.warnings is None or land.warnings.empty:
        parts.append(note("This warehouse records no parse warnings."))
    else:
        parts.append(data_table("warning-rows", land.warnings))
    parts += ["<h3>Rejected documents (last 10 runs)</h3>", data_table("rejected-rows", land.frames["rejected"])]
    return section("quality", "Data quality", parts)


def trial_index() -> str:
    """The trial list (drawn by the page's script from the embedded data) and the section it opens."""
    parts = [note("Click a trial to open its section."), '<div id="trial-list"></div>']
    parts.append('<div id="trial-detail" hidden></div>')
    return section("trials", "Trials", parts)
