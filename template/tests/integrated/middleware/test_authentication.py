"""Who is asking, CSRF and JSON bodies: the authentication middleware, in process."""

from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
from sanic import Sanic

from ..web import ClientFactory, sign_up


@pytest.mark.parametrize("cookie", ["logged-out", "made-up"])
async def test_a_logged_out_or_made_up_session_opens_nothing(
    client_factory: ClientFactory, cookie: str
) -> None:
    user = await sign_up(client_factory)
    token = user.cookies["session"]
    assert (await user.post("/api/auth/logout")).status_code == 204
    sent = token if cookie == "logged-out" else "made-up-token"
    response = await client_factory().get("/api/auth/me", headers={"Cookie": f"session={sent}"})
    assert response.status_code == 401
    assert response.json() == {"error": "sign in first"}


async def test_a_remembered_session_opens_no_database_session(
    app: Sanic[Any, Any], client_factory: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await sign_up(client_factory)
    sessions = app.ctx.sessions  # the test's, set by client_factory
    opened: list[str] = []

    def counted() -> AbstractAsyncContextManager[Any]:
        opened.append("session")
        return sessions()  # type: ignore[no-any-return]

    monkeypatch.setattr(app.ctx, "sessions", counted)
    app.ctx.accounts.session_cache.forget_all()
    assert (await user.get("/api/notes")).status_code == 200  # a read: no session of its own
    assert opened == ["session"]  # the lookup of who the session speaks for
    assert (await user.get("/api/notes")).status_code == 200
    assert opened == ["session"]  # remembered: answered without the database


async def test_a_write_without_the_csrf_token_is_403(client_factory: ClientFactory) -> None:
    user = await sign_up(client_factory)
    del user.headers["X-CSRF-Token"]
    missing = await user.post("/api/notes", json={"title": "forged"})
    assert missing.status_code == 403
    assert missing.json() == {
        "error": "missing or wrong X-CSRF-Token header (the csrf_token cookie)"
    }


async def test_a_write_with_a_wrong_csrf_token_is_403_and_changes_nothing(
    client_factory: ClientFactory,
) -> None:
    user = await sign_up(client_factory)
    wrong = await user.post(
        "/api/notes", json={"title": "forged"}, headers={"X-CSRF-Token": "0" * 64}
    )
    assert wrong.status_code == 403
    assert (await user.get("/api/notes")).json() == []


async def test_the_csrf_token_is_the_one_in_the_pages_cookie(
    client_factory: ClientFactory,
) -> None:
    user = await sign_up(client_factory)
    assert user.cookies["csrf_token"] == user.headers["X-CSRF-Token"]
    created = await user.post("/api/notes", json={"title": "real"})
    assert created.status_code == 201


async def test_a_body_that_is_not_json_is_415(client_factory: ClientFactory) -> None:
    user = await sign_up(client_factory)
    response = await user.post(
        "/api/notes", content=b"title=x", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json() == {"error": "send the body as JSON (Content-Type: application/json)"}


async def test_a_form_body_cannot_log_in_across_sites(client: httpx.AsyncClient) -> None:
    # HTML forms cannot send JSON: the API's public writes refuse every other body.
    response = await client.post("/api/auth/login", data={"email": "a@b.org", "password": "x"})
    assert response.status_code == 415
