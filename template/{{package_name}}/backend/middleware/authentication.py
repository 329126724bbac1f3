"""Who is asking: run before every route, so no route can forget it.

- The `session` cookie (HttpOnly) names a server-side session; who it speaks for
  becomes `request.ctx.actor` (`actor_of(request)`): its active user, or an anonymous
  visitor. What an actor may do is the managers' decision, not this module's:
  anonymous visitors read the "public" rows and write nothing.
- A write (POST, PUT, PATCH, DELETE) under /api/ by a signed-in user must carry the
  CSRF token in `X-CSRF-Token` (it matches the `csrf_token` cookie and the log-in
  answer), except the public account endpoints (sign-up, log-in, mail links).
  Browsers attach cookies to cross-site requests; they do not let another site read
  ours to copy the token.
- A body sent to /api/ must be JSON (415 otherwise): HTML forms cannot send JSON
  across sites, which also shields log-in and sign-up.
- The ReactPy websocket must come from our own origin (cross-site websocket hijacking).

A refusal is raised as a domain error (`errors.py`); the app's one handler answers it.
"""

from typing import Any
from urllib.parse import urlsplit

from sanic import Request, Sanic

from ...errors import ForbiddenError, UnsupportedMediaTypeError
from ...shared_models.actor import Actor
from ..managers.accounts import AccountManager

SESSION_COOKIE = "session"
CSRF_COOKIE = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Account endpoints that act on no signed-in user: open to anyone, no CSRF token.
PUBLIC_WRITES = frozenset(
    f"/api/auth/{name}" for name in ("signup", "login", "verify", "reset-request", "reset")
)
WEBSOCKET_PATH = "/_reactpy/stream"


def actor_of(request: Request) -> Actor:
    """Who is asking (set by `authenticate`; anonymous where it did not run)."""
    actor: Actor = getattr(request.ctx, "actor", None) or Actor.anonymous()
    return actor


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.host


async def authenticate(request: Request) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    request.ctx.session_token = token
    request.ctx.actor = Actor.anonymous()
    if token:
        accounts = request.app.ctx.accounts
        actor = accounts.remembered_actor(token)
        if actor is None:
            async with request.app.ctx.sessions() as session:
                actor = await AccountManager(session, accounts, Actor.anonymous()).actor_for(token)
        request.ctx.actor = actor
    path = request.path
    if path.startswith(WEBSOCKET_PATH) and not _same_origin(request):
        raise ForbiddenError("the websocket must be opened from this site")
    if request.method not in UNSAFE_METHODS or not path.startswith("/api/"):
        return
    content_type = request.headers.get("content-type", "")
    if request.body and content_type.split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMediaTypeError("send the body as JSON (Content-Type: application/json)")
    if path in PUBLIC_WRITES or not request.ctx.actor.signed_in:
        return  # an anonymous write is the managers' to refuse
    assert token is not None  # a signed-in actor comes from a session token
    if not request.app.ctx.accounts.signer.csrf_matches(token, request.headers.get(CSRF_HEADER)):
        raise ForbiddenError(f"missing or wrong {CSRF_HEADER} header (the csrf_token cookie)")


# Routes that run `authenticate`: the JSON API, the pages' log-in forms, ReactPy's websocket.
AUTHENTICATED_PATHS = ("api/", "auth/", WEBSOCKET_PATH.lstrip("/"))


def install_authentication(app: Sanic[Any, Any]) -> None:
    """Run `authenticate` before every route under AUTHENTICATED_PATHS.

    Call it once every route is added. Probes and static files skip it: each
    middleware costs every request it runs for (Sanic dispatches two signals
    around it), and /healthz is measured against bare Sanic.
    """
    names = [
        route.name
        for route in app.router.routes
        if route.path.startswith(AUTHENTICATED_PATHS) and route.name
    ]
    app.register_named_middleware(authenticate, names, "request")
