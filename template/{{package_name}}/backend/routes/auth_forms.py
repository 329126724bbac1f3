"""The pages' log-in, sign-up and log-out: HTML forms posted by the browser.

Only these three set or clear cookies, which a ReactPy page (it talks over a
websocket) cannot do; every other account page works through the websocket. Each
answers with a redirect (303): home on success, back to the form with the message
otherwise. A form post must come from our own pages (its Origin, or Referer, is this
site); log-out also needs the CSRF token, which the page puts in a hidden field.
"""

from urllib.parse import urlencode, urlsplit

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, redirect

from ...errors import AppError
from ...messages import from_detail
from ...shared_models import LogIn, SignUp
from ...shared_models.validation import validated
from ..managers.accounts import AccountManager
from ..middleware.authentication import actor_of
from .auth import clear_session_cookies, set_session_cookies

auth_forms = Blueprint("auth_forms", url_prefix="/auth")


def _from_our_pages(request: Request) -> bool:
    source = request.headers.get("origin") or request.headers.get("referer")
    return source is not None and urlsplit(source).netloc == request.host


def _field(request: Request, name: str) -> str:
    """A field of the posted form ("" when missing, or when the body is no form)."""
    form = request.form
    value = form.get(name) if form is not None else None
    return value if isinstance(value, str) else ""


def _back(page: str, refusal: tuple[str, str], email: str) -> HTTPResponse:
    """Back to the form with the refusal as a sentence, its field, and the address typed."""
    field, message = refusal
    query = {"error": message, "field": field, "email": email[:254]}
    return redirect(f"/{page}?{urlencode(query)}", status=303)


def _form(model: type[LogIn] | type[SignUp], request: Request) -> LogIn | SignUp:
    return validated(model, {name: _field(request, name) for name in ("email", "password")})


async def _enter(request: Request, page: str, model: type[LogIn] | type[SignUp]) -> HTTPResponse:
    email = _field(request, "email")
    if not _from_our_pages(request):
        return _back(page, ("", "Please use the form on this site."), email)
    try:
        form = _form(model, request)
        async with request.app.ctx.sessions() as session:
            manager = AccountManager(session, request.app.ctx.accounts, actor_of(request))
            if isinstance(form, SignUp):
                logged_in = await manager.sign_up(form)
            else:
                logged_in = await manager.log_in(form, request.remote_addr or request.ip)
    except AppError as exc:  # the page shows the message as its notice, by its field
        return _back(page, from_detail(exc.message), email)
    return set_session_cookies(request, redirect("/", status=303), logged_in)


@auth_forms.post("/login")
async def log_in_form(request: Request) -> HTTPResponse:
    return await _enter(request, "login", LogIn)


@auth_forms.post("/signup")
async def sign_up_form(request: Request) -> HTTPResponse:
    return await _enter(request, "signup", SignUp)


@auth_forms.post("/logout")
async def log_out_form(request: Request) -> HTTPResponse:
    token = request.ctx.session_token
    signer = request.app.ctx.accounts.signer
    sent = _field(request, "csrf_token")
    if not (token and _from_our_pages(request) and signer.csrf_matches(token, sent)):
        return redirect("/", status=303)  # not from our page: change nothing
    actor = actor_of(request)
    if actor.signed_in:
        async with request.app.ctx.sessions() as session:
            await AccountManager(session, request.app.ctx.accounts, actor).log_out()
    return clear_session_cookies(redirect("/", status=303))
