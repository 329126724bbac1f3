"""Every routed page is served as ReactPy's client page; the API documents itself."""

import re

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
    "/admin/jobs",
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


async def test_the_docs_page_is_swagger_ui_from_this_app(client: httpx.AsyncClient) -> None:
    """No CDN: every script and stylesheet of /docs is served here (the CSP allows no other)."""
    page = await client.get("/docs")
    assert page.status_code == 200
    assert 'data-spec-url="/docs/openapi.json"' in page.text
    files = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/docs/assets/swagger-ui-bundle.js" in files
    for path in files:
        assert path.startswith("/"), f"{path} is not served by this app"
        served = await client.get(path)
        assert served.status_code == 200, path
        assert len(served.content) > 100, path
