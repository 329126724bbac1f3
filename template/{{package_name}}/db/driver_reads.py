"""Reads whose statement asyncpg sends itself, on the connection SQLAlchemy checked out.

A page of 50 notes read with `AsyncConnection.execute` cost about 1000 us of CPU; the
same SELECT sent by asyncpg on the same pooled connection, about 600 us (measured in
one process, sequentially). The difference is SQLAlchemy's execution around the driver:
its greenlet bridge, cursor adapter, events and `Row`s.

The statement is still SQLAlchemy's, compiled once per dialect, and asyncpg's rows are
what SQLAlchemy would have given when it would not have touched them: a read connection
in autocommit (no transaction state for SQLAlchemy to keep), and no type of the statement
processes a bound value or a result. Anything else (SQLite, a session's connection, a
type with processing) runs through SQLAlchemy, as does a statement the driver failed:
SQLAlchemy then reports the error as it reports every other (its exception types, a lost
connection counted as a disconnect), and a read is safe to send twice.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

# Any SELECT: its columns' types do not matter here.
AnySelect = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class _DriverSql:
    text: str
    names: tuple[str, ...]  # of the parameters, in their order ($1, $2...)
    fixed: Mapping[str, Any]  # the values the statement binds itself (`func.f(1)`'s 1)

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        return [values[name] if name in values else self.fixed[name] for name in self.names]


# (statement's id, dialect's name) -> (the statement, kept so that its id stays its own;
# its SQL, or None where the driver cannot send it alone).
_compiled: dict[tuple[int, str], tuple[AnySelect, _DriverSql | None]] = {}
# Statements are meant to be built once, at import; past this many, the rest run through
# SQLAlchemy rather than fill memory with statements built per call.
_MOST_STATEMENTS = 1000


async def fetch_all(
    connection: AsyncConnection, statement: AnySelect, values: Mapping[str, Any]
) -> Sequence[Any]:
    """The rows of `statement` with `values` bound: tuples by position, as `Row`s unpack.

    `statement` is compiled on its first read and kept: build it once, at import."""
    rows = await _sent_by_driver(connection, statement, values, "fetch")
    if rows is _NOT_SENT:
        return (await connection.execute(statement, values)).all()
    return cast("Sequence[Any]", rows)


async def fetch_first(
    connection: AsyncConnection, statement: AnySelect, values: Mapping[str, Any]
) -> Any | None:
    """The first row of `statement` with `values` bound, or None."""
    row = await _sent_by_driver(connection, statement, values, "fetchrow")
    if row is _NOT_SENT:
        return (await connection.execute(statement, values)).first()
    return row


_NOT_SENT = object()


async def _sent_by_driver(
    connection: AsyncConnection, statement: AnySelect, values: Mapping[str, Any], method: str
) -> object:
    """asyncpg's `fetch` or `fetchrow` result, or _NOT_SENT for SQLAlchemy to run it."""
    sql = _driver_sql(connection, statement)
    if sql is None:
        return _NOT_SENT
    arguments = sql.arguments(values)
    driver = (await connection.get_raw_connection()).driver_connection
    try:
        return await getattr(driver, method)(sql.text, *arguments)
    except Exception:  # sent again by SQLAlchemy, which reports the error
        return _NOT_SENT


def _driver_sql(connection: AsyncConnection, statement: AnySelect) -> _DriverSql | None:
    dialect = connection.dialect
    if dialect.driver != "asyncpg":
        return None
    if connection.sync_connection is None or (
        connection.sync_connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT"
    ):
        return None
    key = (id(statement), dialect.name)
    cached = _compiled.get(key)
    if cached is None or cached[0] is not statement:
        if len(_compiled) >= _MOST_STATEMENTS:  # built per call, not once: kept by no one
            return None
        cached = _compiled[key] = (statement, _compile(statement, dialect))
    return cached[1]


def _compile(statement: AnySelect, dialect: Dialect) -> _DriverSql | None:
    compiled = statement.compile(dialect=dialect)
    if compiled.positiontup is None or compiled.post_compile_params:  # IN lists expand later
        return None
    for bind in compiled.binds.values():
        if bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
            return None
    for column in statement.selected_columns:
        if _may_process_results(column.type.dialect_impl(dialect), dialect):
            return None
    fixed = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
    return _DriverSql(str(compiled), tuple(compiled.positiontup), fixed)


def _may_process_results(column_type: Any, dialect: Dialect) -> bool:
    """Whether SQLAlchemy may change this column's values as it reads them.

    Asked before any row arrived, so without the column's database type: a type whose
    processing depends on it (asyncpg's Numeric raises "Unknown PG numeric type" for none)
    may process, as far as we know.
    """
    try:
        return column_type.result_processor(dialect, None) is not None
    except Exception:  # the type cannot say: SQLAlchemy reads it
        return True
