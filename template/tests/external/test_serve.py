"""`serve` over a real socket: what only a server process does (the in-process tests,
tests/integrated, call the app through ASGI instead)."""

import httpx

from .accounts import sign_up


def test_the_served_app_answers_its_probes_pages_and_api(server_url: str) -> None:
    assert httpx.get(f"{server_url}/readyz").json() == {"status": "ready"}
    assert "/_reactpy/assets/" in httpx.get(f"{server_url}/").text
    with sign_up(server_url) as user:
        created = user.post("/api/notes", json={"title": "over a socket"})
        assert created.status_code == 201, created.text
        assert user.get(f"/api/notes/{created.json()['id']}").json() == created.json()


def test_an_oversized_body_is_413_and_changes_nothing(server_url: str) -> None:
    # REQUEST_MAX_SIZE is enforced by Sanic's HTTP server while it reads the body.
    with sign_up(server_url) as user:
        response = user.post("/api/notes", json={"title": "x", "body": "y" * 1_100_000})
        assert response.status_code == 413
        assert response.json(), "the refusal explains itself"
        assert user.get("/api/notes").json() == []
