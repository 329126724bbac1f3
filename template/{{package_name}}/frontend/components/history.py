"""A row's change history in a dialog: who created, changed and deleted it, when, and what.

Sensitive fields show only that they changed: their values are never recorded.
"""

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, cast

from reactpy import component, html, use_state
from reactpy.types import VdomDict

from ...errors import AppError
from ...messages import sentence
from ...shared_models.history import FieldChange, HistoryEntry
from ..reactpy_compat import use_effect
from .dialog import info_dialog
from .feedback import badge, empty_state, loading, notice

_ACTIONS = {
    "insert": ("Created", "success"),
    "update": ("Changed", "info"),
    "delete": ("Deleted", "danger"),
}


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return f"“{value}”" if value else "(empty)"
    return json.dumps(value)


def _who(entry: HistoryEntry, me: int | None) -> str:
    if entry.actor_id is None:
        return "the command line"
    return "you" if entry.actor_id == me else f"user {entry.actor_id}"


def _change(name: str, label: str, change: FieldChange | str) -> VdomDict:
    if isinstance(change, FieldChange):
        described: Any = html.span(
            html.span({"class_name": "history-old"}, _value(change.old)),
            " → ",
            html.span({"class_name": "history-new"}, _value(change.new)),
        )
    else:
        described = html.span({"class_name": "muted"}, "changed (not shown)")
    return html.li({"key": name}, html.strong(label), ": ", described)


def history_list(
    entries: Sequence[HistoryEntry], labels: Mapping[str, str], me: int | None, *, id: str
) -> VdomDict:
    items = []
    for entry in entries:
        action, tone = _ACTIONS[entry.action]
        changes = [
            _change(name, labels.get(name, name.replace("_", " ").capitalize()), change)
            for name, change in entry.changes.items()
        ]
        items.append(
            html.li(
                {"key": str(entry.id), "class_name": "history-entry", "data-action": entry.action},
                html.div(
                    {"class_name": "row history-heading"},
                    badge(action, cast(Any, tone)),
                    html.span(f"by {_who(entry, me)}"),
                    html.time(
                        {"class_name": "muted", "date_time": entry.at.isoformat()},
                        entry.at.strftime("%Y-%m-%d %H:%M UTC"),
                    ),
                ),
                html.ul({"class_name": "history-changes"}, changes) if changes else "",
            )
        )
    return html.ol({"id": id, "class_name": "history"}, items)


@component
def HistoryDialog(
    id: str,
    title: str,
    load: Callable[[], Awaitable[Sequence[HistoryEntry]]],
    on_close: Callable[[], None],
    labels: Mapping[str, str] | None = None,
    me: int | None = None,
) -> VdomDict:
    """`load` reads the history (through the row's manager); `labels` names the fields."""
    entries, set_entries = use_state(cast(Sequence[HistoryEntry] | None, None))
    problem, set_problem = use_state("")

    @use_effect(dependencies=[])
    async def read() -> None:
        try:
            set_entries(await load())
        except AppError as exc:
            set_problem(sentence(exc.message))
            set_entries([])

    if entries is None:
        shown: Any = loading("Loading the history…", rows=2)
    elif problem:
        shown = notice(problem, "error", id=f"{id}-problem")
    elif not entries:
        shown = empty_state("No history yet", "Changes made from now on are listed here.")
    else:
        shown = history_list(entries, labels or {}, me, id=f"{id}-entries")
    return info_dialog(id, title, shown, on_close=on_close)
