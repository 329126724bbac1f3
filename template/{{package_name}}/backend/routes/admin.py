"""JSON API for administrators: find accounts, deactivate, reactivate, make admins.

The manager checks that the signed-in user is an administrator, and refuses what would
lock everyone out (deactivating yourself or the last administrator).
"""

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

MAX_SEARCH = 254


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    """Only administrators pass the manager's checks."""
    return AccountManager(session, request.app.ctx.accounts, actor_of(request))


@admin.get("/users")
@openapi.summary("List accounts, oldest first; `search` keeps addresses containing it")
@openapi.parameter("limit", int, "query")
@openapi.parameter("offset", int, "query")
@openapi.parameter("search", str, "query")
@openapi.response(200, {"application/json": list[UserView]})
async def list_users(request: Request) -> HTTPResponse:
    limit, offset = page(request)
    search = str(request.args.get("search", ""))[:MAX_SEARCH].replace("\x00", "")
    async with request.app.ctx.sessions() as session:
        users = await _manager(request, session).list_users(
            limit=limit, offset=offset, search=search
        )
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


@admin.post("/users/<user_id:int>/admin")
@openapi.summary("Make an account an administrator")
@openapi.response(200, {"application/json": UserView})
async def grant_admin(request: Request, user_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).grant_admin(user_id)
    return model_json(user)
