"""Password hashing: argon2id through argon2-cffi (the reference implementation's binding).

The cost comes from settings so tests can use a cheap one; production keeps
argon2-cffi's defaults (RFC 9106's low-memory profile: 3 passes, 64 MiB, 4 lanes).
Hashing runs in a thread: one hash takes tens of milliseconds of CPU and must
not stall the event loop.
"""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Hashed once at start-up: checking a log-in for an unknown address costs the same
# as checking a wrong password, so timing does not tell which addresses have accounts.
_DUMMY_PASSWORD = "not-a-password-of-anyone"  # noqa: S105


class Passwords:
    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self.hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._dummy_hash = self.hasher.hash(_DUMMY_PASSWORD)

    @property
    def parameters(self) -> str:
        h = self.hasher
        return f"argon2id t={h.time_cost} m={h.memory_cost}KiB p={h.parallelism}"

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether `password` matches; with no hash (no such user) it still does the work."""
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            self.hasher.verify(password_hash or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return self.hasher.check_needs_rehash(password_hash)
