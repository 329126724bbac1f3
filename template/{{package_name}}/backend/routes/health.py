"""Probes: /healthz says the process is up, /readyz that the database answers."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json
from sqlalchemy import text

health = Blueprint("health")


@health.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@health.get("/readyz")
async def readyz(request: Request) -> HTTPResponse:
    try:
        async with request.app.ctx.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return json({"status": "unavailable", "detail": type(exc).__name__}, status=503)
    return json({"status": "ready"})
