"""The blocks a match lookup reads: distinct texts, their owners, and where the blocks come from.

A block holds the texts that share a key (a word of a title, the opening words of a summary).
:class:`TextBlocks` keeps them in memory; given a :class:`BlockSource` (the ``match_block``
table of the warehouse, see :mod:`tasks.match_store`) it reads a block's stored texts only when
a lookup needs it, and adds them to what the run added itself. A block's size counts owners,
stored and added alike, so both ways choose the same blocks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from tasks.match_features import Features

# (order, candidate key, generation). The order ranks owners of equal score: stored owners
# (0, trial id, title position) first, then those added during the run (1, "", count).
Owner = tuple[tuple[int, str, int], str, int]
StoredRow = tuple[str, str, int, str]  # block, trial_id, ordinal, text


class BlockSource(Protocol):
    """Where stored blocks are read from (``kind``: ``title`` or ``summary``)."""

    def sizes(self, kind: str, blocks: list[str]) -> dict[str, int]:
        """How many stored owners each block has (blocks with none are left out)."""

    def rows(self, kind: str, blocks: list[str]) -> list[StoredRow]:
        """Every stored row of the given blocks."""

    def equal(self, kind: str, texts: list[str]) -> list[StoredRow]:
        """Every stored row whose text is one of ``texts``."""


class CandidateStore(BlockSource, Protocol):
    """The stored candidates of a match index: their blocks and their features."""

    def features(self, trial_ids: list[str]) -> list[Features]:
        """The matching features of the given stored trials (those that exist)."""

    def has_candidates(self) -> bool:
        """Whether any trial is stored."""


@dataclass
class TextBlocks:
    """Distinct texts, their owners, and the blocks a lookup reads them from.

    Equal texts are kept once with every owner, so that a text shared by thousands of
    candidates (a generated series, a boilerplate summary) is scored once per lookup, not once
    per candidate. A block's size still counts owners: a block is too common when too many
    candidates' texts fall in it, however few distinct texts they are.
    """

    kind: str = "title"
    source: BlockSource | None = None
    scored_form: Callable[[str], str] | None = None  # the form a text is scored in (None: as it is)
    texts: list[str] = field(default_factory=list)  # each distinct text in its scored form
    owners: list[list[Owner]] = field(default_factory=list)
    _ids: dict[str, int] = field(default_factory=dict)
    _blocks: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _sizes: Counter[str] = field(default_factory=Counter)
    _stored_sizes: dict[str, int] = field(default_factory=dict)
    _loaded: set[str] = field(default_factory=set)  # blocks read from the source
    _loaded_texts: set[str] = field(default_factory=set)  # texts whose equal rows were read
    _stored_owners: set[tuple[str, int]] = field(default_factory=set)

    def add(self, text: str, owner: Owner, keys: Iterable[str]) -> None:
        """Record that ``owner`` has ``text``, found in the blocks named ``keys``."""
        keys = set(keys)
        text_id = self._ids.get(text)
        if text_id is None:
            text_id = self._new_text(text)
            for key in keys:
                self._blocks[key].append(text_id)
        self.owners[text_id].append(owner)
        self._sizes.update(keys)

    def size(self, key: str) -> int:
        """How many owners a block has (stored and added)."""
        if self.source is None:
            return self._sizes[key]
        if key not in self._stored_sizes:
            self.prefetch_sizes([key])
        return self._stored_sizes.get(key, 0) + self._sizes[key]

    def block(self, key: str) -> list[int]:
        """The distinct texts of a block."""
        if self.source is not None and key not in self._loaded:
            self.load([key], [])
        return self._blocks.get(key, [])

    def equal(self, text: str) -> list[int]:
        """The text equal to ``text``, if any is known."""
        if self.source is not None and text not in self._loaded_texts:
            self.load([], [text])
        text_id = self._ids.get(text)
        return [] if text_id is None else [text_id]

    def prefetch_sizes(self, keys: Iterable[str]) -> None:
        """Read the stored sizes of the blocks ``keys`` in one go."""
        wanted = sorted({k for k in keys if k not in self._stored_sizes})
        if self.source is None or not wanted:
            return
        self._stored_sizes.update(dict.fromkeys(wanted, 0) | self.source.sizes(self.kind, wanted))

    def load(self, keys: Iterable[str], texts: Iterable[str]) -> None:
        """Read the stored owners of the blocks ``keys`` and of the texts ``texts``."""
        keys = sorted({k for k in keys if k not in self._loaded})
        texts = sorted({t for t in texts if t not in self._loaded_texts})
        if self.source is None or not (keys or texts):
            return
        rows = (self.source.rows(self.kind, keys) if keys else []) + (
            self.source.equal(self.kind, texts) if texts else []
        )
        self._loaded.update(keys)
        self._loaded_texts.update(texts)
        self._add_stored(rows)

    def _add_stored(self, rows: list[StoredRow]) -> None:
        """Add stored rows (each owner once, each text once per loaded block)."""
        touched = set()
        for block, trial_id, ordinal, text in rows:
            text_id = self._ids.get(text)
            if text_id is None:
                text_id = self._new_text(text)
            if block in self._loaded and text_id not in self._blocks[block]:
                self._blocks[block].append(text_id)
            if (trial_id, ordinal) not in self._stored_owners:
                self._stored_owners.add((trial_id, ordinal))
                self.owners[text_id].append(((0, trial_id, ordinal), trial_id, 0))
                touched.add(text_id)
        for text_id in touched:
            self.owners[text_id].sort()  # stored owners rank first, by trial id, as a full index adds them

    def _new_text(self, text: str) -> int:
        """Register a new distinct text."""
        text_id = self._ids[text] = len(self.texts)
        self.texts.append(self.scored_form(text) if self.scored_form else text)
        self.owners.append([])
        return text_id
