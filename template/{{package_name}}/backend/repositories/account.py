"""Accounts, their sessions and failed log-ins."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CursorResult, delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..sql_models import LoginFailure, User, UserSession
from ..sql_models._time import utc_now


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        return (await self.session.exec(select(User).where(col(User.email) == email))).first()

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def list(self, *, limit: int = 50, offset: int = 0, search: str = "") -> Sequence[User]:
        """Oldest first; `search` keeps the addresses that contain it (any case)."""
        query = select(User)
        if search:
            pattern = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(col(User.email).like(f"%{pattern}%", escape="\\"))
        query = query.order_by(col(User.id)).offset(offset).limit(limit)
        return (await self.session.exec(query)).all()

    async def count_active_admins(self, *, besides: int | None = None) -> int:
        query = select(func.count()).where(
            col(User.is_admin).is_(True), col(User.is_active).is_(True)
        )
        if besides is not None:
            query = query.where(col(User.id) != besides)
        return int((await self.session.exec(query)).one())


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_session: UserSession) -> UserSession:
        self.session.add(user_session)
        await self.session.flush()
        return user_session

    async def active_user(self, token_digest: str) -> User | None:
        """The user of an unexpired session, if that user is still active."""
        found = await self.active_session(token_digest)
        return None if found is None else found[0]

    async def active_session(self, token_digest: str) -> tuple[User, datetime] | None:
        """The user of an unexpired session, if still active, and when the session ends."""
        query = (
            select(User, UserSession.expires_at)
            .join(UserSession, col(UserSession.user_id) == col(User.id))
            .where(
                col(UserSession.token_digest) == token_digest,
                col(UserSession.expires_at) > utc_now(),
                col(User.is_active).is_(True),
            )
        )
        found = (await self.session.exec(query)).first()
        return None if found is None else (found[0], found[1])

    async def end(self, token_digest: str) -> None:
        query = delete(UserSession).where(col(UserSession.token_digest) == token_digest)
        await self.session.exec(query)

    async def end_expired(self, user_id: int) -> None:
        query = delete(UserSession).where(
            col(UserSession.user_id) == user_id, col(UserSession.expires_at) <= utc_now()
        )
        await self.session.exec(query)

    async def end_every_expired(self) -> int:
        """End the expired sessions of every user; how many there were."""
        query = delete(UserSession).where(col(UserSession.expires_at) <= utc_now())
        result: CursorResult[tuple[()]] = await self.session.exec(query)
        return result.rowcount

    async def end_all(self, user_id: int, *, keep: str | None = None) -> None:
        """End every session of `user_id` (but `keep`, a token digest, when given)."""
        query = delete(UserSession).where(col(UserSession.user_id) == user_id)
        if keep is not None:
            query = query.where(col(UserSession.token_digest) != keep)
        await self.session.exec(query)


class LoginFailureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *keys: str) -> None:
        now = utc_now()
        self.session.add_all(LoginFailure(key=key, at=now) for key in keys)
        await self.session.flush()

    async def since(self, key: str, start: datetime) -> tuple[int, datetime | None]:
        """How many failures `key` had since `start`, and when the last was."""
        query = select(func.count(), func.max(LoginFailure.at)).where(
            col(LoginFailure.key) == key, col(LoginFailure.at) > start
        )
        count, last = (await self.session.exec(query)).one()
        return int(count), last

    async def clear(self, key: str) -> None:
        await self.session.exec(delete(LoginFailure).where(col(LoginFailure.key) == key))

    async def forget_before(self, start: datetime, *keys: str) -> None:
        """Drop the failures of `keys` older than `start` (the window): the table stays small."""
        query = delete(LoginFailure).where(
            col(LoginFailure.key).in_(keys), col(LoginFailure.at) <= start
        )
        await self.session.exec(query)

    async def forget_every_one_before(self, start: datetime) -> int:
        """Drop every failure older than `start`; how many there were."""
        query = delete(LoginFailure).where(col(LoginFailure.at) <= start)
        result: CursorResult[tuple[()]] = await self.session.exec(query)
        return result.rowcount
