"""Who is asking, and whether they may: run before every route, so no route can forget it.

- The `session` cookie (HttpOnly) names a server-side session; the active user it
  belongs to becomes `request.ctx.user` (None for anonymous visitors).
- A write (POST, PUT, PATCH, DELETE) under /api/ needs a signed-in user, except the
  public account endpoints (sign-up, log-in, mail links). Reads are open: anonymous
  visitors see the rows of the shared "public" owner (see `ownership.py`).
- A write authenticated by the cookie must carry the CSRF token in `X-CSRF-Token`
  (it matches the `csrf_token` cookie and the log-in answer). Browsers attach cookies
  to cross-site requests; they do not let another site read ours to copy the token.
- A body sent to /api/ must be JSON (415 otherwise): HTML forms cannot send JSON
  across sites, which also shields log-in and sign-up.
- The ReactPy websocket must come from our own origin (cross-site websocket hijacking).
"""

from typing import Any
from urllib.parse import urlsplit

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

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


def _error(message: str, status: int) -> HTTPResponse:
    return json({"error": message}, status=status)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.host


async def authenticate(request: Request) -> HTTPResponse | None:
    token = request.cookies.get(SESSION_COOKIE)
    request.ctx.session_token = token
    request.ctx.user = None
    if token:
        async with request.app.ctx.sessions() as session:
            manager = AccountManager(session, request.app.ctx.accounts)
            request.ctx.user = await manager.user_for(token)
    path = request.path
    if path.startswith(WEBSOCKET_PATH) and not _same_origin(request):
        return _error("the websocket must be opened from this site", 403)
    if request.method not in UNSAFE_METHODS or not path.startswith("/api/"):
        return None
    content_type = request.headers.get("content-type", "")
    if request.body and content_type.split(";")[0].strip().lower() != "application/json":
        return _error("send the body as JSON (Content-Type: application/json)", 415)
    if path in PUBLIC_WRITES:
        return None
    if request.ctx.user is None:
        return _error("sign in first", 401)
    assert token is not None  # a user comes from a session token
    if not request.app.ctx.accounts.signer.csrf_matches(token, request.headers.get(CSRF_HEADER)):
        return _error(f"missing or wrong {CSRF_HEADER} header (the csrf_token cookie)", 403)
    return None


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
