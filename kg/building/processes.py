"""Helper processes of a build (extraction workers, the page drawer): quiet on Ctrl-C and never outliving it.

Kept apart from the pipeline so a process that only draws or writes does not import the extractor.
"""

from __future__ import annotations

import os
import signal
import threading
import time


def start_as_helper(build: int) -> None:
    """Run first in every helper process, given the build's process id. Ctrl-C goes to the whole process group:
    the build stops its helpers and reports, so they ignore it; and a helper ends once the build that started it
    is gone (killed), since a pool worker would otherwise wait for work forever, holding both ends of its task
    queue itself. The id is passed, not read here: a spawned helper starts slowly, and the build may already be
    gone (and its parent id another process's) when this runs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != build:
        os._exit(1)
    threading.Thread(target=_exit_with_parent, args=(build,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
