"""Slowing down password guessing, per account and per client address.

Every failed log-in is filed twice: under the account and under the address.
Once either has `login_failures_allowed` failures within the window, each
further attempt must wait `login_delay_seconds`, doubled for every failure
since, after the last failure; an attempt that comes sooner is refused with
429 and Retry-After, without checking the password. The counts live in the
database, so they hold across worker processes and restarts.
"""

import math
from datetime import timedelta

from ...errors import TooManyAttemptsError
from ...settings import Settings
from ..repositories.account import LoginFailureRepository
from ..sql_models._time import utc_now


class LoginThrottle:
    def __init__(self, failures: LoginFailureRepository, settings: Settings) -> None:
        self.failures = failures
        self.settings = settings

    @staticmethod
    def keys(email: str, address: str) -> tuple[str, str]:
        return f"account:{email}", f"address:{address}"

    async def check(self, *keys: str) -> None:
        """Raise TooManyAttemptsError while any of `keys` must still wait."""
        s = self.settings
        now = utc_now()
        start = now - timedelta(seconds=s.login_failure_window_seconds)
        wait = 0.0
        for key in keys:
            count, last = await self.failures.since(key, start)
            excess = count - s.login_failures_allowed
            if excess < 0 or last is None:
                continue
            delay = min(s.login_delay_seconds * 2**excess, s.login_delay_max_seconds)
            wait = max(wait, delay - (now - last).total_seconds())
        if wait > 0:
            raise TooManyAttemptsError(
                "too many failed log-ins: try again later", retry_after=math.ceil(wait)
            )

    async def failed(self, *keys: str) -> None:
        window = timedelta(seconds=self.settings.login_failure_window_seconds)
        await self.failures.forget_before(utc_now() - window, *keys)
        await self.failures.add(*keys)

    async def succeeded(self, account_key: str) -> None:
        # The address keeps its count: one good password must not reset guessing at others.
        await self.failures.clear(account_key)
