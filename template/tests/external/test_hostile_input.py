"""Each input that once gave a 500 (or the single-page app's HTML): now a clear 4xx.

One test per input, so a regression names what came back.
"""

import httpx
import pytest

from .accounts import PASSWORD, new_email, sign_up

BEYOND_INT32 = 2**31
BEYOND_INT64 = 2**63


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_note_id_beyond_int32_is_404(server_url: str, method: str) -> None:
    with sign_up(server_url) as user:
        response = user.request(method, f"/api/notes/{BEYOND_INT32}", json={"body": "x"})
    assert response.status_code == 404, response.text
    assert response.json() == {"error": f"note {BEYOND_INT32} does not exist"}


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_admin_user_id_beyond_int32_is_404(server_url: str, action: str) -> None:
    with sign_up(server_url) as user:
        response = user.post(f"/api/admin/users/{BEYOND_INT32}/{action}")
    assert response.status_code == 404, response.text


def test_offset_of_two_to_the_63_is_422(server_url: str) -> None:
    response = httpx.get(f"{server_url}/api/notes", params={"offset": BEYOND_INT64})
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith("offset:")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/auth/signup", {"email": "a\u0000@example.org", "password": PASSWORD}, "email"),
        ("/api/auth/signup", {"email": "a@example.org", "password": "x\u0000" * 5}, "password"),
        ("/api/auth/login", {"email": "a\u0000@example.org", "password": PASSWORD}, "email"),
        ("/api/auth/login", {"email": "a@example.org", "password": "\u0000"}, "password"),
        ("/api/auth/reset-request", {"email": "a\u0000@example.org"}, "email"),
        ("/api/auth/verify", {"token": "\u0000"}, "token"),
    ],
)
def test_nul_in_an_account_field_is_422_naming_it(
    server_url: str, path: str, body: dict[str, str], field: str
) -> None:
    response = httpx.post(f"{server_url}{path}", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith(f"{field}:")


@pytest.mark.parametrize("field", ["title", "body", "secret"])
def test_nul_in_a_note_field_is_422_naming_it(server_url: str, field: str) -> None:
    with sign_up(server_url) as user:
        draft = {"title": "a title", field: "before\u0000after"}
        created = user.post("/api/notes", json=draft)
        assert created.status_code == 422, created.text
        assert created.json()["error"].startswith(f"{field}:")
        note = user.post("/api/notes", json={"title": "kept"}).json()
        if field != "secret":  # a patch changes title and body only
            patched = user.patch(f"/api/notes/{note['id']}", json={field: "\u0000"})
            assert patched.status_code == 422, patched.text
            assert patched.json()["error"].startswith(f"{field}:")
        assert user.get(f"/api/notes/{note['id']}").json()["title"] == "kept"


@pytest.mark.parametrize("path", ["/api/auth/signup", "/api/auth/login", "/api/notes"])
def test_deeply_nested_json_is_400(server_url: str, path: str) -> None:
    with sign_up(server_url) as user:
        deep = b"[" * 100_000 + b"]" * 100_000
        response = user.post(path, content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "nests deeper" in response.json()["error"]


def test_static_nul_is_404(server_url: str) -> None:
    assert httpx.get(f"{server_url}/static/%00").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/_reactpy/assets/no-such-file.js",
        "/_reactpy/assets/%2e%2e/%2e%2e/etc/passwd",
        "/_reactpy/modules/no-such-module.js",
        "/_reactpy/modules/%2e%2e/%2e%2e/etc/passwd",
        "/_reactpy/modules/%00",
    ],
)
def test_missing_or_unsafe_reactpy_file_is_404(server_url: str, path: str) -> None:
    response = httpx.get(f"{server_url}{path}")
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("path", ["/api/nope", "/api/notes/1.5", "/api/notes/nearest"])
def test_unknown_api_path_is_json_404(server_url: str, path: str) -> None:
    response = httpx.get(f"{server_url}{path}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": f"no API route at {path}"}


@pytest.mark.parametrize("path", ["/api/notes", "/api/notes/1", "/api/auth/login"])
def test_trace_is_405_with_allow(server_url: str, path: str) -> None:
    response = httpx.request("TRACE", f"{server_url}{path}")
    assert response.status_code == 405
    allowed = {method.strip() for method in response.headers["allow"].split(",")}
    assert "GET" in allowed or "POST" in allowed
    assert "TRACE" not in allowed
    assert response.json()["error"]


def test_duplicate_sign_up_is_409(server_url: str) -> None:
    body = {"email": new_email(), "password": PASSWORD}
    assert httpx.post(f"{server_url}/api/auth/signup", json=body).status_code == 201
    again = httpx.post(f"{server_url}/api/auth/signup", json=body)
    assert again.status_code == 409
