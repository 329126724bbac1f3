"""Security headers on every response.

A page (an HTML document) gets a content security policy that allows what the pages
need and nothing else: scripts and styles from this site (ReactPy's client is one
script file under /_reactpy/), its websocket (`connect-src`), and for Brython
`'unsafe-eval'` (it compiles Python to JavaScript in the browser). Inline styles stay
allowed: ReactPy sets `style`.

Everything else (JSON, probes, static files) loads nothing, so it gets the strictest
policy, `default-src 'none'` (what OWASP's REST cheat sheet advises for APIs), and no
Referrer-Policy (it governs the links a document follows). Probes get none of them:
browsers never read them (backend/routes/health.py). Sanic escapes every header
of every response one character at a time: the long page policy alone cost /healthz
3 % of its throughput.
"""

from typing import Any

from sanic import Request, Sanic
from sanic.compat import Header
from sanic.response import BaseHTTPResponse

from .probes import is_probe

# What a response that is not a page may load or be framed by: nothing.
NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'"


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


def _is_page(content_type: str | None) -> bool:
    return content_type is not None and content_type.startswith("text/html")


def install_security_headers(app: Sanic[Any, Any], *, allow_eval: bool) -> None:
    """Every response passes through `Request.respond` (handlers', errors', static files'),
    so the app's request class sets the headers there. A response middleware would do the
    same at about 15% of /healthz's throughput: Sanic dispatches two signals around each
    middleware (see docs/benchmarks.md)."""
    not_a_page = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": NOTHING_POLICY,
    }
    page = {
        **not_a_page,
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": content_security_policy(allow_eval=allow_eval),
    }

    class SecurityHeadersRequest(Request[Any, Any]):
        __slots__ = ()  # no per-request __dict__ (Sanic's Request has slots)

        async def respond(
            self,
            response: BaseHTTPResponse | None = None,
            *,
            status: int = 200,
            headers: Header | dict[str, str] | None = None,
            content_type: str | None = None,
        ) -> Any:
            if is_probe(self):
                pass  # read by machines, not browsers (probes.py)
            elif response is not None:
                kind = response.content_type or response.headers.get("content-type")
                security = page if _is_page(kind) else not_a_page
                for name, value in security.items():
                    response.headers.setdefault(name, value)
            else:  # a streamed response, built from `headers`
                kind = content_type or (headers or {}).get("content-type")
                headers = {**(page if _is_page(kind) else not_a_page), **(headers or {})}
            return await super().respond(
                response, status=status, headers=headers, content_type=content_type
            )

    app.request_class = SecurityHeadersRequest
