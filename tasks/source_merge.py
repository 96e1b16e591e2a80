"""Which rows win: the rows of every touched trial, each field and child table from its winning source.

:func:`tasks.precedence.merge_decision` decides, per trial, which source supplies what; this
module applies the decisions to the batch's DataFrames and moves the winning rows to their trials.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas.tables import CHILD_TABLES, MERGE_TABLES
from tasks.identity import is_content_trial
from tasks.precedence import ROW_COLUMNS, UNION_TABLES, MergeDecision, Source, merge_decision


@dataclass
class MergedTrials:
    """The merge of the trials with several current sources.

    ``trials`` are their trial rows; ``provenance`` and ``conflicts`` the rows of
    ``trial_provenance`` and ``source_conflict``.
    """

    trials: list[dict] = field(default_factory=list)
    provenance: list[tuple[str, str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)


def merge_frames(
    frames: dict[str, pd.DataFrame], keys: dict[str, str], current: dict[str, list[Source]]
) -> dict[str, pd.DataFrame]:
    """The rows of every touched trial: each field and child table from its winning source.

    A trial with one current source (most of them) takes that source's rows as they are.
    """
    key_of = {document_id: key for key, document_id in keys.items()}
    trial = frames["trial"]
    current = _parsed_sources(trial, keys, current)
    single = {key_of[ranked[0].document_id]: t for t, ranked in current.items() if len(ranked) == 1}
    several = {t: ranked for t, ranked in current.items() if len(ranked) > 1}
    owners: dict[str, dict[str, str]] = {t: dict(single) for t in CHILD_TABLES}  # table -> key -> trial
    merge = _merge_several(frames, keys, key_of, several, owners)
    merged = pd.DataFrame(merge.trials, columns=trial.columns).astype(trial.dtypes.to_dict())
    result = {"trial": pd.concat([_single_source_trials(trial, single), merged], ignore_index=True)}
    for table in CHILD_TABLES:
        result[table] = _moved(frames[table], owners[table], renumber=table in UNION_TABLES)
    result["trial_provenance"] = _frame(merge.provenance, MERGE_TABLES["trial_provenance"])
    result["source_conflict"] = _frame(merge.conflicts, MERGE_TABLES["source_conflict"])
    return result


def _parsed_sources(
    trial: pd.DataFrame, keys: dict[str, str], current: dict[str, list[Source]]
) -> dict[str, list[Source]]:
    """Each trial's current sources that gave rows (a source that no longer parses gives nothing)."""
    parsed = {keys[k] for k in trial["trial_id"].tolist() if k in keys}
    return {t: [s for s in ranked if s.document_id in parsed] for t, ranked in current.items()}


def _merge_several(
    frames: dict[str, pd.DataFrame],
    keys: dict[str, str],
    key_of: dict[str, str],
    several: dict[str, list[Source]],
    owners: dict[str, dict[str, str]],
) -> MergedTrials:
    """Merge each trial with several current sources; record in ``owners`` whose child rows it keeps.

    ``keys`` maps each provisional key to its document id, ``key_of`` the other way round.
    """
    trial = frames["trial"]
    wanted = {key_of[s.document_id] for ranked in several.values() for s in ranked}
    trial_rows = {keys[row["trial_id"]]: row for row in trial[_among(trial["trial_id"], wanted)].to_dict("records")}
    counts = _row_counts(frames, keys) if several else {}
    merge = MergedTrials()
    for trial_id, ranked in several.items():
        decision = merge_decision(ranked, trial_rows, counts)
        merge.trials.append(_trial_row(trial_id, decision, trial_rows, ranked))
        merge.provenance += _provenance(trial_id, decision)
        merge.conflicts += [(trial_id, f, v, d) for f, v, d in decision.conflicts]
        for table, document_id in decision.tables.items():
            owners[table][key_of[document_id]] = trial_id
        for table in UNION_TABLES:
            owners[table].update({key_of[s.document_id]: trial_id for s in ranked})
    return merge


