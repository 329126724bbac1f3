"""Every routed page is served as ReactPy's client page; the API documents itself."""

import httpx
import pytest

PAGES = [
    "/",
    "/about",
    "/login",
    "/signup",
    "/account",
    "/forgot-password",
    "/reset-password",
    "/admin",
]


@pytest.mark.parametrize("path", PAGES)
async def test_a_page_is_served_by_the_reactpy_client(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "/_reactpy/assets/" in response.text


async def test_the_openapi_document_lists_the_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/docs/openapi.json")).json()
    assert {"/api/notes", "/api/auth/login", "/api/admin/users"} <= set(spec["paths"])
