"""Hooks giving components what the server holds: managers bound to a session and an owner."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TypeVar

from reactpy.backend.sanic import use_request
from sqlmodel.ext.asyncio.session import AsyncSession

from ..backend.managers.accounts import AccountManager
from ..backend.managers.keyring import KeyRing
from ..backend.managers.note import NoteManager
from ..backend.ownership import DEFAULT_OWNER, SHARED_OWNER
from ..backend.sql_models import User
from ..errors import NotSignedInError


def use_signed_in_user() -> User | None:
    """The user whose session cookie came with the page's websocket (None: anonymous)."""
    user: User | None = getattr(use_request().ctx, "user", None)
    return user


def use_account_manager_factory() -> Callable[[], AbstractAsyncContextManager[AccountManager]]:
    """A factory of account managers, each with its own database session."""
    app = use_request().app

    @asynccontextmanager
    async def account_manager() -> AsyncIterator[AccountManager]:
        async with app.ctx.sessions() as session:
            yield AccountManager(session, app.ctx.accounts)

    return account_manager


def use_signed_in_account_factory() -> Callable[
    [], AbstractAsyncContextManager[tuple[AccountManager, User]]
]:
    """A factory of (account manager, the signed-in user read afresh).

    The session cookie is checked each time: a page left open stops acting for a user
    who has logged out or been deactivated since it loaded.
    """
    request = use_request()
    app = request.app
    token = getattr(request.ctx, "session_token", None)

    @asynccontextmanager
    async def signed_in() -> AsyncIterator[tuple[AccountManager, User]]:
        async with app.ctx.sessions() as session:
            manager = AccountManager(session, app.ctx.accounts)
            user = await manager.user_for(token)
            if user is None:
                raise NotSignedInError("your session has ended: log in again")
            yield manager, user

    return signed_in


def use_session_token() -> str | None:
    """The session token of the page's websocket (its `session` cookie)."""
    token: str | None = getattr(use_request().ctx, "session_token", None)
    return token


def use_csrf_token() -> str:
    """The CSRF token of the page's session, for forms the browser posts (log-out)."""
    request = use_request()
    token = getattr(request.ctx, "session_token", None)
    return request.app.ctx.accounts.signer.csrf_token(token) if token else ""


def use_note_manager_factory() -> Callable[..., AbstractAsyncContextManager[NoteManager]]:
    """A factory of note managers, each with its own session, for the page's owner."""
    return use_manager_factory(NoteManager.for_owner)


ManagerT = TypeVar("ManagerT")


def use_manager_factory(
    for_owner: Callable[[AsyncSession, str, KeyRing], ManagerT], *, shared: bool = False
) -> Callable[..., AbstractAsyncContextManager[ManagerT]]:
    """A factory of managers built by `for_owner`, each with its own session.

    Scoped tables: the signed-in user's rows; anonymous visitors read the public rows.
    `shared=True` (an unscoped table): everyone's rows. `write=True` refuses anonymous
    visitors. The session cookie is checked again each time: a page left open stops
    working at once when its user logs out, is deactivated or changes their password.
    """
    request = use_request()
    app = request.app
    token = getattr(request.ctx, "session_token", None)

    @asynccontextmanager
    async def manager(*, write: bool = False) -> AsyncIterator[ManagerT]:
        async with app.ctx.sessions() as session:
            owner = SHARED_OWNER if shared else DEFAULT_OWNER
            if token:
                user = await AccountManager(session, app.ctx.accounts).user_for(token)
                if user is None:
                    raise NotSignedInError("your session has ended: log in again")
                owner = owner if shared else user.owner
            elif write:
                raise NotSignedInError("log in to write")
            yield for_owner(session, owner, app.ctx.keyring)

    return manager
