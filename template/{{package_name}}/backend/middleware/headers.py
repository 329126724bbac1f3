"""Security headers on every response.

The content security policy allows what the pages need and nothing else: scripts
and styles from this site (ReactPy's client is one script file under /_reactpy/),
its websocket (`connect-src`), and for Brython `'unsafe-eval'` (it compiles Python
to JavaScript in the browser). Inline styles stay allowed: ReactPy sets `style`.
"""

from typing import Any

from sanic import Request, Sanic
from sanic.compat import Header
from sanic.response import BaseHTTPResponse


def content_security_policy(*, allow_eval: bool) -> str:
    script = "script-src 'self'" + (" 'unsafe-eval'" if allow_eval else "")
    return "; ".join(
        (
            "default-src 'self'",
            script,
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self' ws: wss:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def install_security_headers(app: Sanic[Any, Any], *, allow_eval: bool) -> None:
    """Every response passes through `Request.respond` (handlers', errors', static files'),
    so the app's request class sets the headers there. A response middleware would do the
    same at about 15% of /healthz's throughput: Sanic dispatches two signals around each
    middleware (see docs/benchmarks.md)."""
    security = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": content_security_policy(allow_eval=allow_eval),
    }

    class SecurityHeadersRequest(Request[Any, Any]):
        async def respond(
            self,
            response: BaseHTTPResponse | None = None,
            *,
            status: int = 200,
            headers: Header | dict[str, str] | None = None,
            content_type: str | None = None,
        ) -> Any:
            if response is not None:
                for name, value in security.items():
                    response.headers.setdefault(name, value)
            else:  # a streamed response, built from `headers`
                headers = {**security, **(headers or {})}
            return await super().respond(
                response, status=status, headers=headers, content_type=content_type
            )

    app.request_class = SecurityHeadersRequest
