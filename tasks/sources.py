"""Apply the identity rules to a prepared batch: each document's trial, and each trial's rows.

:mod:`tasks.identity` decides; this module gathers what the decisions need (the batch's
documents, what the warehouse holds, through a :class:`StoredView`) and applies them to the
batch's DataFrames. The result is a :class:`Resolution` that the loader writes as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

import pandas as pd

from schemas.tables import MERGE_TABLES, TRIAL_TABLES
from tasks.identity import (
    UNION_TABLES,
    Features,
    Match,
    MatchIndex,
    MergeDecision,
    Source,
    current_sources,
    is_content_trial,
    match_document,
    merge_decision,
)
from tasks.parsers.records import SourceDocument
from warehouse import sources as stored

CHILD_TABLES = [t for t in TRIAL_TABLES if t != "trial"]
STATED = 100.0


@dataclass(frozen=True)
class StoredDocument:
    """A document the warehouse holds, as identity and precedence need it."""

    document_id: str
    trial_id: str | None
    source_format: str | None
    status: str
    valid_from: datetime
    match_rule: str | None = None
    match_score: float | None = None


class StoredView(Protocol):
    """What resolving a batch reads from the warehouse."""

    def stored_documents(self, document_ids: list[str]) -> dict[str, StoredDocument]:
        """The stored documents among ``document_ids``."""

    def match_index(self, content_only: bool) -> MatchIndex:
        """Every trial, indexed for matching (only ``DOC-`` trials when ``content_only``)."""

    def trial_sources(self, trial_ids: list[str]) -> list[StoredDocument]:
        """Every loaded or superseded document of the given trials."""

    def raw_documents(self, document_ids: list[str]) -> list[SourceDocument]:
        """The stored content of the given documents, ready to parse again."""


class MatchCandidates:
    """The warehouse's trials as match indexes, read once per run and kept current after each batch.

    Reading and indexing every trial costs time in proportion to the warehouse; doing it for
    every batch made a cold ingest of documents without ids quadratic. A run holds the writer
    lock, so only its own batches change trials: after each one, :meth:`refresh` reads again
    the trials it rewrote. A batch that fails leaves the indexes unknown: :meth:`forget` them.
    """

    def __init__(self) -> None:
        self._indexes: dict[bool, MatchIndex] = {}

    def index(self, con, content_only: bool) -> MatchIndex:
        """The index of every trial (only ``DOC-`` trials when ``content_only``), read on first use."""
        if content_only not in self._indexes:
            index = MatchIndex()
            for candidate in _candidate_features(con, content_only):
                index.add(candidate)
            self._indexes[content_only] = index
        return self._indexes[content_only]

    def refresh(self, con, trial_ids: list[str]) -> None:
        """Read ``trial_ids`` again after a batch rewrote them; a trial that is gone is forgotten."""
        if not self._indexes:
            return
        fresh = _candidate_features(con, False, trial_ids)  # read once, for both indexes
        for content_only, index in self._indexes.items():
            for trial_id in trial_ids:
                index.remove(trial_id)
            for candidate in fresh:
                if not content_only or is_content_trial(candidate.key):
                    index.add(candidate)

    def forget(self) -> None:
        """Drop the indexes (the next batch reads the warehouse again)."""
        self._indexes.clear()


def _candidate_features(con, content_only: bool, trial_ids: list[str] | None = None) -> list[Features]:
    """The matching features of the warehouse's trials (see :func:`warehouse.sources.match_candidates`)."""
    return [
        Features.of(trial_id, (title, official), summary, sponsor, conditions or (), interventions or ())
        for trial_id, title, official, summary, sponsor, conditions, interventions in stored.match_candidates(
            con, content_only, trial_ids
        )
    ]


class WarehouseView:
    """The :class:`StoredView` of an open warehouse connection.

    Its match indexes come from ``candidates`` (a run's, kept across batches) or are read
    for this view alone.
    """

    def __init__(self, con, candidates: MatchCandidates | None = None) -> None:
        self._con = con
        self._candidates = candidates or MatchCandidates()

    def stored_documents(self, document_ids: list[str]) -> dict[str, StoredDocument]:
        """The stored documents among ``document_ids``."""
        return {row[0]: StoredDocument(*row) for row in stored.stored_documents(self._con, document_ids)}

    def match_index(self, content_only: bool) -> MatchIndex:
        """Every trial, indexed for matching (only ``DOC-`` trials when ``content_only``)."""
        return self._candidates.index(self._con, content_only)

    def trial_sources(self, trial_ids: list[str]) -> list[StoredDocument]:
        """Every loaded or superseded document of the given trials."""
        return [StoredDocument(*row) for row in stored.trial_sources(self._con, trial_ids)]

    def raw_documents(self, document_ids: list[str]) -> list[SourceDocument]:
        """The stored content of the given documents, ready to parse again."""
        return [SourceDocument(*row) for row in stored.raw_documents(self._con, document_ids)]


