"""Named crash points for the crash and interrupt tests.

``TRIALS_FAILPOINT=name:n`` kills the process with SIGKILL the n-th time execution
reaches ``failpoint(name)``; ``name:n:SIGINT`` sends SIGINT to the process's group
instead, as Ctrl-C at a terminal does.

Unset (always, outside those tests), a failpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_TARGET = os.environ.get("TRIALS_FAILPOINT", "")
_NAME, _COUNT, _SIGNAL = (_TARGET.split(":") + ["", ""])[:3]
_HITS: dict[str, int] = {}


def failpoint(name: str) -> None:
    """Die here, abruptly, or be interrupted, if this is the configured point and hit."""
    if not _NAME or name != _NAME:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    if _HITS[name] != int(_COUNT or 1):
        return
    if _SIGNAL == "SIGINT":
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:
        os.kill(os.getpid(), signal.SIGKILL)
