"""A failing statement's error (and so the log line of a 500) never carries its parameters."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

SECRET = "someone.private@example.org"


async def test_a_failing_statement_does_not_show_its_parameters(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        with pytest.raises(DBAPIError) as failure:
            await connection.execute(
                text("SELECT * FROM no_such_table WHERE x = :x"), {"x": SECRET}
            )
    assert SECRET not in str(failure.value)
    assert "parameters hidden" in str(failure.value)
