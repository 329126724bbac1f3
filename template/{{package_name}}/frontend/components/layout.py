"""The frame of every page: header with nav, who is signed in, log-out and theme toggle."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reactpy import component, html, use_location
from reactpy.types import VdomDict
from reactpy_router import link

from ..hooks import use_actor, use_csrf_token


@dataclass(frozen=True)
class NavItem:
    to: str
    label: str
    admin_only: bool = False


def _nav_link(item: NavItem, current: str) -> VdomDict:
    active = current == item.to or (item.to != "/" and current.startswith(item.to + "/"))
    attributes: dict[str, Any] = {"to": item.to, "class_name": "nav-link"}
    if active:
        attributes["aria-current"] = "page"
    return html.li({"key": item.to}, link(attributes, item.label))


def logout_form(csrf_token: str, *, id: str = "logout-form", block: bool = False) -> VdomDict:
    """Posted by the browser: only an HTTP answer can clear the session cookie."""
    return html.form(
        {"id": id, "action": "/auth/logout", "method": "post"},
        html.input({"type": "hidden", "name": "csrf_token", "value": csrf_token}),
        html.button(
            {
                "type": "submit",
                "id": "logout" if id == "logout-form" else f"{id}-submit",
                "class_name": "button button-secondary button-small"
                + (" button-block" if block else ""),
            },
            "Log out",
        ),
    )


@component
def AppLayout(page: Any, brand: str, items: Sequence[NavItem]) -> VdomDict:
    user = use_actor().user
    csrf_token = use_csrf_token()
    current = use_location().pathname
    visible = [i for i in items if not i.admin_only or (user is not None and user.is_admin)]
    theme = html.li(
        html.button(
            {
                "type": "button",
                "id": "theme-toggle",
                "class_name": "button button-ghost button-small theme-toggle",
                "data-theme-toggle": "true",
                "aria-label": "Switch between light and dark theme",
            },
            html.span({"aria-hidden": "true"}, "◐"),
            html.span({"class_name": "theme-label"}, " Theme"),  # only the icon when narrow
        )
    )
    if user is not None:
        account = [
            html.li(
                {"key": "who"},
                link(
                    {"to": "/account", "id": "nav-account", "class_name": "nav-link nav-user"},
                    user.email,
                ),
            ),
            html.li({"key": "out"}, logout_form(csrf_token, id="nav-logout")),
        ]
    else:
        account = [
            _nav_link(NavItem("/login", "Log in"), current),
            html.li(
                {"key": "/signup"},
                link({"to": "/signup", "class_name": "button button-small"}, "Sign up"),
            ),
        ]
    return html.div(
        {"class_name": "app"},
        html.a({"href": "#main", "class_name": "skip-link"}, "Skip to content"),
        html.header(
            {"class_name": "app-header"},
            html.div(
                {"class_name": "app-header-inner"},
                html.span(link({"to": "/", "class_name": "brand"}, brand)),  # one flex item
                html.nav(
                    {"aria-label": "Main"},
                    html.ul({"class_name": "nav-links"}, [_nav_link(i, current) for i in visible]),
                ),
                html.ul({"class_name": "nav-account", "aria-label": "Account"}, theme, *account),
            ),
        ),
        html.main({"id": "main", "class_name": "app-main", "tabindex": "-1"}, page),
    )


def page_header(title: str, subtitle: str = "", *actions: Any) -> VdomDict:
    return html.div(
        {"class_name": "page-header"},
        html.div(html.h1(title), html.p(subtitle) if subtitle else ""),
        html.div({"class_name": "row"}, *actions) if actions else "",
    )


def auth_layout(id: str, title: str, lead: str, *body: Any, links: Any = "") -> VdomDict:
    """A narrow centred card for log-in, sign-up and the mail-link pages."""
    return html.section(
        {"id": id, "class_name": "auth-layout"},
        html.div(
            {"class_name": "card"},
            html.h1(title),
            html.p({"class_name": "lead"}, lead) if lead else "",
            *body,
        ),
        html.div({"class_name": "auth-links"}, links) if links else "",
    )
