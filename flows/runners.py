"""Where the parse stage runs: local worker processes (default) or a Dask cluster.

The warehouse is always written by the flow's own process; only the preparation of
batches (split, parse, normalise, validate) moves to Dask workers, which must have this
package installed (``pip install 'trials-warehouse[dask]'``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing Prefect costs a second: `trials sql` and `status` do without it
    from prefect.task_runners import TaskRunner

RUNNERS = ("processes", "dask")


class RunnerError(ValueError):
    """A task runner that cannot be set up as asked."""


def task_runner(name: str, dask_address: str | None = None, workers: int | None = None) -> TaskRunner | None:
    """The task runner for ``--task-runner name``; ``None`` keeps the flow's default.

    Args:
        name: ``processes`` (this machine's cores, through a process pool) or ``dask``.
        dask_address: Scheduler of an existing cluster (``tcp://host:8786``); without it,
            ``dask`` starts a local cluster of ``workers`` single-threaded processes.
        workers: Local cluster size (default: one per core).

    Raises:
        RunnerError: for an unknown name, an address without ``dask``, or missing prefect-dask.
    """
    if name not in RUNNERS:
        raise RunnerError(f"unknown task runner {name!r} (choose from {', '.join(RUNNERS)})")
    if name == "processes":
        if dask_address:
            raise RunnerError("--dask-address needs --task-runner dask")
        return None
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise RunnerError("--task-runner dask needs prefect-dask: pip install 'trials-warehouse[dask]'") from None
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    count = workers or os.cpu_count() or 1
    return DaskTaskRunner(cluster_kwargs={"n_workers": count, "threads_per_worker": 1, "processes": True})
