"""What resolving a batch exchanges with the warehouse and the loader.

Resolving reads what the warehouse holds through a :class:`StoredView` (:class:`WarehouseView`
over a connection, with a run's :class:`MatchCandidates`), takes the batch's documents as
:class:`BatchDocument` and returns a :class:`Resolution` that the loader writes as it is.
:mod:`tasks.resolution` does the resolving; :mod:`tasks.identity` and the modules it names
hold the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import pandas as pd

from tasks.identity import is_content_trial
from tasks.match_features import Features
from tasks.match_store import StoredCandidates, index_unblocked_trials, stored_features
from tasks.matching import Match, MatchIndex
from tasks.parsers.records import SourceDocument
from warehouse import sources as stored
from warehouse.match_blocks import trial_count

# A stored document whose trial or status changes: document_id, trial_id, status, match_rule, match_score.
StoredUpdate = tuple[str, str, str, str | None, float | None]


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


# A run reads the blocks its lookups need from the warehouse (see tasks.match_store) while it has
# brought fewer than one document per BLOCK_READ_RATIO stored trials; past that, indexing every
# trial once and keeping the index for the run's later batches costs less. Measured at 100,000
# trials: indexing all of them about 3.7 s (37 us a trial), reading blocks about 0.5 ms a document.
BLOCK_READ_RATIO = 20


class MatchCandidates:
    """The warehouse's trials as match indexes for one run.

    A run that brings few documents to a large warehouse reads, per batch, only the blocks its
    lookups need from the ``match_block`` table (:class:`~tasks.match_store.StoredCandidates`).
    A larger run reads and indexes every trial once and keeps the index current after each
    batch: doing that for every batch made a cold ingest of documents without ids quadratic. A
    run holds the writer lock, so only its own batches change trials: after each one,
    :meth:`refresh` takes the trials it rewrote as they were written. A batch that fails leaves
    the indexes unknown: :meth:`forget` them.
    """

    def __init__(self) -> None:
        self._indexes: dict[bool, MatchIndex] = {}
        self._documents = 0  # the documents of the run's batches so far, or all it will bring if known
        self._expected = 0
        self._stored_trials: int | None = None  # the warehouse's trials when the run began

    def expect(self, documents: int) -> None:
        """Say how many documents the run will bring, when it knows (a full refresh never reads blocks)."""
        self._expected = documents

    def add_batch(self, documents: int) -> None:
        """Count a batch of ``documents`` before its lookups (it decides how the next index is read)."""
        self._documents += documents

    def index(self, con, content_only: bool) -> MatchIndex:
        """The index of every trial (only ``DOC-`` trials when ``content_only``)."""
        if content_only in self._indexes:
            return self._indexes[content_only]
        if self._reads_blocks(con):
            return MatchIndex(store=StoredCandidates(con, content_only))
        index = MatchIndex()
        for candidate in stored_features(con, content_only):
            index.add(candidate)
        self._indexes[content_only] = index
        return index

    def _reads_blocks(self, con) -> bool:
        """Whether this batch's lookups read blocks rather than index every trial (see :data:`BLOCK_READ_RATIO`)."""
        documents = max(self._documents, self._expected)
        if self._stored_trials is None:
            self._stored_trials = trial_count(con)
            if documents * BLOCK_READ_RATIO < self._stored_trials:
                index_unblocked_trials(con)  # once a run; none but after an upgrade
        return documents * BLOCK_READ_RATIO < self._stored_trials

    def refresh(self, trial_ids: list[str], written: dict[str, Features]) -> None:
        """Take ``trial_ids`` as a batch rewrote them; a trial it did not write is gone and forgotten.

        ``written`` are the features of the rows the batch wrote (``Resolution.trial_features``):
        a batch replaces each of its trials' rows whole, so they are what reading the trials
        back would give, without the query and without normalising their texts again.
        """
        if not self._indexes:
            return
        for content_only, index in self._indexes.items():
            for trial_id in trial_ids:
                candidate = written.get(trial_id) if not content_only or is_content_trial(trial_id) else None
                if candidate is not None and index.holds(candidate):
                    continue  # the batch added it as it was written: adding it again would count its texts twice
                index.remove(trial_id)
                if candidate is not None:
                    index.add(candidate)

    def forget(self) -> None:
        """Drop the indexes (the next batch reads the warehouse again)."""
        self._indexes.clear()


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
    the stored documents whose trial or status changes (see :data:`StoredUpdate`); ``match_texts``
    the texts of the affected trials' match blocks (see :mod:`tasks.match_store`), and
    ``trial_features`` the matching features of the trials as ``frames`` write them.
    """

    matches: dict[str, Match] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    valid_from: dict[str, datetime] = field(default_factory=dict)
    affected: list[str] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    stored_updates: list[StoredUpdate] = field(default_factory=list)
    match_texts: pd.DataFrame | None = None
    trial_features: dict[str, Features] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchDocument:
    """A parsed document of the batch: its id, provisional key (``DOC-``…), format and stated id."""

    document_id: str
    key: str
    source_format: str
    stated_id: str | None
    order: int
