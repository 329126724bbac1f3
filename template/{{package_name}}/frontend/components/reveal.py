"""A sensitive value hidden behind dots until its reader asks to see it."""

from typing import Any

from reactpy import component, html, use_state
from reactpy.types import VdomDict

from .forms import button

HIDDEN = "••••••••"


@component
def Revealable(value: str | None, label: str, id: str) -> VdomDict:
    shown, set_shown = use_state(False)
    if value is None or value == "":
        return html.span({"class_name": "muted"}, "—")

    def toggle(_event: dict[str, Any]) -> None:
        set_shown(not shown)

    return html.span(
        {"class_name": "row"},
        html.span({"id": id, "class_name": "secret"}, value if shown else HIDDEN),
        button(
            "Hide" if shown else "Reveal",
            toggle,
            variant="ghost",
            small=True,
            id=f"{id}-toggle",
            aria_label=f"{'Hide' if shown else 'Reveal'} {label}",
        ),
    )
