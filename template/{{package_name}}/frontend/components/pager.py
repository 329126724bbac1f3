"""Paging through a list: previous, next, and where you are."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from reactpy import html
from reactpy.types import VdomDict

from .forms import button

PAGE_SIZE = 10

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of rows; loaded with `limit=size + 1` so the extra row says a next page exists."""

    rows: Sequence[RowT]
    offset: int
    has_next: bool

    @classmethod
    def of(cls, fetched: Sequence[RowT], offset: int, size: int = PAGE_SIZE) -> "Page[RowT]":
        return cls(list(fetched[:size]), offset, len(fetched) > size)


def pager(
    page: Page[Any],
    on_offset: Callable[[int], None],
    *,
    size: int = PAGE_SIZE,
    id: str = "pager",
) -> VdomDict | str:
    if page.offset == 0 and not page.has_next:
        return ""
    number = page.offset // size + 1
    return html.nav(
        {"id": id, "class_name": "pager", "aria-label": "Pages"},
        button(
            "← Previous",
            lambda _e: on_offset(max(0, page.offset - size)),
            variant="secondary",
            small=True,
            disabled=page.offset == 0,
            id=f"{id}-previous",
        ),
        html.span({"class_name": "pager-status", "aria-live": "polite"}, f"Page {number}"),
        button(
            "Next →",
            lambda _e: on_offset(page.offset + size),
            variant="secondary",
            small=True,
            disabled=not page.has_next,
            id=f"{id}-next",
        ),
    )
