"""The blocks matching looks trials up in, kept in the warehouse beside the trials (``match_block``).

:func:`frame_features` gives the matching features of the trials (or documents) of a batch's
frames. A batch writes the blocks of every trial it rewrites (from :func:`match_text_frame`) in
its own transaction, so the table always describes the trials as they are.
:class:`StoredCandidates` reads them back for a :class:`~tasks.matching.MatchIndex` that looks up
a few documents in a large warehouse: a run that changed 1 % of 100,000 documents reads a few
thousand rows instead of indexing every trial. Trials loaded before the table existed are indexed
once, by the first run that reads blocks (:func:`index_unblocked_trials`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tasks.match_blocks import StoredRow
from tasks.match_features import Features
from tasks.matching import opening_key
from warehouse import match_blocks as stored
from warehouse.sources import match_candidates

COLUMNS = ("trial_id", "kind", "block", "ordinal", "text")


def frame_features(frames: dict[str, pd.DataFrame], known: dict[tuple, Features] | None = None) -> dict[str, Features]:
    """Matching features of each trial (or batch document, by provisional key) in ``frames``.

    ``known`` keeps the features of texts normalised before, by their raw values: the merged rows
    of a batch's trials mostly repeat its documents' texts, which are then not normalised again.
    """
    known = {} if known is None else known
    names = {table: _names_by_key(frames.get(table)) for table in ("condition", "intervention")}
    trial = frames["trial"]
    columns = ("trial_id", "title", "official_title", "brief_summary", "detailed_description", "lead_sponsor")
    found = {}
    for key, title, official, summary, description, sponsor in zip(*(trial[c].tolist() for c in columns), strict=True):
        texts = (_text(title), _text(official), _joined(summary, description))
        conditions, interventions = names["condition"].get(key, ()), names["intervention"].get(key, ())
        seen = known.get(texts)
        if seen is None:
            seen = known[texts] = Features.of(key, texts[:2], texts[2], _text(sponsor), conditions, interventions)
        found[key] = Features(key, seen.titles, seen.summary, _text(sponsor), tuple(conditions), tuple(interventions))
    return found


def match_text_frame(features: Iterable[Features]) -> pd.DataFrame:
    """The texts the ``match_block`` rows of the given trials are made of: each title, and the summary.

    A title's ``block`` is left empty: the warehouse writes one row per distinct word of it
    (:func:`warehouse.match_blocks.write_blocks`), which is cheaper in SQL than in Python.
    """
    rows = []
    for trial in features:
        rows += [(trial.key, "title", None, ordinal, title) for ordinal, title in enumerate(trial.titles)]
        if trial.summary:
            rows.append((trial.key, "summary", opening_key(trial.summary), 0, trial.summary))
    columns = dict(zip(COLUMNS, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(COLUMNS, ())
    frame = pd.DataFrame({c: pd.array(list(v), dtype="string[pyarrow]") for c, v in columns.items() if c != "ordinal"})
    frame.insert(3, "ordinal", pd.array(list(columns["ordinal"]), dtype="Int64"))
    return frame


def stored_features(con, content_only: bool, trial_ids: list[str] | None = None) -> list[Features]:
    """The matching features of the warehouse's trials (see :func:`warehouse.sources.match_candidates`)."""
    return [
        Features.of(trial_id, (title, official), summary, sponsor, conditions or (), interventions or ())
        for trial_id, title, official, summary, sponsor, conditions, interventions in match_candidates(
            con, content_only, trial_ids
        )
    ]


def index_unblocked_trials(con) -> int:
    """Write the blocks of the trials that have none (loaded before the table existed); return how many."""
    trial_ids = stored.unblocked_trials(con)
    if trial_ids:
        stored.insert_blocks(con, match_text_frame(stored_features(con, False, trial_ids)))
    return len(trial_ids)


class StoredCandidates:
    """The warehouse's trials as a :class:`~tasks.match_blocks.CandidateStore` (``DOC-`` trials only, if asked)."""

    def __init__(self, con, content_only: bool) -> None:
        self._con = con
        self._content_only = content_only

    def sizes(self, kind: str, blocks: list[str]) -> dict[str, int]:
        """How many stored owners each block has."""
        return dict(stored.block_sizes(self._con, kind, blocks, self._content_only))

    def rows(self, kind: str, blocks: list[str]) -> list[StoredRow]:
        """Every stored row of the given blocks."""
        return stored.block_rows(self._con, kind, blocks, self._content_only)

    def equal(self, kind: str, texts: list[str]) -> list[StoredRow]:
        """Every stored row whose text is one of ``texts``."""
        return stored.block_rows(self._con, kind, texts, self._content_only, by_text=True)

    def features(self, trial_ids: list[str]) -> list[Features]:
        """The matching features of the given stored trials."""
        return stored_features(self._con, self._content_only, trial_ids)

    def has_candidates(self) -> bool:
        """Whether any (``DOC-``) trial is stored."""
        return stored.has_trials(self._con, self._content_only)


def _names_by_key(frame: pd.DataFrame | None) -> dict[str, list[str]]:
    """The ``name`` column of a child table grouped by provisional key (nothing for a missing table)."""
    grouped: dict[str, list[str]] = {}
    if frame is not None and len(frame):
        for key, name in zip(frame["trial_id"].tolist(), frame["name"].tolist(), strict=True):
            grouped.setdefault(key, []).append(name)
    return grouped


def _text(value: object) -> str | None:
    """A text cell, ``None`` for missing values."""
    return value if isinstance(value, str) else None


def _joined(*values: object) -> str:
    """Text cells joined by a space, missing ones left out."""
    return " ".join(v for v in values if isinstance(v, str))