class EmptyWarehouse:
    """A :class:`StoredView` of a warehouse that holds nothing (planning a batch on its own)."""

    def stored_documents(self, document_ids: list[str]) -> dict[str, StoredDocument]:
        """Nothing is stored."""
        return {}

    def match_index(self, content_only: bool) -> MatchIndex:
        """No trials to match."""
        return MatchIndex()

    def trial_sources(self, trial_ids: list[str]) -> list[StoredDocument]:
        """No stored sources."""
        return []

    def raw_documents(self, document_ids: list[str]) -> list[SourceDocument]:
        """No stored content."""
        return []


@dataclass
class Resolution:
    """How a batch changes the warehouse's trials.

    ``matches`` and ``statuses`` (``loaded`` for a current source, ``superseded`` for an older
    version) cover the batch's parsed documents; ``valid_from`` when each one's content became
    valid. ``affected`` are the trials whose rows are replaced by ``frames``; ``stored_updates``
    the stored documents whose trial or status changes (``document_id, trial_id, status,
    match_rule, match_score``).
    """

    matches: dict[str, Match] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    valid_from: dict[str, datetime] = field(default_factory=dict)
    affected: list[str] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    stored_updates: list[tuple[str, str, str, str | None, float | None]] = field(default_factory=list)


@dataclass(frozen=True)
class BatchDocument:
    """A parsed document of the batch: its id, provisional key (``DOC-``…), format and stated id."""

    document_id: str
    key: str
    source_format: str
    stated_id: str | None
    order: int


def resolve(
    documents: list[BatchDocument],
    frames: dict[str, pd.DataFrame],
    seen_at: datetime,
    view: StoredView,
    prepare,
) -> Resolution:
    """Attach the batch's documents to trials and build the rows of every trial they touch.

    Args:
        documents: the batch's parsed, valid documents, each once.
        frames: their rows, keyed by each document's provisional key.
        seen_at: when the batch was read (a new document's content is valid from then).
        view: what the warehouse holds.
        prepare: parses stored documents again (``tasks.pipeline.prepare_documents``), for the
            current sources of a touched trial that are not in the batch.
    """
    if not documents:
        return Resolution()
    stored = view.stored_documents([d.document_id for d in documents])
    features = batch_features(frames)
    matches = assign_trials(documents, features, stored, view)
    absorbed = absorbed_trials(documents, features, view)
    matches = {d: absorbed[m.trial_id] if m.trial_id in absorbed else m for d, m in matches.items()}
    valid_from = _valid_from(documents, frames, stored, seen_at)
    previous = {s.trial_id for s in stored.values() if s.trial_id}
    claimed = {m.trial_id for m in absorbed.values()}
    affected = sorted({m.trial_id for m in matches.values()} | previous | set(absorbed) | claimed)
    in_batch = {d.document_id for d in documents}
    others = [s for s in view.trial_sources(affected) if s.document_id not in in_batch]
    sources = _sources_by_trial(documents, matches, valid_from, others, absorbed)
    current = {trial: current_sources(found) for trial, found in sources.items()}
    statuses, updates = _statuses(documents, current, sources, others, absorbed)
    companions = [s.document_id for ranked in current.values() for s in ranked if s.document_id not in in_batch]
    all_frames, keys = _with_companions(documents, frames, companions, view, prepare)
    merged = merge_frames(all_frames, keys, current)
    return Resolution(matches, statuses, valid_from, affected, merged, updates)


def batch_features(frames: dict[str, pd.DataFrame]) -> dict[str, Features]:
    """Matching features of each document of the batch, by provisional key."""
    names: dict[str, dict[str, list[str]]] = {"condition": {}, "intervention": {}}
    for table, grouped in names.items():
        frame = frames.get(table)
        if frame is not None and len(frame):
            for key, name in zip(frame["trial_id"].tolist(), frame["name"].tolist(), strict=True):
                grouped.setdefault(key, []).append(name)
    trial = frames["trial"]
    columns = ("trial_id", "title", "official_title", "brief_summary", "detailed_description", "lead_sponsor")
    found = {}
    for key, title, official, summary, description, sponsor in zip(*(trial[c].tolist() for c in columns), strict=True):
        found[key] = Features.of(
            key,
            (_text(title), _text(official)),
            _joined(summary, description),
            _text(sponsor),
            names["condition"].get(key, ()),
            names["intervention"].get(key, ()),
        )
    return found


