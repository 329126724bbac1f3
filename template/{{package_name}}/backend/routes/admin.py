"""JSON API for administrators: list accounts, deactivate and reactivate them."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic_ext import openapi
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models import UserView
from ..managers.accounts import AccountManager
from ..middleware.authentication import actor_of
from ._inputs import page
from ._responses import model_json

admin = Blueprint("admin", url_prefix="/admin")


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    """Only administrators pass the manager's checks."""
    return AccountManager(session, request.app.ctx.accounts, actor_of(request))


@admin.get("/users")
@openapi.summary("List accounts, oldest first")
@openapi.response(200, {"application/json": list[UserView]})
async def list_users(request: Request) -> HTTPResponse:
    limit, offset = page(request)
    async with request.app.ctx.sessions() as session:
        users = await _manager(request, session).list_users(limit=limit, offset=offset)
    return model_json(users)


@admin.post("/users/<user_id:int>/deactivate")
@openapi.summary("Deactivate an account: its sessions stop working at once")
@openapi.response(200, {"application/json": UserView})
async def deactivate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, False)
    return model_json(user)


@admin.post("/users/<user_id:int>/activate")
@openapi.summary("Reactivate an account")
@openapi.response(200, {"application/json": UserView})
async def activate(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(user_id, True)
    return model_json(user)
