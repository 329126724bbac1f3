"""Hooks giving components what the server holds: who acts, and managers acting for them."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from reactpy.backend.sanic import use_request

from ..backend.managers.accounts import AccountManager
from ..backend.managers.note import NoteManager
from ..shared_models.actor import Actor


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
        async with app.ctx.sessions() as session:
            yield AccountManager(session, app.ctx.accounts, actor)

    return account_manager


def use_csrf_token() -> str:
    """The CSRF token of the page's session, for forms the browser posts (log-out)."""
    request = use_request()
    token = getattr(request.ctx, "session_token", None)
    return request.app.ctx.accounts.signer.csrf_token(token) if token else ""


def use_note_manager_factory() -> Callable[[], AbstractAsyncContextManager[NoteManager]]:
    """A factory of note managers, each with its own session, for the page's actor.

    The actor is read again each time (`AccountManager.current_actor`): a page left
    open stops working at once when its user logs out, is deactivated or changes
    their password. What the actor may do is the manager's to decide.
    """
    app = use_request().app
    actor = use_actor()

    @asynccontextmanager
    async def note_manager() -> AsyncIterator[NoteManager]:
        async with app.ctx.sessions() as session:
            current = await AccountManager(session, app.ctx.accounts, actor).current_actor()
            yield NoteManager(session, current, app.ctx.keyring, events=app.ctx.events)

    return note_manager