def _text(value: object) -> str | None:
    """A text cell, ``None`` for missing values."""
    return value if isinstance(value, str) else None


def _joined(*values: object) -> str:
    """Text cells joined by a space, missing ones left out."""
    return " ".join(v for v in values if isinstance(v, str))


def assign_trials(
    documents: list[BatchDocument],
    features: dict[str, Features],
    stored: dict[str, StoredDocument],
    view: StoredView,
) -> dict[str, Match]:
    """The trial of each document: its stated id, else a match, else where it was, else its content.

    The documents are added to the view's index under the trial they are given, so that the
    batch's other documents can match them.
    """
    matches = {d.document_id: Match(d.stated_id, "stated_id", STATED) for d in documents if d.stated_id}
    unstated = [d for d in documents if not d.stated_id]
    if not unstated:
        return matches
    index = view.match_index(content_only=False)
    for document in documents:
        if document.stated_id:
            index.add(replace(features[document.key], key=document.stated_id))
    # Documents with a title first: a page without one is matched by summary, possibly to them.
    for document in sorted(unstated, key=lambda d: (not features[d.key].titles, d.order)):
        query = features[document.key]
        found = match_document(query, index)
        before = stored.get(document.document_id)
        if before is not None and before.trial_id and (found is None or found.trial_id == before.trial_id):
            found = Match(before.trial_id, before.match_rule or "content", before.match_score or STATED)
        found = found or Match(document.key, "content", STATED)
        matches[document.document_id] = found
        index.add(replace(query, key=found.trial_id))
    return matches


def absorbed_trials(
    documents: list[BatchDocument], features: dict[str, Features], view: StoredView
) -> dict[str, Match]:
    """Trials known only from content that a document stating an id now claims: ``DOC-…`` → the claim."""
    stated = [d for d in documents if d.stated_id]
    if not stated:
        return {}
    index = view.match_index(content_only=True)
    if not index.candidates:
        return {}
    absorbed = {}
    for document in stated:
        found = match_document(features[document.key], index)
        if found is not None and found.trial_id not in absorbed:
            absorbed[found.trial_id] = replace(found, trial_id=document.stated_id)
    return absorbed


def _valid_from(
    documents: list[BatchDocument], frames: dict[str, pd.DataFrame], stored: dict[str, StoredDocument], seen_at
) -> dict[str, datetime]:
    """From when each document's content is valid: its stated last update, else when first seen."""
    trial = frames["trial"]
    stated = dict(zip(trial["trial_id"], trial["last_update_posted_value"], strict=True))
    found = {}
    for document in documents:
        value = stated.get(document.key)
        if value is not None and not pd.isna(value):
            found[document.document_id] = pd.Timestamp(value).to_pydatetime()
        elif document.document_id in stored:
            found[document.document_id] = stored[document.document_id].valid_from
        else:
            found[document.document_id] = seen_at
    return found


def _sources_by_trial(
    documents: list[BatchDocument],
    matches: dict[str, Match],
    valid_from: dict[str, datetime],
    others: list[StoredDocument],
    absorbed: dict[str, Match],
) -> dict[str, list[Source]]:
    """Every document of each touched trial as a :class:`Source` (the batch's seen last)."""
    sources: dict[str, list[Source]] = {}
    for order, other in enumerate(others):
        trial = absorbed[other.trial_id].trial_id if other.trial_id in absorbed else other.trial_id
        sources.setdefault(trial, []).append(
            Source(other.document_id, other.source_format or "", other.valid_from, order)
        )
    for document in documents:
        trial = matches[document.document_id].trial_id
        source = Source(
            document.document_id, document.source_format, valid_from[document.document_id], 10**9 + document.order
        )
        sources.setdefault(trial, []).append(source)
    return sources


def _statuses(
    documents: list[BatchDocument],
    current: dict[str, list[Source]],
    sources: dict[str, list[Source]],
    others: list[StoredDocument],
    absorbed: dict[str, Match],
) -> tuple[dict[str, str], list[tuple[str, str, str, str | None, float | None]]]:
    """``loaded`` for each current source, ``superseded`` for the rest; and the stored documents that change."""
    is_current = {s.document_id for ranked in current.values() for s in ranked}
    trial_of = {s.document_id: trial for trial, found in sources.items() for s in found}
    statuses = {d.document_id: "loaded" if d.document_id in is_current else "superseded" for d in documents}
    updates = []
    for other in others:
        status = "loaded" if other.document_id in is_current else "superseded"
        claim = absorbed.get(other.trial_id)
        rule, score = (claim.rule, claim.score) if claim else (other.match_rule, other.match_score)
        if status != other.status or claim is not None:
            updates.append((other.document_id, trial_of[other.document_id], status, rule, score))
    return statuses, updates


