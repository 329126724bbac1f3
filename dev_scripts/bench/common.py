"""Paths, endpoint names and the bench account shared by every step."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DIR = REPO.parent / "shared" / "bench"


HEALTHZ = "/healthz"
NOTES = "/api/notes?limit=50"
NOTES_SIGNED_IN = "signed-in /api/notes?limit=50"
LOGIN = "POST /api/auth/login"
BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "bench-password-1"
# (our endpoint, peer, peer endpoint, target or None for information only)


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP while running: stop everything and leave, as on Ctrl-C."""


def say(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)
