"""Apply the identity rules to a prepared batch: each document's trial, and each trial's rows.

:mod:`tasks.trial_assignment` says who owns each trial and :mod:`tasks.precedence` which
sources are current; this module gathers what those decisions need (the batch's documents,
what the warehouse holds, through a :class:`~tasks.sources.StoredView`), marks each source
loaded or superseded and has :mod:`tasks.source_merge` build the rows of every touched trial.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from schemas.runs import DocumentStatus
from schemas.tables import TRIAL_TABLES
from tasks.match_features import Features
from tasks.match_store import frame_features, match_text_frame
from tasks.matching import Match
from tasks.precedence import Source, current_sources
from tasks.source_merge import merge_frames
from tasks.sources import BatchDocument, Resolution, StoredDocument, StoredUpdate, StoredView
from tasks.trial_assignment import document_trials


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
    known: dict[tuple, Features] = {}  # the batch's texts, normalised once for matching and its blocks
    matches, absorbed = document_trials(documents, frame_features(frames, known), stored, view)
    valid_from = _valid_from(documents, frames, stored, seen_at)
    affected = _affected_trials(matches, stored, absorbed)
    in_batch = {d.document_id for d in documents}
    others = [s for s in view.trial_sources(affected) if s.document_id not in in_batch]
    sources = _sources_by_trial(documents, matches, valid_from, others, absorbed)
    current = {trial: current_sources(found) for trial, found in sources.items()}
    statuses, updates = _statuses(documents, current, sources, others, absorbed)
    companions = [s.document_id for ranked in current.values() for s in ranked if s.document_id not in in_batch]
    all_frames, keys = _with_companions(documents, frames, companions, view, prepare)
    merged = merge_frames(all_frames, keys, current)
    written = frame_features(merged, known)  # the trials as written: their match blocks, and the run's indexes
    texts = match_text_frame(written.values())
    return Resolution(matches, statuses, valid_from, affected, merged, updates, texts, written)


def _affected_trials(
    matches: dict[str, Match], stored: dict[str, StoredDocument], absorbed: dict[str, Match]
) -> list[str]:
    """The trials whose rows the batch replaces: those its documents join, leave, absorb or claim."""
    previous = {s.trial_id for s in stored.values() if s.trial_id}
    claimed = {m.trial_id for m in absorbed.values()}
    return sorted({m.trial_id for m in matches.values()} | previous | set(absorbed) | claimed)


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
    """Every document of each touched trial as a :class:`~tasks.precedence.Source` (the batch's seen last)."""
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
) -> tuple[dict[str, str], list[StoredUpdate]]:
    """``loaded`` for each current source, ``superseded`` for the rest; and the stored documents that change."""
    is_current = {s.document_id for ranked in current.values() for s in ranked}
    trial_of = {s.document_id: trial for trial, found in sources.items() for s in found}
    statuses = {d.document_id: _status(d.document_id, is_current) for d in documents}
    updates = []
    for other in others:
        status = _status(other.document_id, is_current)
        claim = absorbed.get(other.trial_id)
        rule, score = (claim.rule, claim.score) if claim else (other.match_rule, other.match_score)
        if status != other.status or claim is not None:
            updates.append((other.document_id, trial_of[other.document_id], status, rule, score))
    return statuses, updates


def _status(document_id: str, is_current: set[str]) -> DocumentStatus:
    """``loaded`` for a current source, ``superseded`` for an older version."""
    return DocumentStatus.LOADED if document_id in is_current else DocumentStatus.SUPERSEDED


def _with_companions(
    documents: list[BatchDocument], frames: dict[str, pd.DataFrame], companions: list[str], view: StoredView, prepare
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The batch's rows plus those of the stored current sources parsed again; and key → document id."""
    keys = {d.key: d.document_id for d in documents}
    if not companions:
        return frames, keys
    prepared = prepare(view.raw_documents(companions))
    for outcome in prepared.outcomes:
        if outcome.status == DocumentStatus.LOADED:
            keys[outcome.trial_id] = outcome.document_id
    joined = {t: pd.concat([frames[t], prepared.frames[t]], ignore_index=True) for t in TRIAL_TABLES}
    return joined, keys
