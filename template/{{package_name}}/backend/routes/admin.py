"""JSON API for administrators: find accounts, deactivate, reactivate, make admins.

The manager checks that the signed-in user is an administrator, and refuses what would
lock everyone out (deactivating yourself or the last administrator).
"""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models import UserView
from ...shared_models.account import UserSearch
from ..managers.accounts import AccountManager
from ..middleware.authentication import actor_of
from ._contract import operation
from ._inputs import query
from ._responses import model_json

admin = Blueprint("admin", url_prefix="/admin")


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    """Only administrators pass the manager's checks."""
    return AccountManager(session, request.app.ctx.accounts, actor_of(request))


@admin.get("/users")
@operation(
    "List accounts, oldest first; `search` keeps addresses containing it",
    returns=list[UserView],
    query=UserSearch,
    signed_in=True,
    errors=(403,),
)
async def list_users(request: Request) -> HTTPResponse:
    chosen = query(UserSearch, request)
    async with request.app.ctx.sessions() as session:
        users = await _manager(request, session).list_users(
            limit=chosen.limit, offset=chosen.offset, search=chosen.search
        )
    return model_json(users)


@admin.post("/users/<user_id:int>/deactivate")
@operation(
    "Deactivate an account: its sessions stop working at once",
    description="Refused (403) for your own account and for the last administrator.",
    returns=UserView,
    errors=(403,),
)
async def deactivate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, False)
    return model_json(user)


@admin.post("/users/<user_id:int>/activate")
@operation("Reactivate an account", returns=UserView, errors=(403,))
async def activate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, True)
    return model_json(user)


@admin.post("/users/<user_id:int>/admin")
@operation("Make an account an administrator", returns=UserView, errors=(403,))
async def grant_admin(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).grant_admin(user_id)
    return model_json(user)
