"""Each input that once gave a 500 (or the single-page app's HTML): now a clear 4xx.

One test per input, so a regression names what came back.
"""

import httpx
import pytest

from ..web import PASSWORD, ClientFactory, from_address, new_email, sign_up

BEYOND_INT32 = 2**31
BEYOND_INT64 = 2**63


@pytest.fixture
async def user(client_factory: ClientFactory) -> httpx.AsyncClient:
    return await sign_up(client_factory)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_note_id_beyond_int32_is_404(user: httpx.AsyncClient, method: str) -> None:
    response = await user.request(method, f"/api/notes/{BEYOND_INT32}", json={"body": "x"})
    assert response.status_code == 404, response.text
    assert response.json() == {"error": f"note {BEYOND_INT32} does not exist"}


@pytest.mark.parametrize("action", ["activate", "deactivate"])
async def test_admin_user_id_beyond_int32_is_404(user: httpx.AsyncClient, action: str) -> None:
    response = await user.post(f"/api/admin/users/{BEYOND_INT32}/{action}")
    assert response.status_code == 404, response.text


async def test_offset_of_two_to_the_63_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/notes", params={"offset": BEYOND_INT64})
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith("offset:")


async def test_a_blank_offset_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/notes?offset=")
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
async def test_nul_in_an_account_field_is_422_naming_it(
    client: httpx.AsyncClient, path: str, body: dict[str, str], field: str
) -> None:
    response = await client.post(path, json=body, headers=from_address())
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith(f"{field}:")


@pytest.mark.parametrize("field", ["title", "body", "secret"])
async def test_nul_in_a_note_field_is_422_naming_it(user: httpx.AsyncClient, field: str) -> None:
    created = await user.post("/api/notes", json={"title": "a title", field: "before\u0000after"})
    assert created.status_code == 422, created.text
    assert created.json()["error"].startswith(f"{field}:")
    note = (await user.post("/api/notes", json={"title": "kept"})).json()
    if field != "secret":  # a patch changes title and body only
        patched = await user.patch(f"/api/notes/{note['id']}", json={field: "\u0000"})
        assert patched.status_code == 422, patched.text
        assert patched.json()["error"].startswith(f"{field}:")
    assert (await user.get(f"/api/notes/{note['id']}")).json()["title"] == "kept"


@pytest.mark.parametrize("path", ["/api/auth/signup", "/api/auth/login", "/api/notes"])
async def test_deeply_nested_json_is_400(user: httpx.AsyncClient, path: str) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    response = await user.post(path, content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "nests deeper" in response.json()["error"]


async def test_static_nul_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/static/%00")).status_code == 404


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
async def test_missing_or_unsafe_reactpy_file_is_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("path", ["/api/nope", "/api/notes/1.5", "/api/notes/nearest"])
async def test_unknown_api_path_is_json_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": f"no API route at {path}"}


@pytest.mark.parametrize("path", ["/api/notes", "/api/notes/1", "/api/auth/login"])
async def test_trace_is_405_with_allow(client: httpx.AsyncClient, path: str) -> None:
    response = await client.request("TRACE", path)
    assert response.status_code == 405
    allowed = {method.strip() for method in response.headers["allow"].split(",")}
    assert "GET" in allowed or "POST" in allowed
    assert "TRACE" not in allowed
    assert response.json()["error"]


async def test_duplicate_sign_up_is_409(client_factory: ClientFactory) -> None:
    email = new_email()
    await sign_up(client_factory, email)
    again = await client_factory().post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD}
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    "email",
    ["a@[127.0.0.1].org", "ü@example.org", "a..b@example.org", "=?utf-8?q?a?=@example.org"],
)
async def test_an_address_no_mail_header_can_carry_is_422(
    client: httpx.AsyncClient, email: str
) -> None:
    """Such an address once reached the mail header and gave a 500."""
    response = await client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD}, headers=from_address()
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "email: not an email address"
