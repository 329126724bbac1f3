"""Accounts over HTTP: sessions, CSRF, ownership, mail links, admin, throttling, hygiene."""

import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

import httpx

from .accounts import ADMIN_EMAIL, PASSWORD, log_in, new_email, register, sign_up

NEW_PASSWORD = "a whole new password"


def from_address() -> dict[str, str]:
    """Headers making a request come from a client address of its own (the server trusts
    X-Forwarded-For in tests), so one test's failed log-ins do not slow another's."""
    return {"X-Forwarded-For": f"10.{uuid4().int % 250}.{uuid4().int % 250}.{uuid4().int % 250}"}


def last_mail(data_dir: Path, to: str) -> EmailMessage:
    mails = sorted((data_dir / "mail").glob("*.eml"))
    for path in reversed(mails):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        if message["To"] == to:
            return message
    raise AssertionError(f"no mail to {to} in {data_dir / 'mail'}")


def link_token(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"\?token=(\S+)", body.get_content())
    assert found, body.get_content()
    return unquote(found.group(1))


def test_sign_up_log_out_and_log_in(server_url: str) -> None:
    email = new_email()
    with sign_up(server_url, email.upper()) as user:
        me = user.get("/api/auth/me").json()
        assert me["email"] == email
        assert not me["is_admin"]
        assert not me["email_verified"]
        old_cookie = {"Cookie": f"session={user.cookies['session']}"}
        assert user.post("/api/auth/logout").status_code == 204
        assert user.get("/api/auth/me").status_code == 401
    # A logged-out (reused) session token and a made-up one open nothing.
    for cookie in (old_cookie, {"Cookie": "session=made-up-token"}):
        assert httpx.get(f"{server_url}/api/auth/me", headers=cookie).status_code == 401
    with log_in(server_url, email) as again:
        assert again.get("/api/auth/me").json()["id"] == me["id"]
    taken = httpx.post(f"{server_url}/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert taken.status_code == 422
    assert taken.json() == {"error": "email: an account with this address already exists"}


def test_cookies_are_http_only_same_site_and_secure_over_tls(server_url: str) -> None:
    body = {"email": new_email(), "password": PASSWORD}
    plain = httpx.post(f"{server_url}/api/auth/signup", json=body)
    session_cookie, csrf_cookie = plain.headers.get_list("set-cookie")
    assert session_cookie.startswith("session=")
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie
    assert csrf_cookie.startswith("csrf_token=")
    assert "HttpOnly" not in csrf_cookie
    # Behind a TLS-terminating proxy (the server trusts one proxy in these tests; Sanic
    # reads X-Forwarded-Proto only with X-Forwarded-For).
    tls = httpx.post(
        f"{server_url}/api/auth/login",
        json=body,
        headers=from_address() | {"X-Forwarded-Proto": "https"},
    )
    assert all("Secure" in cookie for cookie in tls.headers.get_list("set-cookie"))


def test_anonymous_visitors_read_public_notes_and_write_nothing(server_url: str) -> None:
    refused = httpx.post(f"{server_url}/api/notes", json={"title": "anonymous"})
    assert refused.status_code == 401
    assert refused.json() == {"error": "sign in first"}
    assert httpx.delete(f"{server_url}/api/notes/1").status_code == 401
    titles = [note["title"] for note in httpx.get(f"{server_url}/api/notes").json()]
    assert "anonymous" not in titles


def test_writes_by_cookie_need_the_csrf_token(server_url: str) -> None:
    with sign_up(server_url) as user:
        token = user.headers.pop("X-CSRF-Token")
        missing = user.post("/api/notes", json={"title": "forged"})
        assert missing.status_code == 403
        assert "X-CSRF-Token" in missing.json()["error"]
        wrong = user.post(
            "/api/notes", json={"title": "forged"}, headers={"X-CSRF-Token": "0" * 64}
        )
        assert wrong.status_code == 403
        assert user.get("/api/notes").json() == []  # nothing was written
        assert user.cookies["csrf_token"] == token  # the token a page reads from its cookie
        ok = user.post("/api/notes", json={"title": "real"}, headers={"X-CSRF-Token": token})
        assert ok.status_code == 201


def test_a_user_cannot_read_change_or_delete_anothers_notes(server_url: str) -> None:
    with sign_up(server_url) as alice, sign_up(server_url) as bob:
        note = alice.post("/api/notes", json={"title": "alice's", "secret": "hers"}).json()
        path = f"/api/notes/{note['id']}"
        for response in (
            bob.get(path),
            bob.patch(path, json={"title": "bob was here"}),
            bob.delete(path),
        ):
            assert response.status_code == 404
            assert response.json() == {"error": f"note {note['id']} does not exist"}
        assert bob.get("/api/notes").json() == []
        assert httpx.get(f"{server_url}{path}").status_code == 404  # nor anonymous visitors
        assert alice.get(path).json() == note  # unchanged, secret readable by its owner


def test_password_change_ends_the_other_sessions(server_url: str) -> None:
    email = new_email()
    with sign_up(server_url, email) as here, log_in(server_url, email) as elsewhere:
        wrong = here.post(
            "/api/auth/password",
            json={"current_password": "not it at all", "new_password": NEW_PASSWORD},
        )
        assert wrong.status_code == 422
        assert elsewhere.get("/api/auth/me").status_code == 200
        changed = here.post(
            "/api/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert changed.status_code == 204, changed.text
        assert here.get("/api/auth/me").status_code == 200
        assert elsewhere.get("/api/auth/me").status_code == 401
    old = httpx.post(
        f"{server_url}/api/auth/login",
        json={"email": email, "password": PASSWORD},
        headers=from_address(),
    )
    assert old.status_code == 401
    with log_in(server_url, email, NEW_PASSWORD) as renewed:
        assert renewed.get("/api/auth/me").status_code == 200


def test_password_reset_by_the_mailed_link(server_url: str, server_data_dir: Path) -> None:
    email = new_email()
    with sign_up(server_url, email) as before:
        for address in (email, new_email()):  # an unknown address gets the same answer
            asked = httpx.post(f"{server_url}/api/auth/reset-request", json={"email": address})
            assert asked.status_code == 202
            assert asked.json() == {
                "status": "if an account has this address, a link is on its way"
            }
        mail = last_mail(server_data_dir, email)
        assert mail["Subject"] == "Reset your password"
        token = link_token(mail)
        body = {"token": token, "new_password": NEW_PASSWORD}
        reset = httpx.post(f"{server_url}/api/auth/reset", json=body)
        assert reset.status_code == 204, reset.text
        assert before.get("/api/auth/me").status_code == 401  # every session ended
    with log_in(server_url, email, NEW_PASSWORD) as renewed:
        assert renewed.get("/api/auth/me").status_code == 200
    reused = httpx.post(f"{server_url}/api/auth/reset", json=body | {"new_password": "x" * 12})
    assert reused.status_code == 422
    assert reused.json() == {"error": "token: this link was already used or replaced"}
    forged = httpx.post(f"{server_url}/api/auth/reset", json=body | {"token": token[:-2] + "xx"})
    assert forged.status_code == 422
    assert forged.json() == {"error": "token: this link is not valid"}


def test_email_verification_by_the_mailed_link(server_url: str, server_data_dir: Path) -> None:
    email = new_email()
    with sign_up(server_url, email) as user:
        mail = last_mail(server_data_dir, email)
        assert mail["Subject"] == "Confirm your email address"
        token = link_token(mail)
        verified = httpx.post(f"{server_url}/api/auth/verify", json={"token": token})
        assert verified.status_code == 200, verified.text
        assert user.get("/api/auth/me").json()["email_verified"] is True
        again = httpx.post(f"{server_url}/api/auth/verify", json={"token": token})
        assert again.status_code == 422
        # A verify link is no reset link.
        reset = httpx.post(
            f"{server_url}/api/auth/reset", json={"token": token, "new_password": NEW_PASSWORD}
        )
        assert reset.json() == {"error": "token: this link is not valid"}


def test_an_admin_lists_users_and_deactivation_ends_sessions_at_once(server_url: str) -> None:
    email = new_email()
    with sign_up(server_url, email) as user, log_in(server_url, ADMIN_EMAIL) as admin:
        assert user.get("/api/admin/users").status_code == 403
        users = {u["email"]: u for u in admin.get("/api/admin/users?limit=500").json()}
        assert users[ADMIN_EMAIL]["is_admin"]
        assert email in users
        deactivated = admin.post(f"/api/admin/users/{users[email]['id']}/deactivate")
        assert deactivated.status_code == 200, deactivated.text
        assert deactivated.json()["is_active"] is False
        assert user.get("/api/auth/me").status_code == 401
        assert user.post("/api/notes", json={"title": "too late"}).status_code == 401
        refused = httpx.post(
            f"{server_url}/api/auth/login",
            json={"email": email, "password": PASSWORD},
            headers=from_address(),
        )
        assert refused.json() == {"error": "wrong email or password"}
        admin.post(f"/api/admin/users/{users[email]['id']}/activate")
        with log_in(server_url, email) as back:
            assert back.get("/api/auth/me").status_code == 200


def test_admins_search_grant_and_cannot_lock_themselves_out(server_url: str) -> None:
    email = new_email()
    with sign_up(server_url, email) as user, log_in(server_url, ADMIN_EMAIL) as admin:
        found = admin.get("/api/admin/users", params={"search": email[:10].upper()}).json()
        assert [u["email"] for u in found] == [email]
        me = admin.get("/api/auth/me").json()
        refused = admin.post(f"/api/admin/users/{me['id']}/deactivate")
        assert refused.status_code == 403
        assert refused.json() == {"error": "You cannot deactivate your own account."}
        assert user.post(f"/api/admin/users/{me['id']}/admin").status_code == 403
        granted = admin.post(f"/api/admin/users/{found[0]['id']}/admin")
        assert granted.status_code == 200
        assert granted.json()["is_admin"] is True
        assert user.get("/api/admin/users").status_code == 200  # an administrator now
        assert admin.post("/api/admin/users/999999999/admin").status_code == 404


def test_mail_links_open_the_served_address(server_url: str, server_data_dir: Path) -> None:
    email = new_email()
    register(server_url, email)
    body = last_mail(server_data_dir, email).get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert f"{server_url}/verify-email?token=" in text  # PUBLIC_URL unset: where serve listens


def test_wrong_password_and_unknown_user_get_the_same_answer(server_url: str) -> None:
    email = new_email()
    register(server_url, email)
    answers = [
        httpx.post(
            f"{server_url}/api/auth/login",
            json={"email": who, "password": "wrong password"},
            headers=from_address(),
        )
        for who in (email, new_email())
    ]
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].json() == answers[1].json() == {"error": "wrong email or password"}


def test_repeated_failures_are_throttled_per_account(server_url: str) -> None:
    email = new_email()
    register(server_url, email)
    url = f"{server_url}/api/auth/login"
    wrong = {"email": email, "password": "wrong password"}
    # Each try from another address: only the account's count can engage.
    codes = [httpx.post(url, json=wrong, headers=from_address()).status_code for _ in range(5)]
    assert codes == [401] * 5
    slowed = httpx.post(url, json=wrong | {"password": PASSWORD}, headers=from_address())
    assert slowed.status_code == 429  # even the right password must wait now
    assert int(slowed.headers["Retry-After"]) >= 1
    assert slowed.json() == {"error": "too many failed log-ins: try again later"}


def test_repeated_failures_are_throttled_per_address(server_url: str) -> None:
    address = from_address()
    url = f"{server_url}/api/auth/login"
    guesses = [{"email": new_email(), "password": "guess"} for _ in range(6)]
    codes = [httpx.post(url, json=guess, headers=address).status_code for guess in guesses]
    assert codes == [401] * 5 + [429]


def test_every_response_has_the_security_headers(server_url: str) -> None:
    for path in ("/", "/about", "/healthz", "/api/notes", "/api/notes/987654", "/static/app.css"):
        headers = httpx.get(f"{server_url}{path}").headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Referrer-Policy"] == "same-origin", path
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp, path
        assert "connect-src 'self' ws: wss:" in csp, path


def test_bad_requests_get_a_clear_4xx_and_change_nothing(server_url: str) -> None:
    with sign_up(server_url) as user:
        cases = [
            ({"content": b"{nope", "headers": {"content-type": "application/json"}}, 400),
            ({"content": b"title=x", "headers": {"content-type": "text/plain"}}, 415),
            ({"json": {"title": "x", "owner": "someone-else"}}, 422),
            ({"json": ["not", "an", "object"]}, 422),
            ({"json": {"title": "x", "body": "y" * 1_100_000}}, 413),
        ]
        for request, status in cases:
            response = user.post("/api/notes", **request)  # type: ignore[arg-type]
            assert response.status_code == status, (request, response.text)
            assert response.json(), "every refusal explains itself"
        assert user.get("/api/notes").json() == []
        unknown = user.post("/api/notes", json={"title": "x", "owner": "someone-else"})
        assert unknown.json() == {"error": "owner: Extra inputs are not permitted"}


def test_the_pages_log_in_and_out_with_form_posts(server_url: str) -> None:
    email = new_email()
    ours = {"Origin": server_url}
    form = {"email": email, "password": PASSWORD}
    with httpx.Client(base_url=server_url) as browser:
        foreign = browser.post("/auth/signup", data=form, headers={"Origin": "http://evil.example"})
        assert foreign.status_code == 303
        assert foreign.headers["location"].startswith("/signup?error=")
        assert "session" not in browser.cookies
        short = browser.post("/auth/signup", data=form | {"password": "short"}, headers=ours)
        back = parse_qs(urlsplit(short.headers["location"]).query)
        assert back == {  # a sentence, beside its field, and the address kept (never the password)
            "error": ["Password must be at least 8 characters."],
            "field": ["password"],
            "email": [email],
        }
        signed_up = browser.post("/auth/signup", data=form, headers=ours)
        assert signed_up.status_code == 303
        assert signed_up.headers["location"] == "/"
        assert browser.get("/api/auth/me").json()["email"] == email

        # Log-out needs the page's CSRF token: without it nothing changes.
        assert browser.post("/auth/logout", headers=ours).status_code == 303
        assert browser.get("/api/auth/me").status_code == 200
        csrf = browser.cookies["csrf_token"]
        out = browser.post("/auth/logout", data={"csrf_token": csrf}, headers=ours)
        assert out.status_code == 303
        assert browser.get("/api/auth/me").status_code == 401

        wrong = browser.post("/auth/login", data=form | {"password": "not it"}, headers=ours)
        assert wrong.headers["location"] == (
            f"/login?error=Wrong+email+or+password.&field=&email={email.replace('@', '%40')}"
        )
        again = browser.post("/auth/login", data=form, headers=ours)
        assert again.headers["location"] == "/"
        assert browser.get("/api/auth/me").json()["email"] == email


def test_the_account_pages_are_served(server_url: str) -> None:
    for path in ("/login", "/signup", "/account", "/forgot-password", "/reset-password", "/admin"):
        response = httpx.get(f"{server_url}{path}")
        assert response.status_code == 200, path
        assert "/_reactpy/assets/" in response.text
