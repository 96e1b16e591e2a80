"""What a run records: the status of each document it saw, its counts, and how it ended.

Declared once here, below every layer that writes or reports runs (the ``load_run`` and
``document`` tables, the run report, the command line's summary).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class DocumentStatus(StrEnum):
    """What became of one document in a run (``document.status``)."""

    LOADED = "loaded"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class RunStatus(StrEnum):
    """How a run ended (``load_run.status``); ``running`` until it ends."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class RunCounts:
    """Documents a run saw, and how many ended in each status (the counts of ``load_run``)."""

    documents_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    superseded: int = 0

    @classmethod
    def of(cls, statuses: Iterable[DocumentStatus]) -> RunCounts:
        """Count the final status of each document seen."""
        tally = Counter(statuses)
        return cls(
            documents_seen=sum(tally.values()),
            **{status.value: tally[status] for status in DocumentStatus},
        )

    def as_dict(self) -> dict[str, int]:
        """The counts by name, ``documents_seen`` first (the order reports print them in)."""
        return asdict(self)
