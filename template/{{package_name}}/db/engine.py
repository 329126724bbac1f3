"""The async engine, and the sessions and read connections every repository works with."""

from contextlib import AbstractAsyncContextManager
from types import TracebackType
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

from ..errors import AppError
from .outage import is_lost_connection

# Connections each serving process keeps to PostgreSQL or CockroachDB (`serve --workers N`
# keeps N times as many; PostgreSQL allows 100 by default).
POOL_SIZE = 10
# Read connections kept checked out between reads (ReadConnections): at most half the
# pool, so that sessions always find connections there.
KEPT_READ_CONNECTIONS = POOL_SIZE // 2


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


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


class ReadConnections:
    """Connections for requests that only read: `async with reads() as connection`.

    On PostgreSQL and CockroachDB each statement is its own transaction (autocommit): a
    read skips the BEGIN and ROLLBACK round trips around its SELECT. And the connections
    stay checked out of the engine's pool between reads, up to `keep` of them idle: a
    checkout and its return cost a read about 45 us of CPU, a sixth of a page of notes
    (docs/benchmarks.md). Past `keep` they go back to the pool, where sessions find them.

    A connection goes back to the pool after a read that raised anything but the app's
    own refusals (`AppError`), and a lost one (an outage, a restart) takes every idle
    one back with it: they were made before it, and the pool then replaces them all, so
    one read fails, not one per kept connection. `aclose()` hands the idle ones back
    (before the engine is disposed).

    Not on SQLite, where handing the connection back would turn the driver's own
    transactions on again (see `_make_sqlite_transactional`): there a read begins as a
    session's would, on a connection from the pool each time.
    """

    def __init__(self, engine: AsyncEngine, *, keep: int = KEPT_READ_CONNECTIONS) -> None:
        sqlite = engine.dialect.name == "sqlite"
        self._engine = engine if sqlite else engine.execution_options(isolation_level="AUTOCOMMIT")
        self._keep = 0 if sqlite else keep
        self._idle: list[AsyncConnection] = []

    def __call__(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return _ReadLease(self)

    @property
    def idle(self) -> int:
        """How many connections wait, checked out, for the next read."""
        return len(self._idle)

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

    async def _take(self) -> AsyncConnection:
        if self._idle:
            return self._idle.pop()
        return await self._engine.connect()

    async def _give_back(self, connection: AsyncConnection, error: BaseException | None) -> None:
        if connection.invalidated:  # lost: so are the idle ones, made before it
            await self.aclose()
        elif (error is None or isinstance(error, AppError)) and len(self._idle) < self._keep:
            if connection.in_transaction():  # SQLAlchemy's own, begun by a statement it ran
                await connection.rollback()  # (in autocommit the server has none to end)
            self._idle.append(connection)
            return
        await connection.close()


class _ReadLease:
    """One read's hold on a connection of `ReadConnections` (a class, not a generator:
    a generator-based context manager costs every read a few microseconds more)."""

    __slots__ = ("_connection", "_reads")

    def __init__(self, reads: ReadConnections) -> None:
        self._reads = reads
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> AsyncConnection:
        self._connection = await self._reads._take()
        return self._connection

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._connection is not None, "a lease is entered before it is left"
        connection, self._connection = self._connection, None
        await self._reads._give_back(connection, error)


def read_connections(engine: AsyncEngine) -> ReadConnections:
    """The engine's connections for requests that only read (see `ReadConnections`)."""
    return ReadConnections(engine)


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
