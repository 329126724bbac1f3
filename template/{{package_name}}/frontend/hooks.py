"""Hooks giving components what the server holds (database sessions)."""

from typing import cast

from reactpy.backend.sanic import use_request
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession


def use_sessions() -> async_sessionmaker[AsyncSession]:
    return cast(async_sessionmaker[AsyncSession], use_request().app.ctx.sessions)
