"""The pages' log-in, sign-up and log-out forms (posted by the browser), in process."""

from urllib.parse import parse_qs, urlsplit

import httpx

from ..web import BASE_URL, PASSWORD, ClientFactory, new_email

OURS = {"Origin": BASE_URL}


def form() -> dict[str, str]:
    return {"email": new_email(), "password": PASSWORD}


async def test_a_form_from_another_site_changes_nothing(client: httpx.AsyncClient) -> None:
    foreign = await client.post(
        "/auth/signup", data=form(), headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 303
    assert foreign.headers["location"].startswith("/signup?error=")
    assert "session" not in client.cookies


async def test_a_bad_field_goes_back_to_the_form_with_its_message(
    client: httpx.AsyncClient,
) -> None:
    fields = form()
    short = await client.post("/auth/signup", data=fields | {"password": "short"}, headers=OURS)
    assert short.status_code == 303
    back = parse_qs(urlsplit(short.headers["location"]).query)
    assert back == {  # a sentence, beside its field, and the address kept (never the password)
        "error": ["Password must be at least 8 characters."],
        "field": ["password"],
        "email": [fields["email"]],
    }


async def test_sign_up_by_form_signs_in_and_goes_home(client: httpx.AsyncClient) -> None:
    fields = form()
    signed_up = await client.post("/auth/signup", data=fields, headers=OURS)
    assert signed_up.status_code == 303
    assert signed_up.headers["location"] == "/"
    assert (await client.get("/api/auth/me")).json()["email"] == fields["email"]


async def test_log_out_by_form_needs_the_pages_csrf_token(client: httpx.AsyncClient) -> None:
    await client.post("/auth/signup", data=form(), headers=OURS)
    assert (await client.post("/auth/logout", headers=OURS)).status_code == 303
    assert (await client.get("/api/auth/me")).status_code == 200  # nothing changed
    csrf = client.cookies["csrf_token"]
    out = await client.post("/auth/logout", data={"csrf_token": csrf}, headers=OURS)
    assert out.status_code == 303
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_log_in_by_form_reports_a_wrong_password_and_accepts_the_right_one(
    client_factory: ClientFactory,
) -> None:
    fields = form()
    await client_factory().post("/auth/signup", data=fields, headers=OURS)
    browser = client_factory()
    wrong = await browser.post("/auth/login", data=fields | {"password": "not it"}, headers=OURS)
    assert wrong.headers["location"] == (
        f"/login?error=Wrong+email+or+password.&field=&email={fields['email'].replace('@', '%40')}"
    )
    again = await browser.post("/auth/login", data=fields, headers=OURS)
    assert again.headers["location"] == "/"
    assert (await browser.get("/api/auth/me")).json()["email"] == fields["email"]
