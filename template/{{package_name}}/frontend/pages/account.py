"""Account pages: log in, sign up, the account (password, log out), mail links.

Log-in, sign-up and log-out are plain HTML forms the browser posts to /auth/...
(`backend/routes/auth_forms.py`): only an HTTP answer can set or clear the session
cookie. The other pages work through the websocket like every ReactPy page.
"""

from typing import Any

from reactpy import component, event, html, use_state
from reactpy.types import VdomDict
from reactpy_router import link, use_search_params

from ...errors import AppError
from ...shared_models import PasswordChange, PasswordReset
from ...shared_models.validation import validated
from ..hooks import use_account_manager_factory, use_actor, use_csrf_token
from ..notices import notice
from ..reactpy_compat import use_effect

SENT = "If an account has this address, a link is on its way."


def _query(name: str) -> str:
    return (use_search_params().get(name) or [""])[0]


def _entry_form(action: str, title: str, button: str) -> VdomDict:
    return html.form(
        {"id": f"{action}-form", "action": f"/auth/{action}", "method": "post"},
        html.h1(title),
        html.label("Email", html.input({"id": "email", "name": "email", "type": "email"})),
        html.label(
            "Password",
            html.input({"id": "password", "name": "password", "type": "password"}),
        ),
        html.button({"type": "submit", "id": f"{action}-submit"}, button),
    )


@component
def LoginPage() -> VdomDict:
    return html.section(
        {"id": "login-page"},
        _entry_form("login", "Log in", "Log in"),
        notice(_query("error")),
        html.p(link({"to": "/forgot-password"}, "Forgot your password?")),
        html.p("No account yet? ", link({"to": "/signup"}, "Sign up")),
    )


@component
def SignUpPage() -> VdomDict:
    return html.section(
        {"id": "signup-page"},
        _entry_form("signup", "Sign up", "Create my account"),
        notice(_query("error")),
        html.p("Passwords have at least 8 characters."),
    )


@component
def AccountPage() -> VdomDict:
    user = use_actor().user
    csrf_token = use_csrf_token()
    account_manager = use_account_manager_factory()
    current, set_current = use_state("")
    new, set_new = use_state("")
    message, set_message = use_state("")

    @event(prevent_default=True)
    async def change_password(_event: dict[str, Any]) -> None:
        try:
            form = validated(PasswordChange, {"current_password": current, "new_password": new})
            async with account_manager() as manager:
                await manager.change_password(form)  # refused if the session has ended
        except AppError as exc:
            set_message(exc.message)
            return
        set_current("")
        set_new("")
        set_message("Password changed; your other sessions were logged out.")

    if user is None:
        return html.section(
            {"id": "account-page"}, html.p(link({"to": "/login"}, "Log in"), " first.")
        )
    return html.section(
        {"id": "account-page"},
        html.h1("Your account"),
        html.p({"id": "account-email"}, user.email),
        html.form(
            {"id": "password-form", "on_submit": change_password},
            html.h2("Change your password"),
            html.input(
                {
                    "id": "current-password",
                    "type": "password",
                    "placeholder": "Current password",
                    "value": current,
                    "on_change": lambda e: set_current(e["target"]["value"]),
                }
            ),
            html.input(
                {
                    "id": "new-password",
                    "type": "password",
                    "placeholder": "New password",
                    "value": new,
                    "on_change": lambda e: set_new(e["target"]["value"]),
                }
            ),
            html.button({"type": "submit", "id": "change-password"}, "Change password"),
        ),
        html.p({"id": "account-message", "role": "status"}, message) if message else "",
        _logout_form(csrf_token),
    )


def _logout_form(csrf_token: str) -> VdomDict:
    """Posted by the browser: the answer clears the cookies. The CSRF token rides along."""
    return html.form(
        {"id": "logout-form", "action": "/auth/logout", "method": "post"},
        html.input({"type": "hidden", "name": "csrf_token", "value": csrf_token}),
        html.button({"type": "submit", "id": "logout"}, "Log out"),
    )


@component
def ForgotPasswordPage() -> VdomDict:
    account_manager = use_account_manager_factory()
    email, set_email = use_state("")
    sent, set_sent = use_state(False)

    @event(prevent_default=True)
    async def ask(_event: dict[str, Any]) -> None:
        async with account_manager() as manager:
            await manager.request_reset(email)
        set_sent(True)

    return html.section(
        {"id": "forgot-password-page"},
        html.h1("Forgot your password?"),
        html.p(
            {"id": "reset-sent", "role": "status"},
            "If an account has this address, a link is on its way.",
        )
        if sent
        else html.form(
            {"id": "reset-request-form", "on_submit": ask},
            html.input(
                {
                    "id": "reset-email",
                    "type": "email",
                    "placeholder": "Your email address",
                    "value": email,
                    "on_change": lambda e: set_email(e["target"]["value"]),
                }
            ),
            html.button({"type": "submit", "id": "reset-request"}, "Mail me a link"),
        ),
    )


@component
def ResetPasswordPage() -> VdomDict:
    token = _query("token")
    account_manager = use_account_manager_factory()
    new, set_new = use_state("")
    message, set_message = use_state("")
    done, set_done = use_state(False)

    @event(prevent_default=True)
    async def reset(_event: dict[str, Any]) -> None:
        try:
            form = validated(PasswordReset, {"token": token, "new_password": new})
            async with account_manager() as manager:
                await manager.reset_password(form)
        except AppError as exc:
            set_message(exc.message)
            return
        set_done(True)

    if done:
        return html.section(
            {"id": "reset-password-page"},
            html.p({"id": "reset-done"}, "Password changed. ", link({"to": "/login"}, "Log in")),
        )
    return html.section(
        {"id": "reset-password-page"},
        html.h1("Choose a new password"),
        html.form(
            {"id": "reset-form", "on_submit": reset},
            html.input(
                {
                    "id": "reset-new-password",
                    "type": "password",
                    "placeholder": "New password",
                    "value": new,
                    "on_change": lambda e: set_new(e["target"]["value"]),
                }
            ),
            html.button({"type": "submit", "id": "reset-submit"}, "Set password"),
        ),
        notice(message),
    )


@component
def VerifyEmailPage() -> VdomDict:
    token = _query("token")
    account_manager = use_account_manager_factory()
    outcome, set_outcome = use_state("Checking your link...")

    @use_effect(dependencies=[token])
    async def verify() -> None:
        try:
            async with account_manager() as manager:
                user = await manager.verify_email(token)
        except AppError as exc:
            set_outcome(exc.message)
            return
        set_outcome(f"{user.email} is confirmed. Thank you!")

    return html.section(
        {"id": "verify-email-page"},
        html.h1("Email address"),
        html.p({"id": "verify-outcome"}, outcome),
    )
