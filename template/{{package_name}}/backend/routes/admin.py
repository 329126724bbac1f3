"""JSON API for administrators: list accounts, deactivate and reactivate them."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models import UserView
from ...shared_models.inputs import Page
from ..managers.accounts import AccountManager
from ..middleware.authentication import actor_of
from ._contract import operation
from ._inputs import page
from ._responses import model_json

admin = Blueprint("admin", url_prefix="/admin")


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    """Only administrators pass the manager's checks."""
    return AccountManager(session, request.app.ctx.accounts, actor_of(request))


@admin.get("/users")
@operation(
    "List accounts, oldest first",
    returns=list[UserView],
    query=Page,
    signed_in=True,
    errors=(403,),
)
async def list_users(request: Request) -> HTTPResponse:
    limit, offset = page(request)
    async with request.app.ctx.sessions() as session:
        users = await _manager(request, session).list_users(limit=limit, offset=offset)
    return model_json(users)


@admin.post("/users/<user_id:int>/deactivate")
@operation("Deactivate an account: its sessions stop working at once", returns=UserView)
async def deactivate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, False)
    return model_json(user)


@admin.post("/users/<user_id:int>/activate")
@operation("Reactivate an account", returns=UserView)
async def activate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, True)
    return model_json(user)
