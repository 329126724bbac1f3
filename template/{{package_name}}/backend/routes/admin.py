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
from ..mungers.account import UserMunger
from ._inputs import page
from ._responses import model_json
from .auth import signed_in_user

admin = Blueprint("admin", url_prefix="/admin")

MAX_SEARCH = 254


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    return AccountManager(session, request.app.ctx.accounts)


@admin.get("/users")
@openapi.summary("List accounts, oldest first; `search` keeps addresses containing it")
@openapi.parameter("limit", int, "query")
@openapi.parameter("offset", int, "query")
@openapi.parameter("search", str, "query")
@openapi.response(200, {"application/json": list[UserView]})
async def list_users(request: Request) -> HTTPResponse:
    acting = signed_in_user(request)
    limit, offset = page(request)
    search = str(request.args.get("search", ""))[:MAX_SEARCH].replace("\x00", "")
    async with request.app.ctx.sessions() as session:
        users = await _manager(request, session).list_users(
            acting, limit=limit, offset=offset, search=search
        )
    munger = UserMunger()
    return model_json([munger.to_view(user) for user in users])


@admin.post("/users/<user_id:int>/deactivate")
@openapi.summary("Deactivate an account: its sessions stop working at once")
@openapi.response(200, {"application/json": UserView})
async def deactivate(request: Request, user_id: int) -> HTTPResponse:
    acting = signed_in_user(request)
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(acting, user_id, False)
    return model_json(UserMunger().to_view(user))


@admin.post("/users/<user_id:int>/activate")
@openapi.summary("Reactivate an account")
@openapi.response(200, {"application/json": UserView})
async def activate(request: Request, user_id: int) -> HTTPResponse:
    acting = signed_in_user(request)
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).set_active(acting, user_id, True)
    return model_json(UserMunger().to_view(user))


@admin.post("/users/<user_id:int>/admin")
@openapi.summary("Make an account an administrator")
@openapi.response(200, {"application/json": UserView})
async def grant_admin(request: Request, user_id: int) -> HTTPResponse:
    acting = signed_in_user(request)
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).grant_admin(acting, user_id)
    return model_json(UserMunger().to_view(user))
