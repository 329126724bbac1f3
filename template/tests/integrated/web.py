"""Helpers for the in-process tests of the app: accounts, mail links, client addresses."""

import re
from collections.abc import Awaitable, Callable
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import unquote
from uuid import uuid4

import httpx

BASE_URL = "http://testserver"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a whole new password"

ClientFactory = Callable[[], httpx.AsyncClient]
# The newest mail to an address, once the queued jobs ran (the `mail_to` fixture).
MailReader = Callable[[str], Awaitable[EmailMessage]]


def new_email() -> str:
    return f"{uuid4().hex[:12]}@example.org"


def from_address() -> dict[str, str]:
    """Headers making a request come from a client address of its own (the app trusts
    X-Forwarded-For in these tests)."""
    return {"X-Forwarded-For": f"10.{uuid4().int % 250}.{uuid4().int % 250}.{uuid4().int % 250}"}


def signed_in(response: httpx.Response, client: httpx.AsyncClient) -> httpx.AsyncClient:
    """`client` with the CSRF token of a sign-up or log-in answer in its headers."""
    assert response.status_code in (200, 201), response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


async def sign_up(
    new_client: ClientFactory, email: str | None = None, password: str = PASSWORD
) -> httpx.AsyncClient:
    """A client signed in as a new account: its cookies and X-CSRF-Token header set."""
    client = new_client()
    body = {"email": email or new_email(), "password": password}
    return signed_in(await client.post("/api/auth/signup", json=body), client)


async def log_in(
    new_client: ClientFactory, email: str, password: str = PASSWORD
) -> httpx.AsyncClient:
    client = new_client()
    body = {"email": email, "password": password}
    answer = await client.post("/api/auth/login", json=body, headers=from_address())
    return signed_in(answer, client)


def last_mail(data_dir: Path, to: str) -> EmailMessage:
    mails = sorted((data_dir / "mail").glob("*.eml"))
    for path in reversed(mails):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        if message["To"] == to:
            return message
    raise AssertionError(f"no mail to {to} in {data_dir / 'mail'}")


def tampered(token: str) -> str:
    """`token` with the first character of its signature changed: never genuine.

    Not its last characters: base64's last character may carry padding bits that decoding
    ignores, so `token[:-2] + "xx"` was the genuine token again for one in about a thousand
    (those ending in "xw"), and the forgery test then failed with the reset done.
    """
    payload, dot, signature = token.rpartition(".")
    first = "B" if signature[0] == "A" else "A"
    return f"{payload}{dot}{first}{signature[1:]}"


def link_token(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"\?token=(\S+)", body.get_content())
    assert found, body.get_content()
    return unquote(found.group(1))
