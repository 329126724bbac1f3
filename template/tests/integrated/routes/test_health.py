"""The probes, in process, on the app's own engine (no test transaction holds the database:
SQLite's write lock would make /readyz wait)."""

from collections.abc import AsyncIterator
from typing import Any

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


async def test_head_healthz_answers_without_a_body(probe: httpx.AsyncClient) -> None:
    response = await probe.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


@pytest.fixture
def responses_through_the_request_class(app: App, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose answers went through the app's request class's `respond`."""
    seen: list[str] = []
    layered = app.request_class.respond

    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(self.path)
        return await layered(self, *args, **kwargs)

    monkeypatch.setattr(app.request_class, "respond", counted)
    return seen


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_a_probe_nothing_watches_is_answered_past_the_request_class(
    probe: httpx.AsyncClient, responses_through_the_request_class: list[str], path: str
) -> None:
    assert (await probe.get(path)).status_code == 200
    assert (await probe.get("/api/notes")).status_code == 200
    assert responses_through_the_request_class == ["/api/notes"]


async def test_a_probe_the_access_log_watches_goes_through_it(
    app: App,
    probe: httpx.AsyncClient,
    responses_through_the_request_class: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.request_class, "log_requests", True)
    response = await probe.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert responses_through_the_request_class == ["/healthz"]
