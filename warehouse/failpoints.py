"""Named crash points for the crash test.

``TRIALS_FAILPOINT=name:n`` kills the process with SIGKILL the n-th time execution
reaches ``failpoint(name)``.

Unset (always, outside the crash test), a failpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_TARGET = os.environ.get("TRIALS_FAILPOINT", "")
_NAME, _, _COUNT = _TARGET.partition(":")
_HITS: dict[str, int] = {}


def failpoint(name: str) -> None:
    """Die here, abruptly, if this is the configured point and hit."""
    if not _NAME or name != _NAME:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    if _HITS[name] == int(_COUNT or 1):
        os.kill(os.getpid(), signal.SIGKILL)
