"""Signed-in actors, remembered for a few seconds in each process.

Every request with a session cookie needs its actor. Looking it up is a join of
sessions and users, about a millisecond of server CPU and half a millisecond of
PostgreSQL per request; remembered, it is a dictionary lookup.

What is remembered never outlives a change, in this process or another:
- An entry lasts `SESSION_CACHE_SECONDS` (0: nothing is remembered), and never past
  its session's expiry.
- Every account change that can end a session or change an actor (log-out, a
  password change or reset, an address confirmed, an account (de)activated, an
  administrator made or unmade) calls `forget_all` after its commit. That bumps a
  generation counter; every process compares it before using what it remembers.
  Under `serve --workers N` the counter lives in shared memory made by the main
  process (`share`, from app.py), so a log-out in one worker counts in all of them.
- The command line and other machines change the database without reaching the
  counter: what they change counts within SESSION_CACHE_SECONDS.
"""

import time
from datetime import datetime
from multiprocessing.sharedctypes import Synchronized
from typing import NamedTuple

from cachetools import TLRUCache

from ...shared_models.actor import Actor
from ..sql_models._time import utc_now

MAX_ENTRIES = 10_000  # about 10 MB at most; the least recently used go first


class _Remembered(NamedTuple):
    actor: Actor
    session_expires_at: datetime


class _LocalCounter:
    """The generation of a process that shares it with no other (tests, the CLI). Not a
    `multiprocessing.Value`: the cache is made before Sanic sets its start method, and
    making one would fix the default method first."""

    value = 0

    def get_lock(self) -> "_LocalCounter":
        return self

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


class SessionCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._generation: Synchronized[int] | _LocalCounter = _LocalCounter()
        self._seen = 0
        self._entries: TLRUCache[str, _Remembered] = TLRUCache(
            maxsize=MAX_ENTRIES, ttu=self._until, timer=time.monotonic
        )

    def share(self, generation: "Synchronized[int]") -> None:
        """Count changes in `generation`, shared with the other worker processes."""
        self._generation = generation
        self._forget_locally()

    def get(self, token_digest: str) -> Actor | None:
        """The actor of the session, if remembered and nothing changed since."""
        if not self.seconds:
            return None
        if self._generation.value != self._seen:
            self._forget_locally()
            return None
        remembered = self._entries.get(token_digest)
        return None if remembered is None else remembered.actor

    def put(self, token_digest: str, actor: Actor, session_expires_at: datetime) -> None:
        if self.seconds and self._generation.value == self._seen:
            self._entries[token_digest] = _Remembered(actor, session_expires_at)

    def forget_all(self) -> None:
        """After an account change committed: every process forgets what it remembers."""
        with self._generation.get_lock():
            self._generation.value += 1
        self._forget_locally()

    def _forget_locally(self) -> None:
        self._seen = self._generation.value
        self._entries.clear()

    def _until(self, _digest: str, remembered: _Remembered, now: float) -> float:
        left = (remembered.session_expires_at - utc_now()).total_seconds()
        return now + min(self.seconds, left)
