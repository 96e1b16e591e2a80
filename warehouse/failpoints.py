"""Named crash points for the crash and interrupt tests.

``TRIALS_FAILPOINT=name:n`` kills the process with SIGKILL the n-th time execution
reaches ``failpoint(name)``; ``name:n:SIGINT`` sends SIGINT to the process's group
instead, as Ctrl-C at a terminal does; ``name:n:ERROR`` raises :class:`FailpointError` (a
run that fails).

The variable is read when a failpoint is reached (never at import), so a test can set it
for the process it starts. Unset (always, outside those tests), a failpoint costs one
environment lookup.
"""

from __future__ import annotations

import os
import signal

FAILPOINT_ENV = "TRIALS_FAILPOINT"


class FailpointError(RuntimeError):
    """The error a failpoint armed with ``ERROR`` raises."""


_HITS: dict[str, int] = {}  # times each point was reached in this process (only counted when armed)


def failpoint(name: str) -> None:
    """Die here, abruptly, or be interrupted, if this is the configured point and hit."""
    target = os.environ.get(FAILPOINT_ENV)
    if not target:
        return
    armed, count, how = (target.split(":") + ["", ""])[:3]
    if name != armed:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    if _HITS[name] != int(count or 1):
        return
    if how == "SIGINT":
        os.killpg(os.getpgrp(), signal.SIGINT)
    elif how == "ERROR":
        raise FailpointError(f"failpoint {name} reached")
    else:
        os.kill(os.getpid(), signal.SIGKILL)
