"""Steps that Ctrl-C or SIGTERM must not cut in half: starting or stopping the local
database, paving it. A signal that comes meanwhile waits, and acts when the step is done.

The signals are blocked, not caught: a blocked mask is inherited by the processes
started inside (initdb, pg_ctl), which a terminal's Ctrl-C reaches too (they are in
its process group), so they finish their work instead of dying half-way. PostgreSQL's
server sets its own mask, so it still stops when asked.
"""

import signal
import sys
from collections.abc import Callable, Iterator
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


def run_command_line(cli: Callable[[], object]) -> None:
    """Run a Typer app; Ctrl-C ends it with one word on stderr and exit code 130."""
    try:
        cli()
    except SystemExit as exit:
        # Typer answers Ctrl-C (KeyboardInterrupt) with exit code 130 and no word; what
        # was started has been stopped by then (the `finally` blocks ran).
        if exit.code == 130:
            print("interrupted", file=sys.stderr)
        raise
    except KeyboardInterrupt:  # outside Typer's own handling (while it starts, say)
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None
