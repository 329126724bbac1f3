"""Signing up and logging in over the JSON API, as a script or a load test would."""

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import httpx

PASSWORD = "correct horse battery"
ADMIN_EMAIL = "admin@example.org"


def new_email() -> str:
    return f"{uuid4().hex[:12]}@example.org"


def signed_in(response: httpx.Response, client: httpx.Client) -> httpx.Client:
    """`client` with the CSRF token of a sign-up or log-in answer in its headers."""
    assert response.status_code in (200, 201), response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


@contextmanager
def sign_up(base_url: str, email: str | None = None) -> Iterator[httpx.Client]:
    """A client signed in as a new account: its cookies and X-CSRF-Token header set."""
    with httpx.Client(base_url=base_url) as client:
        body = {"email": email or new_email(), "password": PASSWORD}
        yield signed_in(client.post("/api/auth/signup", json=body), client)


@contextmanager
def log_in(base_url: str, email: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url) as client:
        body = {"email": email, "password": password}
        yield signed_in(client.post("/api/auth/login", json=body), client)


def register(base_url: str, email: str) -> None:
    """An account for `email`, signed up and left."""
    with sign_up(base_url, email):
        pass


def user_email(client: httpx.Client) -> str:
    me = client.get("/api/auth/me")
    assert me.status_code == 200, me.text
    return str(me.json()["email"])
