"""Which source of a trial wins: the current sources, and which one supplies each field and table.

Sources rank by :data:`PRECEDENCE`; of several versions of one source (one format) only the
newest is current (:func:`current_sources`). Each trial field comes from the best current
source that fills it, each child table from the best current source that has rows for it
(:func:`merge_decision`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

# Lower ranks win. API JSON and the website's JSON download are one structure (ctgov_json).
PRECEDENCE: dict[str, int] = {
    "ctgov_json": 0,
    "ctgov_xml": 1,
    "ctgov_v1": 1,
    "ctgov_csv": 2,
    "ctgov_tsv": 2,
    "ctgov_flat": 3,
    "ctgov_classic_page": 4,
    "clinicaltrialexchange": 5,
    "medpath": 5,
    "registry_page": 6,
}
UNRANKED = 9

# Trial fields compared across sources in ``source_conflict``.
CONFLICT_FIELDS = (
    "title",
    "phase",
    "overall_status",
    "study_type",
    "enrollment",
    "lead_sponsor",
    "start_date_value",
    "completion_date_value",
)
# Child tables that move together: thresholds are numbered by their criterion's position.
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "condition": ("condition",),
    "intervention": ("intervention",),
    "arm": ("arm",),
    "endpoint": ("endpoint",),
    "criterion": ("criterion", "criterion_threshold"),
    "site": ("site",),
}
# Tables that gather the rows of every current source rather than the best one's.
UNION_TABLES = ("trial_reference", "parse_warning")
# Trial columns that say which row this is rather than what the trial states.
ROW_COLUMNS = ("trial_id", "document_id", "source_format")


def source_rank(source_format: str | None) -> int:
    """The precedence rank of a format (lower wins)."""
    return PRECEDENCE.get(source_format or "", UNRANKED)


@dataclass(frozen=True)
class Source:
    """One document of a trial, as the merge sees it."""

    document_id: str
    source_format: str
    valid_from: datetime
    order: int = 0  # ties on valid_from: the later seen wins


def current_sources(sources: Iterable[Source]) -> list[Source]:
    """The newest version of each format, best first (by precedence, then newest)."""
    newest: dict[str, Source] = {}
    for source in sources:
        known = newest.get(source.source_format)
        if known is None or (source.valid_from, source.order) > (known.valid_from, known.order):
            newest[source.source_format] = source
    return sorted(newest.values(), key=lambda s: (source_rank(s.source_format), -s.valid_from.timestamp(), -s.order))


@dataclass
class MergeDecision:
    """What each current source of one trial contributes.

    ``fields`` maps each trial column to the document that supplies it; ``tables`` each child
    table to the document whose rows it keeps; ``primary`` is the best source.
    """

    primary: str
    fields: dict[str, str]
    tables: dict[str, str]
    conflicts: list[tuple[str, str, str]]  # field, value, document_id


def merge_decision(
    ranked: Sequence[Source], trial_rows: dict[str, dict], row_counts: dict[str, dict[str, int]]
) -> MergeDecision:
    """Decide, for one trial, which source supplies each field and each child table.

    Args:
        ranked: the trial's current sources, best first (see :func:`current_sources`).
        trial_rows: each source's ``trial`` row (column to value).
        row_counts: per source, the number of rows it has in each child table.
    """
    primary = ranked[0].document_id
    return MergeDecision(
        primary,
        _field_owners(ranked, trial_rows, primary),
        _table_owners(ranked, row_counts),
        _conflicts(ranked, trial_rows),
    )


def _field_owners(ranked: Sequence[Source], trial_rows: dict[str, dict], primary: str) -> dict[str, str]:
    """Each trial column the sources fill, to the best source that fills it (columns in the primary's order)."""
    fields = {}
    for column in [c for c in trial_rows[primary] if c not in ROW_COLUMNS]:
        owner = next((s.document_id for s in ranked if _filled(trial_rows[s.document_id].get(column))), None)
        if owner is not None:
            fields[column] = owner
    return fields


def _table_owners(ranked: Sequence[Source], row_counts: dict[str, dict[str, int]]) -> dict[str, str]:
    """Each child table some source has rows for, to the best such source (a group's tables together)."""
    tables = {}
    for group, members in TABLE_GROUPS.items():
        owner = next((s.document_id for s in ranked if row_counts.get(s.document_id, {}).get(group, 0)), None)
        if owner is not None:
            tables.update({table: owner for table in members})
    return tables


def _filled(value: object) -> bool:
    """Whether a field holds a value (not None, NaN, NaT or blank)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    try:
        return value == value  # NaN and NaT are unequal to themselves
    except (TypeError, ValueError):
        return True


def _conflicts(ranked: Sequence[Source], trial_rows: dict[str, dict]) -> list[tuple[str, str, str]]:
    """Fields on which the current sources state different values."""
    found = []
    for column in CONFLICT_FIELDS:
        stated = [(s.document_id, _comparable(trial_rows[s.document_id].get(column))) for s in ranked]
        stated = [(d, v) for d, v in stated if v]
        if len({v.casefold() for _, v in stated}) > 1:
            found += [(column, value, document_id) for document_id, value in stated]
    return found


def _comparable(value: object) -> str:
    """A field value as text for comparison ('' when empty); dates without their time."""
    if not _filled(value):
        return ""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value).strip()
