"""What a job needs to do its work: database sessions and the account services."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from ..backend.managers.accounts import AccountServices


@dataclass(frozen=True)
class JobRuntime:
    sessions: Callable[[], AsyncSession]
    accounts: AccountServices
