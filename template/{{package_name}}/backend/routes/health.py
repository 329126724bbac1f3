"""Probes: /healthz says the process is up, /readyz that the database answers.

A probe is asked every few seconds by a load balancer or an orchestrator, never by a
browser: its routes are marked `ctx_probe` (backend/middleware/probes.py), and their
answers carry none of the headers added for browsers and log lines (security headers,
X-Request-ID, Server-Timing): Sanic writes each header at a cost, and those five were a
fifth of /healthz's time. `answer_probe` also sends them past the request class's
layers that add those headers, unless metrics, traces or the access log watch probes.
"""

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sqlalchemy import text

from ..middleware.probes import answer_probe

health = Blueprint("health")

# A probe must answer in time even when the database hangs (a pool whose connections
# are all busy, a server that stopped answering): past this, not ready.
READY_WITHIN_SECONDS = 1.5


@health.get("/healthz", ctx_probe=True)
async def healthz(request: Request) -> HTTPResponse | None:
    return await answer_probe(request, json({"status": "ok"}))


@health.get("/readyz", ctx_probe=True)
async def readyz(request: Request) -> HTTPResponse | None:
    try:
        async with asyncio.timeout(READY_WITHIN_SECONDS):
            async with request.app.ctx.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:
        unavailable = json({"status": "unavailable", "detail": type(exc).__name__}, status=503)
        return await answer_probe(request, unavailable)
    return await answer_probe(request, json({"status": "ready"}))
