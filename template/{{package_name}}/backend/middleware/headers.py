"""Security headers on every response.

The content security policy allows what the pages need and nothing else: scripts
and styles from this site (ReactPy's client is one script file under /_reactpy/),
its websocket (`connect-src`), and for Brython `'unsafe-eval'` (it compiles Python
to JavaScript in the browser). Inline styles stay allowed: ReactPy sets `style`.
"""

from typing import Any

from sanic import Request, Sanic
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
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": content_security_policy(allow_eval=allow_eval),
    }

    def add_headers(request: Request, response: BaseHTTPResponse) -> None:  # sync: cheaper
        for name, value in headers.items():
            response.headers.setdefault(name, value)

    app.register_middleware(add_headers, "response")
