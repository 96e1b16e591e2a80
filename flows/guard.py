"""One writer at a time: a Prefect concurrency limit with a server, a file lock always.

The global concurrency limit applies when a Prefect server is configured; the
file lock beside the database applies in any case.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from prefect.settings import PREFECT_API_URL

from warehouse.connection import LOCK_WAIT_SECONDS, WarehouseBusy, writer_lock

WRITER_LIMIT = "trials-warehouse-writer"


@contextmanager
def exclusive_writer(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the warehouse's writer slot, waiting at most ``wait_seconds`` for each guard.

    Raises:
        WarehouseBusy: when another writer keeps the slot longer than that.
    """
    with _concurrency_slot(wait_seconds), writer_lock(db_path, wait_seconds):
        yield


@contextmanager
def _concurrency_slot(wait_seconds: float) -> Iterator[None]:
    """The global concurrency limit ``trials-warehouse-writer`` (a no-op without a server or limit)."""
    with ExitStack() as stack:
        if PREFECT_API_URL.value():
            from prefect.concurrency.sync import concurrency

            try:  # only the acquisition: a TimeoutError from the body is not ours to rename
                stack.enter_context(concurrency(WRITER_LIMIT, occupy=1, timeout_seconds=wait_seconds, strict=False))
            except TimeoutError:
                raise WarehouseBusy(
                    f"another run holds the Prefect concurrency limit {WRITER_LIMIT!r}; "
                    f"gave up after {wait_seconds:.0f} s"
                ) from None
        yield
