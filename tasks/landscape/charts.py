"""The report's charts: small pure functions from frames to Vega-Lite specs (Altair).

Charts carry aggregated data only (counts, quantiles, at most ``MAX_ROWS_SHOWN`` trials),
so that a report over 10,000 trials stays small and opens fast.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

TOP = 20  # categories shown in a bar chart (sponsors, countries)
MAX_ROWS_SHOWN = 40  # trials shown in per-trial charts (matrix, doses)
WIDTH = 560
ENROLLMENT_BANDS = (0, 10, 25, 50, 100, 250, 500, 1000, 5000, float("inf"))


def bar_counts(frame: pd.DataFrame, column: str, title: str, label: str, top: int = TOP) -> dict:
    """A horizontal bar chart of trials per value of ``column`` (missing values named ``unknown``)."""
    counts = frame[column].fillna("unknown").astype(str).value_counts().head(top)
    data = pd.DataFrame({label: counts.index, "trials": counts.to_numpy()})
    chart = (
        alt.Chart(data, title=title, width=WIDTH * 0.6)
        .mark_bar()
        .encode(
            x=alt.X("trials:Q", title="trials"),
            y=alt.Y(f"{label}:N", sort="-x", title=label),
            tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip("trials:Q")],
        )
    )
    return chart.to_dict(validate=False)


def enrollment_histogram(trials: pd.DataFrame) -> dict:
    """Trials by planned (or actual) enrollment, in bands that widen as enrollments do."""
    enrollment = trials["enrollment"].dropna().astype(float)
    bands = pd.cut(enrollment, bins=ENROLLMENT_BANDS, right=False)
    counts = bands.value_counts(sort=False)
    data = pd.DataFrame(
        {"participants": [_band(i.left, i.right) for i in counts.index], "trials": counts.to_numpy()}
    )
    chart = (
        alt.Chart(data, title="Enrollment", width=WIDTH * 0.6)
        .mark_bar()
        .encode(
            x=alt.X("participants:O", sort=None, title="participants (planned or actual)"),
            y=alt.Y("trials:Q", title="trials"),
            tooltip=["participants:O", "trials:Q"],
        )
    )
    return chart.to_dict(validate=False)


def _band(left: float, right: float) -> str:
    """A band's label: ``10–24`` (integers; the right edge is excluded) or ``5000+``."""
    return f"{int(left)}+" if right == float("inf") else f"{int(left)}–{int(right) - 1}"


def timeline(trials: pd.DataFrame) -> dict:
    """Trials starting and completing per year (completion dates may be anticipated)."""
    events = []
    for column, event in (("start_date_value", "start"), ("completion_date_value", "completion")):
        years = pd.to_datetime(trials[column]).dt.year.dropna().astype(int)
        counts = years.value_counts()
        events.append(pd.DataFrame({"year": counts.index, "event": event, "trials": counts.to_numpy()}))
    data = pd.concat(events, ignore_index=True)
    chart = (
        alt.Chart(data, title="Timeline: start and completion dates", width=WIDTH)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="year"),
            xOffset="event:N",
            y=alt.Y("trials:Q", title="trials"),
            color=alt.Color("event:N", title="date"),
            tooltip=["year:O", "event:N", "trials:Q"],
        )
    )
    return chart.to_dict(validate=False)


def endpoint_matrix(matrix: pd.DataFrame) -> dict:
    """Trials x endpoint categories: how many endpoints of each category a trial measures."""
    chart = (
        alt.Chart(matrix, title="Endpoint categories per trial", width=WIDTH)
        .mark_rect()
        .encode(
            x=alt.X("category:N", title="endpoint category", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("trial:N", title="trial"),
            color=alt.Color("endpoints:Q", title="endpoints", scale=alt.Scale(scheme="blues")),
            tooltip=["trial:N", "category:N", "endpoints:Q"],
        )
    )
    return chart.to_dict(validate=False)


def horizons(quantiles: pd.DataFrame) -> dict:
    """Time-frame horizons per endpoint category: range, quartiles and median, in days."""
    base = alt.Chart(quantiles).encode(
        y=alt.Y("category:N", sort="-x", title="endpoint category"),
        tooltip=[
            "category:N",
            "endpoints:Q",
            "trials:Q",
            alt.Tooltip("shortest:Q", title="shortest (days)", format=".0f"),
            alt.Tooltip("median:Q", title="median (days)", format=".0f"),
            alt.Tooltip("longest:Q", title="longest (days)", format=".0f"),
        ],
    )
    scale = alt.Scale(type="log")
    whiskers = base.mark_rule().encode(
        x=alt.X("shortest:Q", title="horizon (days, log scale)", scale=scale), x2="longest:Q"
    )
    box = base.mark_bar(size=10, opacity=0.6).encode(x=alt.X("q1:Q", scale=scale), x2="q3:Q")
    median = base.mark_tick(color="black", size=14).encode(x=alt.X("median:Q", scale=scale))
    title = "Time-frame horizon per endpoint category"
    return alt.layer(whiskers, box, median).properties(title=title, width=WIDTH).to_dict(validate=False)


def doses(arms: pd.DataFrame) -> dict:
    """Dose levels of each trial's arms, one row of the chart per unit, on log scales (a range as a line)."""
    scale = alt.Scale(type="log")
    base = alt.Chart().encode(
        y=alt.Y("trial:N", title="trial"),
        tooltip=["trial:N", "arm:N", alt.Tooltip("dose:Q", format=".3~g"), "dose_min:Q", "dose_max:Q", "unit:N"],
    )
    ranges = base.mark_rule(strokeWidth=3, opacity=0.5).encode(
        x=alt.X("dose_min:Q", scale=scale, title="dose (log scale)"), x2="dose_max:Q"
    )
    points = base.mark_circle(size=80).encode(x=alt.X("dose:Q", scale=scale), color=alt.Color("arm:N", legend=None))
    layered = alt.layer(ranges, points, data=arms).properties(width=WIDTH)
    chart = layered.facet(row=alt.Row("unit:N", title="unit", sort=list(dict.fromkeys(arms["unit"]))))
    chart = chart.resolve_scale(x="independent", y="independent").properties(title="Dose levels per trial and arm")
    return chart.to_dict(validate=False)


def thresholds(values: pd.DataFrame) -> dict:
    """Trials per inclusion threshold value, one small chart per variable."""
    chart = (
        alt.Chart(values, width=160, height=120)
        .mark_bar()
        .encode(
            x=alt.X("value:O", title="limit"),
            y=alt.Y("trials:Q", title="trials"),
            tooltip=["threshold:N", "value:Q", "trials:Q"],
        )
        .facet(facet=alt.Facet("threshold:N", title=None, sort=list(dict.fromkeys(values["threshold"]))), columns=4)
        .resolve_scale(x="independent", y="independent")
        .properties(title="Inclusion thresholds across trials")
    )
    return chart.to_dict(validate=False)
