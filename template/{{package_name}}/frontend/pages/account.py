"""Account pages: log in, sign up, the account (status, password, log out), mail links.

Log-in, sign-up and log-out are plain HTML forms the browser posts to /auth/...
(`backend/routes/auth_forms.py`): only an HTTP answer can set or clear the session
cookie. A refused post comes back here with `?error=...&field=...&email=...`, so the form
shows the sentence beside its field and keeps the address typed. The other pages work
through the websocket like every ReactPy page.
"""

from typing import Any

from pydantic import ValidationError
from reactpy import component, event, html, use_state
from reactpy.types import VdomDict
from reactpy_router import link, use_search_params

from ...errors import AppError
from ...messages import field_problems, from_detail, sentence
from ...shared_models import PasswordChange, PasswordReset
from ..components import auth_layout, badge, button, field, notice, page_header
from ..components.feedback import NO_MESSAGE, Tone
from ..components.layout import logout_form
from ..hooks import use_account_manager_factory, use_actor, use_csrf_token
from ..reactpy_compat import use_effect

SENT = "If an account has this address, a link is on its way."
CHECKING: tuple[str, Tone] = ("Checking your link…", "info")
FIELDS_OF_CREDENTIALS = ("email", "password")


def _query(name: str) -> str:
    return (use_search_params().get(name) or [""])[0]


def _entry_form(action: str, button_label: str, *, hint: str = "") -> VdomDict:
    """The posted form, with the refusal it came back with shown beside its field."""
    error, failed_field, email = _query("error"), _query("field"), _query("email")
    field_error = {failed_field: error} if failed_field in FIELDS_OF_CREDENTIALS else {}
    return html.form(
        {
            "id": f"{action}-form",
            "class_name": "form",
            "action": f"/auth/{action}",
            "method": "post",
        },
        notice(error, "error", id=f"{action}-error") if error and not field_error else "",
        field(
            "email",
            "Email",
            name="email",
            type="email",
            value=email,
            autocomplete="email",
            required=True,
            error=field_error.get("email", ""),
        ),
        field(
            "password",
            "Password",
            name="password",
            type="password",
            autocomplete="current-password" if action == "login" else "new-password",
            required=True,
            hint=hint,
            error=field_error.get("password", ""),
        ),
        button(button_label, type="submit", block=True, id=f"{action}-submit"),
    )


@component
def LoginPage() -> VdomDict:
    return auth_layout(
        "login-page",
        "Log in",
        "Welcome back.",
        _entry_form("login", "Log in"),
        links=[
            html.p({"key": "forgot"}, link({"to": "/forgot-password"}, "Forgot your password?")),
            html.p({"key": "signup"}, "No account yet? ", link({"to": "/signup"}, "Sign up")),
        ],
    )


@component
def SignUpPage() -> VdomDict:
    return auth_layout(
        "signup-page",
        "Create your account",
        "It takes an email address and a password.",
        _entry_form("signup", "Create my account", hint="At least 8 characters."),
        links=html.p("Already have an account? ", link({"to": "/login"}, "Log in")),
    )


def _sign_in_first(page_id: str) -> VdomDict:
    return auth_layout(
        page_id,
        "Log in first",
        "This page shows your account.",
        html.p(
            {"class_name": "row"},
            link({"to": "/login", "class_name": "button button-block"}, "Log in"),
        ),
    )


