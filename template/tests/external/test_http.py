"""The running server over HTTP: probes, pages and the JSON API."""

import httpx

from .accounts import sign_up


def test_healthz(server_url: str) -> None:
    response = httpx.get(f"{server_url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_sees_the_database(server_url: str) -> None:
    response = httpx.get(f"{server_url}/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_pages_are_served_by_the_reactpy_client(server_url: str) -> None:
    for path in ("/", "/about"):
        response = httpx.get(f"{server_url}{path}")
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]
        assert "/_reactpy/assets/" in response.text


def test_api_round_trip(server_url: str) -> None:
    with sign_up(server_url) as user:
        created = user.post("/api/notes", json={"title": "from a test", "body": "b"})
        assert created.status_code == 201, created.text
        note = created.json()
        assert note["title"] == "from a test"

        assert user.get(f"/api/notes/{note['id']}").json() == note
        assert note in user.get("/api/notes", params={"limit": 500}).json()
        changed = user.patch(f"/api/notes/{note['id']}", json={"body": "changed"})
        assert changed.status_code == 200, changed.text
        assert changed.json() == note | {"body": "changed"}
        assert user.delete(f"/api/notes/{note['id']}").status_code == 204
        assert user.get(f"/api/notes/{note['id']}").status_code == 404


def test_api_refuses_bad_input_clearly(server_url: str) -> None:
    with sign_up(server_url) as user:
        response = user.post("/api/notes", json={"title": ""})
        assert response.status_code == 422
        assert response.json()["error"].startswith("title:")
        response = user.post(
            "/api/notes", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["error"].startswith("the body is not valid JSON")
        assert user.get("/api/notes?limit=0").status_code == 422
        assert user.get("/api/notes").json() == []


def test_missing_note_is_404(server_url: str) -> None:
    response = httpx.get(f"{server_url}/api/notes/987654")
    assert response.status_code == 404
    assert response.json() == {"error": "note 987654 does not exist"}


def test_openapi_document_lists_the_api(server_url: str) -> None:
    spec = httpx.get(f"{server_url}/docs/openapi.json").json()
    assert "/api/notes" in spec["paths"] or "/api/notes" in spec["paths"]
