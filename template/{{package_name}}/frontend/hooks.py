"""Hooks giving components what the server holds: managers bound to a session and an owner."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from reactpy.backend.sanic import use_request

from ..backend.managers.note import NoteManager
from ..backend.ownership import owner_of


def use_note_manager_factory() -> Callable[[], AbstractAsyncContextManager[NoteManager]]:
    """A factory of note managers, each with its own session, for the page's owner."""
    request = use_request()
    app = request.app
    owner = owner_of(request)

    @asynccontextmanager
    async def note_manager() -> AsyncIterator[NoteManager]:
        async with app.ctx.sessions() as session:
            yield NoteManager.for_owner(session, owner, app.ctx.keyring)

    return note_manager