def _with_companions(
    documents: list[BatchDocument], frames: dict[str, pd.DataFrame], companions: list[str], view: StoredView, prepare
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The batch's rows plus those of the stored current sources parsed again; and key → document id."""
    keys = {d.key: d.document_id for d in documents}
    if not companions:
        return frames, keys
    prepared = prepare(view.raw_documents(companions))
    for outcome in prepared.outcomes:
        if outcome.status == "loaded":
            keys[outcome.trial_id] = outcome.document_id
    joined = {t: pd.concat([frames[t], prepared.frames[t]], ignore_index=True) for t in TRIAL_TABLES}
    return joined, keys


def merge_frames(
    frames: dict[str, pd.DataFrame], keys: dict[str, str], current: dict[str, list[Source]]
) -> dict[str, pd.DataFrame]:
    """The rows of every touched trial: each field and child table from its winning source.

    A trial with one current source (most of them) takes that source's rows as they are.
    """
    key_of = {document_id: key for key, document_id in keys.items()}
    trial = frames["trial"]
    parsed = {keys[k] for k in trial["trial_id"].tolist() if k in keys}  # a source that no longer parses gives nothing
    current = {t: [s for s in ranked if s.document_id in parsed] for t, ranked in current.items()}
    single = {key_of[ranked[0].document_id]: t for t, ranked in current.items() if len(ranked) == 1}
    several = {t: ranked for t, ranked in current.items() if len(ranked) > 1}
    owners: dict[str, dict[str, str]] = {t: dict(single) for t in CHILD_TABLES}  # table -> key -> trial
    wanted = {key_of[s.document_id] for ranked in several.values() for s in ranked}
    trial_rows = {keys[row["trial_id"]]: row for row in trial[trial["trial_id"].isin(list(wanted))].to_dict("records")}
    counts = _row_counts(frames, keys) if several else {}
    merged_trials, provenance, conflicts = [], [], []
    for trial_id, ranked in several.items():
        decision = merge_decision(ranked, trial_rows, counts)
        merged_trials.append(_trial_row(trial_id, decision, trial_rows, ranked))
        provenance += _provenance(trial_id, decision)
        conflicts += [(trial_id, f, v, d) for f, v, d in decision.conflicts]
        for table, document_id in decision.tables.items():
            owners[table][key_of[document_id]] = trial_id
        for table in UNION_TABLES:
            owners[table].update({key_of[s.document_id]: trial_id for s in ranked})
    merged = pd.DataFrame(merged_trials, columns=trial.columns).astype(trial.dtypes.to_dict())
    result = {"trial": pd.concat([_single_source_trials(trial, single), merged], ignore_index=True)}
    for table in CHILD_TABLES:
        result[table] = _moved(frames[table], owners[table], renumber=table in UNION_TABLES)
    result["trial_provenance"] = _frame(provenance, MERGE_TABLES["trial_provenance"])
    result["source_conflict"] = _frame(conflicts, MERGE_TABLES["source_conflict"])
    return result


def _single_source_trials(trial: pd.DataFrame, single: dict[str, str]) -> pd.DataFrame:
    """The trial rows of trials with one current source, moved to their trial ids."""
    rows = trial[trial["trial_id"].isin(list(single))].reset_index(drop=True)
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
    for column in set(row) - set(decision.fields) - {"trial_id", "document_id", "source_format"}:
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
    kept = frame[frame["trial_id"].isin(list(owners))].reset_index(drop=True)
    if not len(kept):
        return kept
    kept["trial_id"] = kept["trial_id"].map(owners).astype(frame["trial_id"].dtype)
    if renumber:
        if "registry_id" in kept.columns:
            kept = kept[kept["registry_id"] != kept["trial_id"]]
            kept = kept.drop_duplicates(["trial_id", "registry_id"]).reset_index(drop=True)
        kept["ordinal"] = pd.array(kept.groupby("trial_id").cumcount() + 1, dtype="Int64")
    return kept


def _frame(rows: Iterable[tuple], model) -> pd.DataFrame:
    """A DataFrame of text columns in ``model``'s column order."""
    columns = list(model.to_schema().columns)
    return pd.DataFrame(list(rows), columns=columns, dtype="string[pyarrow]")
