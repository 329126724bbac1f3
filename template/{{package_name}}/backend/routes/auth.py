"""JSON API for accounts: sign up, log in and out, passwords, mail links.

Log-in and sign-up answer with the user and a CSRF token and set two cookies:
`session` (HttpOnly) and `csrf_token` (readable by the page). Send the token back
as `X-CSRF-Token` on every write.
"""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models import (
    LinkToken,
    LogIn,
    PasswordChange,
    PasswordReset,
    ResetRequest,
    SignedIn,
    SignUp,
    UserView,
)
from ...shared_models.account import Accepted
from ..managers.accounts import AccountManager, LoggedIn
from ..middleware.authentication import CSRF_COOKIE, SESSION_COOKIE, actor_of
from ._contract import operation
from ._inputs import parse
from ._responses import model_json

auth = Blueprint("auth", url_prefix="/auth")


def _manager(request: Request, session: AsyncSession) -> AccountManager:
    return AccountManager(session, request.app.ctx.accounts, actor_of(request))


def _secure(request: Request) -> bool:
    mode = request.app.ctx.settings.secure_cookies
    return mode == "always" or (mode == "auto" and request.scheme in ("https", "wss"))


def _signed_in(request: Request, logged_in: LoggedIn, status: int) -> HTTPResponse:
    csrf = request.app.ctx.accounts.signer.csrf_token(logged_in.session_token)
    response = model_json(SignedIn(user=logged_in.user, csrf_token=csrf), status=status)
    return set_session_cookies(request, response, logged_in)


def set_session_cookies(
    request: Request, response: HTTPResponse, logged_in: LoggedIn
) -> HTTPResponse:
    """`session` (HttpOnly) and `csrf_token` (for pages and scripts to send back)."""
    csrf = request.app.ctx.accounts.signer.csrf_token(logged_in.session_token)
    max_age = request.app.ctx.settings.session_hours * 3600
    secure = _secure(request)
    for name, value, httponly in (
        (SESSION_COOKIE, logged_in.session_token, True),
        (CSRF_COOKIE, csrf, False),
    ):
        response.add_cookie(
            name, value, path="/", max_age=max_age, httponly=httponly, samesite="Lax", secure=secure
        )
    return response


def clear_session_cookies(response: HTTPResponse) -> HTTPResponse:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/")
    return response


@auth.post("/signup")
@operation(
    "Create an account and log in (a confirmation mail is sent)",
    status=201,
    returns=SignedIn,
    body=SignUp,
    errors=(409,),
)
async def sign_up(request: Request) -> HTTPResponse:
    form = parse(SignUp, request)
    async with request.app.ctx.sessions() as session:
        logged_in = await _manager(request, session).sign_up(form)
    return _signed_in(request, logged_in, 201)


@auth.post("/login")
@operation(
    "Log in; repeated failures are slowed down (429 with Retry-After)",
    returns=SignedIn,
    body=LogIn,
    errors=(401, 429),
)
async def log_in(request: Request) -> HTTPResponse:
    form = parse(LogIn, request)
    async with request.app.ctx.sessions() as session:
        logged_in = await _manager(request, session).log_in(form, request.remote_addr or request.ip)
    return _signed_in(request, logged_in, 200)


@auth.post("/logout")
@operation("End this session", status=204)
async def log_out(request: Request) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).log_out()
    return clear_session_cookies(HTTPResponse(status=204))


@auth.get("/me")
@operation("The signed-in user", returns=UserView, signed_in=True)
async def me(request: Request) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        return model_json(await _manager(request, session).me())


@auth.post("/password")
@operation("Change the password; every other session ends", status=204, body=PasswordChange)
async def change_password(request: Request) -> HTTPResponse:
    form = parse(PasswordChange, request)
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).change_password(form)
    return HTTPResponse(status=204)


@auth.post("/verify")
@operation(
    "Confirm the email address with the token of the mailed link",
    returns=UserView,
    body=LinkToken,
    errors=(404,),
)
async def verify_email(request: Request) -> HTTPResponse:
    form = parse(LinkToken, request)
    async with request.app.ctx.sessions() as session:
        user = await _manager(request, session).verify_email(form.token)
    return model_json(user)


@auth.post("/reset-request")
@operation(
    "Mail a password reset link (the answer is the same for unknown addresses)",
    status=202,
    returns=Accepted,
    body=ResetRequest,
)
async def request_reset(request: Request) -> HTTPResponse:
    form = parse(ResetRequest, request)
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).request_reset(form.email)
    notice = Accepted(status="if an account has this address, a link is on its way")
    return model_json(notice, status=202)


@auth.post("/reset")
@operation(
    "Set a new password with the token of the mailed link; all sessions end",
    status=204,
    body=PasswordReset,
    errors=(404,),
)
async def reset_password(request: Request) -> HTTPResponse:
    form = parse(PasswordReset, request)
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).reset_password(form)
    return HTTPResponse(status=204)