def _single_source_trials(trial: pd.DataFrame, single: dict[str, str]) -> pd.DataFrame:
    """The trial rows of trials with one current source, moved to their trial ids."""
    rows = trial[_among(trial["trial_id"], single)].reset_index(drop=True)
    ids = rows["trial_id"].map(single)
    rows["trial_id"] = ids.astype(trial["trial_id"].dtype)
    rows["registry_id"] = ids.where(~ids.str.startswith("DOC-"), None).astype(trial["registry_id"].dtype)
    return rows


def _row_counts(frames: dict[str, pd.DataFrame], keys: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per document, its number of rows in each child table."""
    counts: dict[str, dict[str, int]] = {}
    for table in CHILD_TABLES:
        for key, count in frames[table]["trial_id"].value_counts().items():
            if key in keys:
                counts.setdefault(keys[key], {})[table] = int(count)
    return counts


def _trial_row(trial: str, decision: MergeDecision, trial_rows: dict[str, dict], ranked: list[Source]) -> dict:
    """One trial row: each field from the source that supplies it."""
    row = dict(trial_rows[decision.primary])
    for column, document_id in decision.fields.items():
        row[column] = trial_rows[document_id][column]
    for column in set(row) - set(decision.fields) - set(ROW_COLUMNS):
        row[column] = None
    row.update(
        trial_id=trial,
        registry_id=None if is_content_trial(trial) else trial,
        document_id=decision.primary,
        source_format=ranked[0].source_format,
    )
    return row


def _provenance(trial: str, decision: MergeDecision) -> list[tuple[str, str, str]]:
    """The fields and tables a source other than the primary supplies (the rest is the primary's)."""
    items = {**decision.fields, **decision.tables}
    return [
        (trial, item, document_id) for item, document_id in sorted(items.items()) if document_id != decision.primary
    ]


def _moved(frame: pd.DataFrame, owners: dict[str, str], renumber: bool) -> pd.DataFrame:
    """The rows of the winning documents, moved to their trials (renumbered when gathered from several)."""
    kept = frame[_among(frame["trial_id"], owners)].reset_index(drop=True)
    if not len(kept):
        return kept
    kept["trial_id"] = pd.Series(_owners_of(kept["trial_id"], owners), dtype=frame["trial_id"].dtype)
    if renumber:
        if "registry_id" in kept.columns:
            kept = kept[kept["registry_id"] != kept["trial_id"]]
            kept = kept.drop_duplicates(["trial_id", "registry_id"]).reset_index(drop=True)
        kept["ordinal"] = pd.array(kept.groupby("trial_id").cumcount() + 1, dtype="Int64")
    return kept


def _among(column: pd.Series, keys: Iterable[str]) -> np.ndarray:
    """Whether each value of a text column is one of ``keys``.

    Arrow does it in one pass; pandas' ``isin`` on an Arrow string column builds a scalar per key
    (about 1 s of a 20,000-document cold run, with the batch's every trial a key of every table).
    """
    found = pc.is_in(_text_array(column), value_set=pa.array(list(keys), pa.string()))
    return np.asarray(pc.fill_null(found, False), dtype=bool)


def _owners_of(column: pd.Series, owners: dict[str, str]) -> pa.Array:
    """The owner of each value of a text column whose every value is a key of ``owners``.

    One lookup in Arrow; pandas' ``Series.map`` with a dict goes value by value through Python
    (about 3 % of a cold run's own process, every row of every trial being moved).
    """
    positions = pc.index_in(_text_array(column), value_set=pa.array(list(owners), pa.string()))
    return pc.take(pa.array(list(owners.values()), pa.string()), positions)


def _text_array(column: pd.Series) -> pa.Array:
    """A text column as an Arrow string array (a column of only nulls as strings)."""
    values = pa.array(column, from_pandas=True)
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    return values


def _frame(rows: Iterable[tuple], model) -> pd.DataFrame:
    """A DataFrame of text columns in ``model``'s column order."""
    columns = list(model.to_schema().columns)
    return pd.DataFrame(list(rows), columns=columns, dtype="string[pyarrow]")
