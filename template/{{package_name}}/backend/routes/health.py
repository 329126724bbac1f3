"""Probes: /healthz says the process is up, /readyz that the database answers."""

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sqlalchemy import text

health = Blueprint("health")

# A probe must answer in time even when the database hangs (a pool whose connections
# are all busy, a server that stopped answering): past this, not ready.
READY_WITHIN_SECONDS = 1.5


@health.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@health.get("/readyz")
async def readyz(request: Request) -> HTTPResponse:
    try:
        async with asyncio.timeout(READY_WITHIN_SECONDS):
            async with request.app.ctx.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return json({"status": "unavailable", "detail": type(exc).__name__}, status=503)
    return json({"status": "ready"})
