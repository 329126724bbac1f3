"""Security headers on every kind of response: pages, API answers, errors, static files;
probes answer without them (no browser reads a probe)."""

import httpx
import pytest

PAGES = ["/", "/about", "/no/such/page"]
NOT_PAGES = ["/api/notes", "/api/notes/987654", "/static/app.css", "/api/no/such/thing"]
PROBES = ["/healthz", "/readyz"]
ADDED = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy")


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_the_page_policy(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self' ws: wss:" in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("path", NOT_PAGES)
async def test_every_other_answer_may_load_nothing(client: httpx.AsyncClient, path: str) -> None:
    headers = (await client.get(path)).headers
    assert not headers["content-type"].startswith("text/html")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize("path", PROBES)
async def test_a_probe_answers_without_them(client: httpx.AsyncClient, path: str) -> None:
    headers = (await client.get(path)).headers
    assert [name for name in ADDED if name in headers] == []
