"""Probes (backend/routes/health.py) pay for none of what browsers and log lines need."""

from typing import Any

from sanic import Request


def is_probe(request: Request[Any, Any]) -> bool:
    """Whether the request was routed to a probe: a route declared with `ctx_probe=True`."""
    route = request.route
    return route is not None and getattr(route.ctx, "probe", False) is True