@component
def AccountPage() -> VdomDict:
    user = use_actor().user
    csrf_token = use_csrf_token()
    account_manager = use_account_manager_factory()
    current, set_current = use_state("")
    new, set_new = use_state("")
    errors, set_errors = use_state(dict[str, str]())
    message, set_message = use_state(NO_MESSAGE)
    verify_message, set_verify_message = use_state(NO_MESSAGE)

    @event(prevent_default=True)
    async def change_password(_event: dict[str, Any]) -> None:
        try:
            form = PasswordChange(current_password=current, new_password=new)
        except ValidationError as exc:
            set_errors(field_problems(exc))
            set_message(("", "info"))
            return
        try:
            async with account_manager() as manager:
                await manager.change_password(form)  # refused if the session has ended
        except AppError as exc:
            failed, text = from_detail(exc.message)
            if failed in ("current_password", "new_password"):
                set_errors({failed: text})
                set_message(("", "info"))
            else:
                set_errors({})
                set_message((text, "error"))
            return
        set_current("")
        set_new("")
        set_errors({})
        set_message(("Password changed; your other sessions were logged out.", "success"))

    async def resend(_event: dict[str, Any]) -> None:
        try:
            async with account_manager() as manager:
                await manager.resend_verification()  # refused if the session has ended
        except AppError as exc:
            set_verify_message((sentence(exc.message), "error"))
            return
        set_verify_message(
            (
                f"A new confirmation link is on its way to {user.email if user else 'you'}.",
                "success",
            )
        )

    if user is None:
        return _sign_in_first("account-page")
    verified = user.email_verified
    text, tone = message
    verify_text, verify_tone = verify_message
    return html.section(
        {"id": "account-page", "class_name": "stack"},
        page_header("Your account", "Your address, your password, your session."),
        html.section(
            {"class_name": "card", "aria-labelledby": "profile-heading"},
            html.h2({"id": "profile-heading"}, "Profile"),
            html.dl(
                {"class_name": "details"},
                html.dt("Email"),
                html.dd({"id": "account-email"}, user.email),
                html.dt("Address"),
                html.dd(
                    {"id": "account-verified"},
                    badge("Confirmed", "success")
                    if verified
                    else badge("Not confirmed yet", "warning"),
                ),
                html.dt("Role"),
                html.dd(badge("Administrator", "info") if user.is_admin else badge("User")),
            ),
            notice(verify_text, verify_tone, id="verify-message"),
            ""
            if verified
            else html.div(
                {"class_name": "row"},
                html.p({"class_name": "muted"}, "Check your mail for the confirmation link."),
                button(
                    "Send the link again",
                    resend,
                    variant="secondary",
                    small=True,
                    id="resend-verification",
                ),
            ),
        ),
        html.section(
            {"class_name": "card", "aria-labelledby": "password-heading"},
            html.h2({"id": "password-heading"}, "Change your password"),
            notice(text, tone, id="account-message"),
            html.form(
                {
                    "id": "password-form",
                    "class_name": "form",
                    "on_submit": change_password,
                    "novalidate": True,
                },
                field(
                    "current-password",
                    "Current password",
                    type="password",
                    value=current,
                    on_change=set_current,
                    autocomplete="current-password",
                    error=errors.get("current_password", ""),
                ),
                field(
                    "new-password",
                    "New password",
                    type="password",
                    value=new,
                    on_change=set_new,
                    autocomplete="new-password",
                    hint="At least 8 characters.",
                    error=errors.get("new_password", ""),
                ),
                html.div(
                    {"class_name": "form-actions"},
                    button("Change password", type="submit", id="change-password"),
                ),
            ),
        ),
        html.section(
            {"class_name": "card", "aria-labelledby": "session-heading"},
            html.h2({"id": "session-heading"}, "Session"),
            html.p({"class_name": "muted"}, "Log out of this browser."),
            logout_form(csrf_token),
        ),
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

    return auth_layout(
        "forgot-password-page",
        "Forgot your password?",
        "We will mail you a link to choose a new one.",
        notice(SENT, "success", id="reset-sent")
        if sent
        else html.form(
            {"id": "reset-request-form", "class_name": "form", "on_submit": ask},
            field(
                "reset-email",
                "Email",
                type="email",
                value=email,
                on_change=set_email,
                autocomplete="email",
                required=True,
            ),
            button("Mail me a link", type="submit", block=True, id="reset-request"),
        ),
        links=html.p(link({"to": "/login"}, "Back to log in")),
    )


@component
def ResetPasswordPage() -> VdomDict:
    token = _query("token")
    account_manager = use_account_manager_factory()
    new, set_new = use_state("")
    error, set_error = use_state("")
    link_error, set_link_error = use_state("")
    done, set_done = use_state(False)

    @event(prevent_default=True)
    async def reset(_event: dict[str, Any]) -> None:
        try:
            form = PasswordReset(token=token, new_password=new)
        except ValidationError as exc:
            problems = field_problems(exc)
            set_error(problems.get("new_password", ""))
            set_link_error("" if "new_password" in problems else next(iter(problems.values())))
            return
        try:
            async with account_manager() as manager:
                await manager.reset_password(form)
        except AppError as exc:
            set_error("")
            set_link_error(sentence(exc.message))
            return
        set_done(True)

    if done:
        return auth_layout(
            "reset-password-page",
            "Password changed",
            "",
            html.p(
                {"id": "reset-done"}, "Your new password is set. ", link({"to": "/login"}, "Log in")
            ),
        )
    return auth_layout(
        "reset-password-page",
        "Choose a new password",
        "Every session of your account will end.",
        html.form(
            {"id": "reset-form", "class_name": "form", "on_submit": reset, "novalidate": True},
            notice(link_error, "error", id="reset-error"),
            field(
                "reset-new-password",
                "New password",
                type="password",
                value=new,
                on_change=set_new,
                autocomplete="new-password",
                hint="At least 8 characters.",
                error=error,
            ),
            button("Set password", type="submit", block=True, id="reset-submit"),
        ),
        links=html.p(link({"to": "/forgot-password"}, "Ask for a new link")),
    )


@component
def VerifyEmailPage() -> VdomDict:
    token = _query("token")
    account_manager = use_account_manager_factory()
    outcome, set_outcome = use_state(CHECKING)

    @use_effect(dependencies=[token])
    async def verify() -> None:
        try:
            async with account_manager() as manager:
                user = await manager.verify_email(token)
        except AppError as exc:
            set_outcome((sentence(exc.message), "error"))
            return
        set_outcome((f"{user.email} is confirmed. Thank you!", "success"))

    text, tone = outcome
    return auth_layout(
        "verify-email-page",
        "Email address",
        "",
        html.div({"id": "verify-outcome"}, notice(text, tone)),
        links=html.p(link({"to": "/"}, "Go to your notes")),
    )
