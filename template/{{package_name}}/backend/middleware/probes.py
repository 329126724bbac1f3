"""Probes (backend/routes/health.py) pay for none of what browsers and log lines need.

The app's request class wraps Sanic's `Request.respond` in layers (security headers,
telemetry, with `serve --record` the recorder), and each layer costs every response a
call. A probe's handler answers through `answer_probe`, which sends the response with
Sanic's own `respond`, past them all, unless one of them watches probes (its
`watches_probes` is true): telemetry when probes are counted (METRICS_ENABLED), traced
or logged (ACCESS_LOG). The recorder only needs to know a probe was answered
(`note_probe`), not to wrap its answer. Measured in docs/benchmarks.md: those layers
were a tenth of /healthz's CPU time.
"""

from typing import Any

from sanic import Request
from sanic.response import HTTPResponse


def is_probe(request: Request[Any, Any]) -> bool:
    """Whether the request was routed to a probe: a route declared with `ctx_probe=True`."""
    route = request.route
    return route is not None and getattr(route.ctx, "probe", False) is True


async def answer_probe(request: Request[Any, Any], response: HTTPResponse) -> HTTPResponse | None:
    """What a probe's handler returns: `response`, for the request class to send, when one
    of its layers watches probes; otherwise None, the response already sent past them."""
    if getattr(request, "watches_probes", False):
        return response
    note_probe = getattr(request, "note_probe", None)
    if note_probe is not None:  # the recorder: it keeps every request, probes too
        note_probe(response.status)
    await Request.respond(request, response)
    return None
