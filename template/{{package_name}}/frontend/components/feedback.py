"""Notices, badges, figures, and what a list shows while it loads or when it is empty."""

from collections.abc import Sequence
from typing import Any, Literal

from reactpy import html
from reactpy.types import VdomDict

Tone = Literal["info", "success", "error", "warning"]
NO_MESSAGE: tuple[str, Tone] = ("", "info")
"""The start of a page's (message, tone) state: nothing to say."""


def notice(message: str, tone: Tone = "info", *, id: str | None = None) -> VdomDict | str:
    """A message for the whole page. Errors are announced at once (role=alert)."""
    if not message:
        return ""
    attributes: dict[str, Any] = {
        "class_name": f"notice notice-{tone}",
        "role": "alert" if tone == "error" else "status",
    }
    if id:
        attributes["id"] = id
    return html.div(attributes, html.p(message))


def badge(
    text: str, tone: Literal["neutral", "success", "danger", "info", "warning"] = "neutral"
) -> VdomDict:
    return html.span({"class_name": f"badge badge-{tone}"}, text)


def empty_state(title: str, hint: str = "", *, id: str | None = None) -> VdomDict:
    attributes: dict[str, Any] = {"class_name": "empty-state"}
    if id:
        attributes["id"] = id
    return html.div(attributes, html.h2(title), html.p(hint) if hint else "")


def loading(label: str = "Loading…", rows: int = 3) -> VdomDict:
    """Placeholder rows while data loads; screen readers hear `label`."""
    return html.div(
        {"class_name": "loading", "role": "status", "aria-live": "polite", "aria-busy": "true"},
        html.span({"class_name": "visually-hidden"}, label),
        [html.div({"key": str(n), "class_name": "skeleton"}) for n in range(rows)],
    )


def stat_list(figures: Sequence[tuple[str, int | str]], *, id: str) -> VdomDict:
    """Figures with their names (jobs by state): a row of small cards, wrapping when narrow;
    put a heading before it."""
    return html.dl(
        {"class_name": "stat-list", "id": id},
        [
            html.div(
                {"key": name, "class_name": "stat", "data-stat": name},
                html.dt(name),
                html.dd(str(value)),
            )
            for name, value in figures
        ],
    )
