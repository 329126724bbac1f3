"""Security headers on every kind of response: pages, probes, API answers, errors, static files."""

import httpx
import pytest

PATHS = ["/", "/about", "/healthz", "/api/notes", "/api/notes/987654", "/static/app.css"]


@pytest.mark.parametrize("path", PATHS)
async def test_every_response_has_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    headers = (await client.get(path)).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self' ws: wss:" in csp
    assert "frame-ancestors 'none'" in csp
