"""Steps that Ctrl-C or SIGTERM must not cut in half: starting or stopping the local
database, paving it. A signal that comes meanwhile waits, and acts when the step is done.

The signals are blocked, not caught: a blocked mask is inherited by the processes
started inside (initdb, pg_ctl), which a terminal's Ctrl-C reaches too (they are in
its process group), so they finish their work instead of dying half-way. PostgreSQL's
server sets its own mask, so it still stops when asked.
"""

import signal
from collections.abc import Iterator
from contextlib import contextmanager

HELD = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def uninterrupted() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        # A signal that came meanwhile is delivered here (KeyboardInterrupt, SystemExit).
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
