"""The administrators' page: find accounts, deactivate and reactivate them, make admins.

The manager decides who may do what (and refuses deactivating yourself or the last
administrator); this page shows its answers as notices.
"""

from typing import Any, cast

from reactpy import component, event, html, use_state
from reactpy.types import VdomDict
from reactpy_router import link

from ...errors import AppError
from ...messages import sentence
from ...shared_models import UserView
from ..components import (
    PAGE_SIZE,
    Column,
    Page,
    auth_layout,
    badge,
    button,
    confirm_dialog,
    data_table,
    empty_state,
    field,
    loading,
    notice,
    page_header,
    pager,
)
from ..components.feedback import NO_MESSAGE
from ..hooks import use_actor, use_signed_in_account_factory
from ..reactpy_compat import use_effect

ACTIONS = {
    "deactivate": (
        "Deactivate this account?",
        "{email} is logged out at once and cannot log in until reactivated.",
        "Deactivate",
    ),
    "activate": ("Reactivate this account?", "{email} can log in again.", "Reactivate"),
    "admin": (
        "Make this account an administrator?",
        "{email} can then manage every account.",
        "Make admin",
    ),
}


def _id(user: UserView) -> int:
    return user.id


def _status(user: UserView) -> VdomDict:
    return badge("Active", "success") if user.is_active else badge("Deactivated", "danger")


@component
def AdminPage() -> VdomDict:
    viewer = use_actor().user
    signed_in = use_signed_in_account_factory()  # read afresh: a page may outlive its admin
    page, set_page = use_state(cast(Page[UserView] | None, None))  # None: loading
    offset, set_offset = use_state(0)
    typed, set_typed = use_state("")
    search, set_search = use_state("")
    version, set_version = use_state(0)
    message, set_message = use_state(NO_MESSAGE)
    pending, set_pending = use_state(cast(tuple[str, UserView] | None, None))  # awaiting a yes

    @use_effect(dependencies=[offset, search, version])
    async def load_users() -> None:
        if viewer is None or not viewer.is_admin:
            return
        try:
            async with signed_in() as (manager, _acting):
                fetched = await manager.list_users(
                    limit=PAGE_SIZE + 1, offset=offset, search=search
                )
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            set_page(Page.of([], offset))
            return
        set_page(Page.of(list(fetched), offset))

    @event(prevent_default=True)
    def find(_event: dict[str, Any]) -> None:
        set_offset(0)
        set_search(typed.strip())

    async def confirm(_event: dict[str, Any]) -> None:
        if pending is None:
            return
        action, target = pending
        set_pending(None)
        try:
            async with signed_in() as (manager, _acting):
                if action == "admin":
                    changed = await manager.grant_admin(_id(target))
                else:
                    changed = await manager.set_active(_id(target), action == "activate")
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            return
        done = {
            "deactivate": "deactivated",
            "activate": "reactivated",
            "admin": "is now an administrator",
        }
        verb = done[action]
        set_message((f"{changed.email} {verb}.", "success"))
        set_version(version + 1)

    if viewer is None:
        return auth_layout(
            "admin-page",
            "Administrators only",
            "Log in with an administrator's account to manage accounts.",
            html.p(link({"to": "/login", "class_name": "button button-block"}, "Log in")),
        )
    if not viewer.is_admin:
        return html.section(
            {"id": "admin-page", "class_name": "stack"},
            page_header("Accounts"),
            notice(
                "Only administrators can manage accounts. Ask one to make you an administrator.",
                "warning",
                id="admin-refused",
            ),
        )

    def actions(user: UserView) -> list[Any]:
        buttons: list[Any] = []
        if user.is_active:
            if user.id != viewer.id:
                buttons.append(
                    button(
                        "Deactivate",
                        lambda _e: set_pending(("deactivate", user)),
                        variant="danger",
                        small=True,
                        id=f"deactivate-{user.id}",
                        aria_label=f"Deactivate {user.email}",
                    )
                )
        else:
            buttons.append(
                button(
                    "Reactivate",
                    lambda _e: set_pending(("activate", user)),
                    variant="secondary",
                    small=True,
                    id=f"activate-{user.id}",
                    aria_label=f"Reactivate {user.email}",
                )
            )
        if not user.is_admin:
            buttons.append(
                button(
                    "Make admin",
                    lambda _e: set_pending(("admin", user)),
                    variant="secondary",
                    small=True,
                    id=f"grant-admin-{user.id}",
                    aria_label=f"Make {user.email} an administrator",
                )
            )
        return buttons or [html.span({"class_name": "muted"}, "You")]

    columns: list[Column[UserView]] = [
        Column(
            "Email",
            lambda u: html.span(u.email, " ", badge("you", "info") if u.id == viewer.id else ""),
        ),
        Column("Status", _status),
        Column("Role", lambda u: badge("Administrator", "info") if u.is_admin else badge("User")),
        Column(
            "Address",
            lambda u: (
                badge("Confirmed", "success")
                if u.email_verified
                else badge("Not confirmed", "warning")
            ),
        ),
        Column("Joined", lambda u: html.time(u.created_at.strftime("%Y-%m-%d"))),
    ]
    if page is None:
        listing: Any = loading("Loading accounts…")
    elif not page.rows:
        listing = empty_state(
            "No account matches" if search else "No accounts",
            f"Nothing contains “{search}”." if search else "",
            id="users-empty",
        )
    else:
        listing = html.div(
            data_table("users-table", "Accounts", columns, page.rows, key=_id, actions=actions),
            pager(page, set_offset, id="users-pager"),
        )
    text, tone = message
    dialog: Any = ""
    if pending is not None:
        title, body, label = ACTIONS[pending[0]]
        dialog = confirm_dialog(
            "admin-confirm",
            title,
            body.format(email=pending[1].email),
            confirm_label=label,
            on_confirm=confirm,
            on_cancel=lambda: set_pending(None),
            danger=pending[0] == "deactivate",
        )
    return html.section(
        {"id": "admin-page", "class_name": "stack"},
        page_header(
            "Accounts", "Find accounts, deactivate or reactivate them, make administrators."
        ),
        notice(text, tone, id="admin-message"),
        html.div(
            html.form(
                {
                    "id": "user-search",
                    "class_name": "search-form",
                    "role": "search",
                    "on_submit": find,
                },
                field(
                    "user-search-input",
                    "Search by email",
                    value=typed,
                    on_change=set_typed,
                    type="search",
                    placeholder="name@example.org",
                ),
                button("Search", type="submit", variant="secondary", id="user-search-submit"),
            ),
            html.div({"id": "user-list"}, listing),
        ),
        dialog,
    )
