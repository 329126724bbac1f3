"""Time in the database: always an aware UTC datetime, on every backend.

PostgreSQL and CockroachDB keep the zone (`timestamptz`); SQLite stores the text
without one. `UtcDateTime` stores UTC everywhere and reads every value back aware
and in UTC, so no code above the models ever sees a naive time. A naive value is
refused when it is stored: its zone would be a guess.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that stores and returns aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored (give it a zone): {value}")
        return value.astimezone(UTC)

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> Callable[[Any], datetime | None] | None:
        # asyncpg reads a timestamptz aware and in UTC already: nothing to do per value (and
        # with no processing, db/driver_reads.py may let asyncpg send the read itself).
        if dialect.driver == "asyncpg":
            return None
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back what was stored (UTC) without its zone.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
