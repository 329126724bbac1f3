"""The async engine, and the sessions and read connections every repository works with."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from .outage import is_lost_connection

# Connections each serving process keeps to PostgreSQL or CockroachDB (`serve --workers N`
# keeps N times as many; PostgreSQL allows 100 by default).
POOL_SIZE = 10


def create_engine(url: URL | str) -> AsyncEngine:
    """An engine whose errors never carry the statement's parameters (emails, tokens) into logs."""
    if make_url(url).get_backend_name() == "sqlite":
        # SQLite lets one writer in at a time: wait up to 30 s for the lock (the driver's
        # default is 5 s), so a busy moment queues requests instead of failing them.
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        _make_sqlite_transactional(engine)
        return engine
    # A fixed pool, as asyncpg's own: past POOL_SIZE busy connections a request waits for
    # one (a 503 after pool_timeout, 30 s) instead of opening an overflow connection that
    # is closed again when handed back. With SQLAlchemy's default (5 + 10 overflow), 32
    # concurrent requests opened a new PostgreSQL connection every ~8 requests.
    engine = create_async_engine(url, hide_parameters=True, pool_size=POOL_SIZE, max_overflow=0)
    _drop_lost_connections(engine)
    return engine


# What a manager and its repositories work on: a session (ORM objects: reads and writes), or
# a bare connection for a request that only reads (rows: no session to begin, track and close).
SessionOrConnection = AsyncSession | AsyncConnection
ReadConnections = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def read_connections(engine: AsyncEngine) -> ReadConnections:
    """Connections for requests that only read, from the engine's pool.

    On PostgreSQL and CockroachDB each statement is its own transaction (autocommit): a
    read skips the BEGIN and ROLLBACK round trips around its SELECT. Not on SQLite, where
    handing the connection back would turn the driver's own transactions on again (see
    `_make_sqlite_transactional`); there a read begins as a session's would.
    """
    if engine.dialect.name == "sqlite":
        return engine.connect
    return engine.execution_options(isolation_level="AUTOCOMMIT").connect


async def connection_of(db: SessionOrConnection) -> AsyncConnection:
    """Where a read runs: the connection itself, or the session's (it sees its writes)."""
    if isinstance(db, AsyncConnection):
        return db
    return await db.connection()


def session_of(db: SessionOrConnection) -> AsyncSession:
    """The session a write needs: a read connection writes nothing."""
    if isinstance(db, AsyncConnection):
        raise TypeError("writes need a session: this manager was given a read connection")
    return db


def _drop_lost_connections(engine: AsyncEngine) -> None:
    """A connection the server ended (a restart: SQLSTATE 57P01) is a disconnect.

    SQLAlchemy then discards it and every pooled connection made before it, so one
    statement fails as an outage after a restart, not one per stale connection. Cheaper
    than `pool_pre_ping`, which costs every checkout a round trip.
    """

    @event.listens_for(engine.sync_engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        if is_lost_connection(context.original_exception):
            context.is_disconnect = True


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    """Let SQLAlchemy, not the sqlite3 driver, begin transactions.

    The driver's own transaction handling breaks SAVEPOINTs (and with them the
    tests' rolled-back transactions) and transactional DDL; this is SQLAlchemy's
    documented recipe. Foreign keys are also off in SQLite unless asked for.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    # IMMEDIATE: a transaction takes the write lock when it begins, waiting its turn (the
    # driver's busy timeout). A deferred one that reads, then writes, deadlocks with another
    # doing the same, and SQLite fails one at once with "database is locked".
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
