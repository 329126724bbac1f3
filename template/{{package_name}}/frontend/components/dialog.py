"""Modal dialogs: a confirmation, and a form (edit a row). The page holds whether one is open."""

from collections.abc import Callable
from typing import Any

from reactpy import event, html
from reactpy.types import VdomDict

from .forms import button


def _dialog(id: str, title: str, *body: Any, on_cancel: Callable[[], None]) -> VdomDict:
    def escape(key_event: dict[str, Any]) -> None:
        if key_event.get("key") == "Escape":
            on_cancel()

    return html.div(
        {"class_name": "dialog-backdrop", "on_key_down": escape},
        html.div(
            {
                "id": id,
                "class_name": "dialog",
                "role": "dialog",
                "aria-modal": "true",
                "aria-labelledby": f"{id}-heading",
            },
            html.h2({"id": f"{id}-heading"}, title),
            *body,
        ),
    )


def confirm_dialog(
    id: str,
    title: str,
    message: str,
    *,
    confirm_label: str,
    on_confirm: Callable[[dict[str, Any]], Any],
    on_cancel: Callable[[], None],
    danger: bool = True,
) -> VdomDict:
    """Asks before something that cannot be undone. Escape or Cancel closes it."""
    return _dialog(
        id,
        title,
        html.p(message),
        html.div(
            {"class_name": "form-actions"},
            button("Cancel", lambda _e: on_cancel(), variant="secondary", id=f"{id}-cancel"),
            button(
                confirm_label,
                on_confirm,
                variant="danger" if danger else "primary",
                id=f"{id}-confirm",
            ),
        ),
        on_cancel=on_cancel,
    )


def form_dialog(
    id: str,
    title: str,
    *fields: Any,
    submit_label: str,
    on_submit: Callable[[dict[str, Any]], Any],
    on_cancel: Callable[[], None],
) -> VdomDict:
    @event(prevent_default=True)
    async def submit(form_event: dict[str, Any]) -> None:
        await on_submit(form_event)

    return _dialog(
        id,
        title,
        html.form(
            {"id": f"{id}-form", "class_name": "form", "on_submit": submit, "novalidate": True},
            *fields,
            html.div(
                {"class_name": "form-actions"},
                button("Cancel", lambda _e: on_cancel(), variant="secondary", id=f"{id}-cancel"),
                button(submit_label, type="submit", id=f"{id}-submit"),
            ),
        ),
        on_cancel=on_cancel,
    )


def info_dialog(id: str, title: str, *body: Any, on_close: Callable[[], None]) -> VdomDict:
    """Shows something to read (a row's history, say). Escape or Close closes it."""
    return _dialog(
        id,
        title,
        *body,
        html.div(
            {"class_name": "form-actions"},
            button("Close", lambda _e: on_close(), variant="secondary", id=f"{id}-close"),
        ),
        on_cancel=on_close,
    )
