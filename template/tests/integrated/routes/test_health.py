"""The probes, in process, on the app's own engine (no test transaction holds the database:
SQLite's write lock would make /readyz wait)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from ..conftest import App
from ..web import BASE_URL


@pytest.fixture
async def probe(app: App) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def test_healthz_says_the_process_is_up(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_sees_the_database(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
