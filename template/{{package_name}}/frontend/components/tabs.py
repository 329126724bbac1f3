"""Tabs that are links: each tab is a page of its own (`/admin`, `/admin/jobs`), so a tab
can be bookmarked, reloads as itself, and works by keyboard with no script; the current
one is marked `aria-current="page"`."""

from collections.abc import Sequence
from dataclasses import dataclass

from reactpy import html
from reactpy.types import VdomDict
from reactpy_router import link


@dataclass(frozen=True)
class Tab:
    to: str
    label: str


def tab_links(label: str, tabs: Sequence[Tab], current: str, *, id: str) -> VdomDict:
    """The tabs of a page, `current` being the `to` of the one shown."""

    def tab(item: Tab) -> VdomDict:
        attributes = {"to": item.to, "class_name": "tab", "id": f"{id}-{item.to.strip('/')}"}
        if item.to == current:
            attributes["aria-current"] = "page"
        return html.li({"key": item.to}, link(attributes, item.label))

    return html.nav(
        {"class_name": "tabs", "aria-label": label, "id": id},
        html.ul([tab(item) for item in tabs]),
    )
