"""What a page needs from the request its websocket came with: its actor and its managers."""

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import TypeVar

from reactpy.backend.sanic import use_request
from sqlmodel.ext.asyncio.session import AsyncSession

from ..backend.managers.accounts import AccountManager
from ..backend.managers.jobs import JobManager
from ..backend.managers.keyring import KeyRing
from ..backend.managers.note import NoteManager
from ..db.outage import UNAVAILABLE, is_database_unavailable
from ..errors import DatabaseUnavailableError, NotSignedInError
from ..shared_models import UserView
from ..shared_models.actor import Actor

ManagerT = TypeVar("ManagerT")

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _outage_as_refusal() -> AsyncIterator[None]:
    """A database that does not answer becomes a refusal the page shows as a notice.

    As the HTTP handler does: one warning line, no traceback per event.
    """
    try:
        yield
    except Exception as exc:
        if not is_database_unavailable(exc):
            raise
        logger.warning("database unavailable (%s) for a page", type(exc).__name__)
        raise DatabaseUnavailableError(UNAVAILABLE) from None


def use_actor() -> Actor:
    """Who the page's websocket came with (its session cookie): a user, or anonymous."""
    actor: Actor = getattr(use_request().ctx, "actor", None) or Actor.anonymous()
    return actor


def use_account_manager_factory() -> Callable[[], AbstractAsyncContextManager[AccountManager]]:
    """A factory of account managers for the page's actor, each with its own session."""
    app = use_request().app
    actor = use_actor()

    @asynccontextmanager
    async def account_manager() -> AsyncIterator[AccountManager]:
        async with _outage_as_refusal(), app.ctx.sessions() as session:
            yield AccountManager(session, app.ctx.accounts, actor)

    return account_manager


def use_signed_in_account_factory() -> Callable[
    [], AbstractAsyncContextManager[tuple[AccountManager, UserView]]
]:
    """A factory of (account manager, the signed-in user read afresh).

    The session is checked each time: a page left open stops acting for a user who
    has logged out or been deactivated since it loaded.
    """
    app = use_request().app
    actor = use_actor()

    @asynccontextmanager
    async def signed_in() -> AsyncIterator[tuple[AccountManager, UserView]]:
        async with _outage_as_refusal(), app.ctx.sessions() as session:
            current = await AccountManager(session, app.ctx.accounts, actor).current_actor()
            if current.user is None:
                raise NotSignedInError("sign in first")
            yield AccountManager(session, app.ctx.accounts, current), current.user

    return signed_in


def use_csrf_token() -> str:
    """The CSRF token of the page's session, for forms the browser posts (log-out)."""
    request = use_request()
    token = getattr(request.ctx, "session_token", None)
    return request.app.ctx.accounts.signer.csrf_token(token) if token else ""


def use_job_manager_factory() -> Callable[[], AbstractAsyncContextManager[JobManager]]:
    """A factory of job managers for the page's actor (read afresh), on the app's queue."""
    queue = use_request().app.ctx.queue  # None without one (SQLite)
    return use_manager_factory(lambda _session, actor, _keyring: JobManager(actor, queue))


def use_manager_factory(
    make: Callable[[AsyncSession, Actor, KeyRing], ManagerT],
) -> Callable[[], AbstractAsyncContextManager[ManagerT]]:
    """A factory of managers built by `make`, each with its own session, for the page's actor.

    The actor is read again each time (`AccountManager.current_actor`): a page left
    open stops working at once when its user logs out, is deactivated or changes
    their password. What the actor may do is the manager's to decide.
    """
    app = use_request().app
    actor = use_actor()

    @asynccontextmanager
    async def manager() -> AsyncIterator[ManagerT]:
        async with _outage_as_refusal(), app.ctx.sessions() as session:
            current = await AccountManager(session, app.ctx.accounts, actor).current_actor()
            yield make(session, current, app.ctx.keyring)

    return manager


def use_note_manager_factory() -> Callable[[], AbstractAsyncContextManager[NoteManager]]:
    """A factory of note managers, each with its own session, for the page's actor.

    Their writes publish on the app's event bus (NoteCreated, NoteChanged).
    """
    return use_manager_factory(partial(NoteManager, events=use_request().app.ctx.events))
