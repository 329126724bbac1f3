"""A table of rows with an actions column; on narrow screens each row becomes a card."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from reactpy import html
from reactpy.types import VdomDict

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Column(Generic[RowT]):
    heading: str
    cell: Callable[[RowT], Any]


def data_table(
    id: str,
    caption: str,
    columns: Sequence[Column[RowT]],
    rows: Sequence[RowT],
    *,
    key: Callable[[RowT], str | int],
    actions: Callable[[RowT], Any] | None = None,
) -> VdomDict:
    headings = [html.th({"key": c.heading, "scope": "col"}, c.heading) for c in columns]
    if actions is not None:
        headings.append(
            html.th({"key": "actions", "scope": "col", "class_name": "actions-heading"}, "Actions")
        )

    def row(item: RowT) -> VdomDict:
        cells = [
            html.td({"key": c.heading, "data-label": c.heading}, c.cell(item)) for c in columns
        ]
        if actions is not None:
            cells.append(
                html.td(
                    {"key": "actions", "data-label": "Actions", "class_name": "actions-cell"},
                    html.div({"class_name": "actions"}, actions(item)),
                )
            )
        return html.tr({"key": str(key(item)), "data-row": str(key(item))}, cells)

    return html.div(
        {"class_name": "table-wrap"},
        html.table(
            {"id": id, "class_name": "data-table"},
            html.caption({"class_name": "visually-hidden"}, caption),
            html.thead(html.tr(headings)),
            html.tbody([row(item) for item in rows]),
        ),
    )
