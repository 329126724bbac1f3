"""What any address that matches no page shows."""

from reactpy import component, html, use_location
from reactpy.types import VdomDict
from reactpy_router import link


@component
def NotFoundPage() -> VdomDict:
    path = use_location().pathname
    return html.section(
        {"id": "not-found", "class_name": "not-found"},
        html.p({"class_name": "code", "aria-hidden": "true"}, "404"),
        html.h1("Page not found"),
        html.p({"class_name": "muted"}, f"Nothing lives at {path}."),
        link({"to": "/", "class_name": "button"}, "Go to your notes"),
    )
