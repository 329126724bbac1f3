"""The one handler: every refusal leaves the app as JSON `{"error": message}`.

Our own `AppError`s (each carries its status, message, headers and whether it is
quiet, see `errors.py`), Sanic's (not found, wrong method, too large), a database that
does not answer (503, one warning line, no traceback per request) and, last, any
other exception (500: its traceback is logged with the request id, the client
only sees the id).
"""

import logging
from typing import Any

from sanic import Request, Sanic
from sanic.exceptions import MethodNotAllowed, SanicException
from sanic.response import HTTPResponse, json

from ..db.outage import UNAVAILABLE, is_database_unavailable
from ..errors import AppError

logger = logging.getLogger(__name__)

# Routes that serve files: a path that names no file there is a 404, whatever the
# handler raised (Sanic's static files, ReactPy's client assets and web modules).
FILE_ROUTE_SUFFIXES = (".static", ".asset_files", ".web_module_files")


def error_json(message: str, status: int, headers: dict[str, str] | None = None) -> HTTPResponse:
    return json({"error": message}, status=status, headers=headers)


ROUTABLE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    """The methods a path answers (Sanic leaves `Allow` out for some routes)."""
    allowed = set()
    for method in ROUTABLE_METHODS:
        try:
            route, *_ = request.app.router.get(request.path, method, request.host)
        except SanicException:
            continue
        if not route.name.endswith(".unknown_api_path"):
            allowed |= {method, "HEAD"} if method == "GET" else {method}
    return ", ".join(sorted(allowed | {"OPTIONS"}))


def _serves_files(request: Request) -> bool:
    route = request.route
    return route is not None and (route.name or "").endswith(FILE_ROUTE_SUFFIXES)


def install_error_handler(app: Sanic[Any, Any]) -> None:
    @app.exception(AppError)
    async def app_error(request: Request, exc: AppError) -> HTTPResponse:
        """Every domain error, raised by a route, a manager or the middleware, answered alike."""
        if not exc.quiet:
            logger.error(
                "%s %s failed: %s [request %s]",
                request.method,
                request.path,
                exc,
                request.id,
                exc_info=exc,
            )
        return json(exc.body(), status=exc.status, headers=exc.headers)

    @app.exception(SanicException)
    async def sanic_error(request: Request, exc: SanicException) -> HTTPResponse:
        headers = {name: str(value) for name, value in (exc.headers or {}).items()}
        if isinstance(exc, MethodNotAllowed) and "Allow" not in headers:
            headers["Allow"] = _allowed_methods(request)
        return error_json(str(exc) or "request refused", exc.status_code, headers)

    @app.exception(Exception)
    async def unexpected(request: Request, exc: Exception) -> HTTPResponse:
        if _serves_files(request) and isinstance(exc, OSError | ValueError):
            return error_json(f"{request.path} does not exist", 404)
        if is_database_unavailable(exc):
            logger.warning(
                "database unavailable (%s) for %s %s [request %s]",
                type(exc).__name__,
                request.method,
                request.path,
                request.id,
            )
            return error_json(UNAVAILABLE, 503)
        logger.error(
            "unexpected error in %s %s [request %s]",
            request.method,
            request.path,
            request.id,
            exc_info=exc,
        )
        return error_json(f"internal error (request {request.id})", 500)
