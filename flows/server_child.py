"""A command's temporary Prefect server, which ends when that command is gone.

``python -m flows.server_child PARENT_PID UVICORN_ARGS...`` runs uvicorn as
:func:`flows.server.temporary_server` asks. The server runs in a session of its own (no
terminal signal reaches it) and its command stops it on exit; a command killed with SIGKILL
cannot, and the server used to serve on for good. A thread here checks once a second that the
command is still this process's parent, and when it is not sends this process SIGTERM
(uvicorn's clean shutdown), then ends it outright if that has not within a few seconds.
Standard library only: this runs before uvicorn and Prefect are imported.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

CHECK_EVERY_SECONDS = 1.0
SHUTDOWN_GRACE_SECONDS = 5.0


def watch_parent(parent: int) -> None:
    """Wait until ``parent`` is no longer this process's parent, then end this process."""
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(SHUTDOWN_GRACE_SECONDS)
    os._exit(1)  # the server did not stop on SIGTERM (still starting, or stuck)


def main(argv: list[str]) -> None:
    """Watch the parent given as ``argv[1]`` and run uvicorn with the rest of ``argv``."""
    parent = int(argv[1])
    threading.Thread(target=watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    sys.argv = ["uvicorn", *argv[2:]]
    runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv)
