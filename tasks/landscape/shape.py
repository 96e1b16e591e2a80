"""Reshape the warehouse's frames into what the charts and tables show (pure pandas)."""

from __future__ import annotations

import pandas as pd

from tasks.landscape.charts import MAX_ROWS_SHOWN

# The eligibility thresholds shown side by side: (variable, bound, column label). A lower
# bound gathers `>=` and `>` limits of inclusion criteria, an upper bound `<=` and `<`;
# several limits of one trial keep the strictest.
MAIN_THRESHOLDS = (
    ("age", "lower", "min age"),
    ("age", "upper", "max age"),
    ("ecog", "upper", "ECOG ≤"),
    ("karnofsky", "lower", "Karnofsky ≥"),
    ("prior_lines", "lower", "prior lines ≥"),
    ("creatinine_clearance", "lower", "CrCl ≥"),
    ("creatinine", "upper", "creatinine ≤"),
    ("bilirubin", "upper", "bilirubin ≤"),
    ("ast_alt", "upper", "AST/ALT ≤"),
    ("anc", "lower", "ANC ≥"),
    ("platelets", "lower", "platelets ≥"),
    ("hemoglobin", "lower", "hemoglobin ≥"),
    ("lvef_percent", "lower", "LVEF % ≥"),
)
BOUNDS = {"lower": (">=", ">"), "upper": ("<=", "<")}
CELL_UNITS = ("cells/kg", "cells")  # cell doses, charted apart from flat (mass, volume, area) doses
DOSE_CHARTS = 4  # units charted (cell units first, then the most frequent)


def trial_labels(trials: pd.DataFrame) -> pd.Series:
    """The name shown for each trial: its registry id, else its warehouse id; indexed by trial_id."""
    labels = trials["registry_id"].fillna(trials["trial_id"])
    return pd.Series(labels.to_numpy(), index=trials["trial_id"].to_numpy())


def endpoint_matrix(pairs: pd.DataFrame, labels: pd.Series) -> tuple[pd.DataFrame, int]:
    """Endpoints per (trial, category) for the trials naming most categories; and the trials charted.

    Args:
        pairs: One row per (trial_id, category) with its count of ``endpoints``.
        labels: The name shown for each trial id.
    """
    if pairs.empty:
        return pd.DataFrame({"trial": [], "category": [], "endpoints": []}), 0
    breadth = pairs.groupby("trial_id").size().sort_values(ascending=False, kind="stable")
    shown = breadth.index[:MAX_ROWS_SHOWN]
    matrix = pairs[pairs["trial_id"].isin(shown)].assign(trial=lambda f: f["trial_id"].map(labels))
    return matrix[["trial", "category", "endpoints"]].reset_index(drop=True), len(shown)


def dose_groups(arms: pd.DataFrame, labels: pd.Series) -> dict[str, pd.DataFrame]:
    """Arms with a dose, per unit (cell units first), each limited to ``MAX_ROWS_SHOWN`` trials."""
    dosed = arms[arms["dose_unit"].notna() & (arms["dose_min"].notna() | arms["dose_value"].notna())].copy()
    if dosed.empty:
        return {}
    dosed["dose"] = dosed["dose_value"].fillna(dosed["dose_min"])
    dosed["dose_min"] = dosed["dose_min"].fillna(dosed["dose"])
    dosed["dose_max"] = dosed["dose_max"].fillna(dosed["dose"])
    dosed = dosed[dosed["dose_min"] > 0]
    dosed["trial"] = dosed["trial_id"].map(labels)
    dosed = dosed.rename(columns={"label": "arm", "dose_unit": "unit"})
    units = sorted(dosed["unit"].unique(), key=lambda u: (u not in CELL_UNITS, -int((dosed["unit"] == u).sum())))
    groups = {}
    for unit in units:
        rows = dosed[dosed["unit"] == unit]
        shown = rows["trial_id"].drop_duplicates().iloc[:MAX_ROWS_SHOWN]
        groups[unit] = rows[rows["trial_id"].isin(shown)][["trial", "arm", "dose", "dose_min", "dose_max", "unit"]]
    return groups


def threshold_table(thresholds: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """One row per trial with an inclusion threshold, one column per main threshold (strictest limit)."""
    limits = _main_limits(thresholds)
    if limits.empty:
        return pd.DataFrame()
    table = limits.pivot_table(index="trial_id", columns="threshold", values="value", aggfunc="first")
    table = table.reindex(columns=[label for _, _, label in MAIN_THRESHOLDS if label in table.columns])
    table.insert(0, "trial", table.index.map(labels))
    return table.reset_index(drop=True)


def threshold_counts(thresholds: pd.DataFrame) -> pd.DataFrame:
    """Trials per (threshold, limit value)."""
    limits = _main_limits(thresholds)
    if limits.empty:
        return pd.DataFrame({"threshold": [], "value": [], "trials": []})
    counts = limits.groupby(["threshold", "value"]).size().reset_index(name="trials")
    order = {label: i for i, (_, _, label) in enumerate(MAIN_THRESHOLDS)}
    return counts.sort_values(["threshold", "value"], key=lambda c: c.map(order) if c.name == "threshold" else c)


def _main_limits(thresholds: pd.DataFrame) -> pd.DataFrame:
    """The strictest inclusion limit of each trial for each main threshold."""
    if thresholds.empty:
        return pd.DataFrame({"trial_id": [], "threshold": [], "value": []})
    inclusion = thresholds[thresholds["kind"] == "inclusion"]
    found = []
    for variable, bound, label in MAIN_THRESHOLDS:
        rows = inclusion[(inclusion["variable"] == variable) & inclusion["comparator"].isin(BOUNDS[bound])]
        strictest = rows.groupby("trial_id")["value"].agg("max" if bound == "lower" else "min")
        found.append(pd.DataFrame({"trial_id": strictest.index, "threshold": label, "value": strictest.to_numpy()}))
    return pd.concat(found, ignore_index=True)


def source_counts(sources: pd.DataFrame) -> pd.DataFrame:
    """Documents per source format and status."""
    if sources.empty:
        return pd.DataFrame({"format": [], "status": [], "documents": []})
    counts = sources.fillna({"format": "unknown"}).groupby(["format", "status"]).size()
    return counts.reset_index(name="documents")


def countries_of(trials: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """One row per (trial, country), with ``unknown`` for trials without a site country."""
    known = countries[["trial_id", "country"]] if not countries.empty else pd.DataFrame(columns=["trial_id", "country"])
    missing = trials.loc[~trials["trial_id"].isin(known["trial_id"]), ["trial_id"]].assign(country="unknown")
    return pd.concat([known, missing], ignore_index=True)
