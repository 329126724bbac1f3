"""A refusal shown on a page: the same message the API answers with (`errors.AppError`)."""

from reactpy import html
from reactpy.types import VdomDict


def notice(message: str) -> VdomDict | str:
    """An alert with `message`; nothing when there is none."""
    return html.p({"class_name": "error", "role": "alert"}, message) if message else ""
