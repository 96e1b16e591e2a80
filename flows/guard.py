"""One writer per warehouse: a file lock always, and a Prefect concurrency slot with a server.

The file lock beside the database decides (the operating system releases it when its
holder dies, so a crash never leaves the warehouse locked). With a Prefect server the run
then also occupies the warehouse's global concurrency limit, whose name carries a hash of
the warehouse file, so that the server shows who writes where. Holding the file lock proves
that no other writer of this warehouse is alive, so a slot still occupied then was leaked by
a killed run and is freed first. Every wait is announced through the run's progress reporter.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from prefect.settings import PREFECT_API_URL

from flows import progress
from warehouse.connection import LOCK_WAIT_SECONDS, WarehouseBusy, writer_lock

WRITER_LIMIT_PREFIX = "trials-writer-"
ANNOUNCE_EVERY_SECONDS = 10.0
STOP_TAKING_SECONDS = 5.0  # a run ended by Ctrl-C exits within 5 s, even while the slot is being taken
# An attempt to take the slot gives up after this and asks again. The server's SQLite answers a
# write that meets another one (its event persister's, a run's task states) with 503, and
# Prefect's client asks again only after 2 s: 3 of 8 runs here waited those 2 s at their start
# (0.5 s attempts: 4 of 8 met a 503 and took the slot after 0.56-0.59 s instead of 0.1 s).
# Each attempt after that is given twice as long (up to 10 s), so that a slow server is waited for.
ATTEMPT_SECONDS = 0.3


def writer_limit_name(db_path: Path) -> str:
    """The concurrency limit of one warehouse file: ``trials-writer-`` + 12 hex digits of its path's sha256."""
    digest = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()
    return WRITER_LIMIT_PREFIX + digest[:12]


class WriterSlot:
    """The warehouse's concurrency slot, taken, held and given back on a thread of its own.

    Taking the slot (reading the limit, acquiring a lease) and giving it back (ending the lease's
    renewal thread, releasing it) each wait about 0.2 s on the server, at the start and at the end
    of every run. The run holds the file lock meanwhile, which already excludes every other writer
    of the warehouse, so it need not sit idle: it records its start while the slot is taken
    (:meth:`wait` before writing documents) and its end while the slot is given back
    (:meth:`give_back`); the slot is always given back before the file lock.
    """

    def __init__(self, db_path: Path, wait_seconds: float, say: Callable[[str], None]) -> None:
        """Start taking the slot of ``db_path`` (within ``wait_seconds``, announcing waits with ``say``)."""
        self._held = threading.Event()
        self._released = threading.Event()
        self._error: BaseException | None = None
        context = contextvars.copy_context()  # the flow run's, so that Prefect ties the lease to it
        self._thread = threading.Thread(
            target=context.run, args=(self._hold, db_path, wait_seconds, say), name="writer-slot", daemon=True
        )
        self._thread.start()

    def _hold(self, db_path: Path, wait_seconds: float, say: Callable[[str], None]) -> None:
        try:
            with _concurrency_slot(db_path, wait_seconds, say):
                self._held.set()
                self._released.wait()
        except BaseException as error:  # noqa: BLE001 - handed to the run's thread by wait()
            self._error = error
        finally:
            self._held.set()

    def wait(self) -> None:
        """Return once the slot is held.

        Raises:
            WarehouseBusy: when another run kept it too long (or whatever else taking it raised).
        """
        self._held.wait()
        if self._error is not None:
            raise self._error

    def give_back(self) -> None:
        """Start giving the slot back (the run has written its documents)."""
        self._released.set()

    def join(self) -> None:
        """Give the slot back and wait until it is (a slot still being taken is given up after 5 s)."""
        self.give_back()
        self._thread.join(None if self._held.is_set() else STOP_TAKING_SECONDS)


@contextmanager
def exclusive_writer(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[WriterSlot]:
    """Hold the warehouse's file lock, and take its concurrency slot meanwhile (see :class:`WriterSlot`).

    Waits at most ``wait_seconds`` for each guard. Yields the slot: call its ``wait()`` before
    writing documents.

    Raises:
        WarehouseBusy: when another writer keeps the lock longer than that (the slot's wait raises
            it for the slot).
    """
    say = progress.current().say
    with writer_lock(db_path, wait_seconds, on_wait=say, announce_every=ANNOUNCE_EVERY_SECONDS):
        slot = WriterSlot(db_path, wait_seconds, say)
        try:
            yield slot
        finally:
            slot.join()


@contextmanager
def _concurrency_slot(db_path: Path, wait_seconds: float, say: Callable[[str], None]) -> Iterator[None]:
    """The warehouse's global concurrency limit (a no-op without a server), created on first use."""
    if not PREFECT_API_URL.value():
        yield
        return
    from prefect.concurrency.sync import concurrency

    name = writer_limit_name(db_path)
    _ensure_limit(name)
    started = announced = time.monotonic()
    deadline = started + wait_seconds
    with ExitStack() as stack:
        attempt = ATTEMPT_SECONDS
        while True:  # short attempts, then longer ones: see ATTEMPT_SECONDS
            attempt = min(attempt, max(deadline - time.monotonic(), 0.1))
            try:  # only the acquisition: a TimeoutError from the body is not ours to rename
                stack.enter_context(concurrency(name, occupy=1, timeout_seconds=attempt, strict=False))
                break
            except TimeoutError:
                now, attempt = time.monotonic(), min(2 * attempt, ANNOUNCE_EVERY_SECONDS)
                if now >= deadline:
                    raise WarehouseBusy(
                        f"another run into {db_path} holds the Prefect concurrency limit {name!r}; "
                        f"gave up after {wait_seconds:.0f} s"
                    ) from None
                if now - announced >= ANNOUNCE_EVERY_SECONDS:
                    announced = now
                    say(f"waiting for the writer slot {name!r} of {db_path} (another run holds it): "
                        f"{now - started:.0f} s of {wait_seconds:.0f} s")  # fmt: skip
        yield


def _ensure_limit(name: str) -> None:
    """Create the limit ``name`` with one slot unless it exists, and free a slot a killed run leaked.

    Called with the warehouse's file lock held: no other writer of it is alive.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            limit = client.read_global_concurrency_limit_by_name(name)
            if limit.active_slots:
                client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(active_slots=0))
        except ObjectNotFound:
            try:
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=1))
            except ObjectAlreadyExists:  # another run created it in between
                pass
