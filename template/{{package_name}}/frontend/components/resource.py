"""A whole page for one table: a paged list, a form for a new row, edit and delete in
dialogs. add-table's pages are this component given the table's fields, so a generated
page is a dozen lines a developer can read, and looks like every other page.

Each field's kind picks its input: text and numbers as text boxes (numbers with the
numeric keyboard), long text and JSON as text areas, booleans as check boxes, dates and
times with the browser's pickers (times are UTC). Sensitive fields are password boxes and
stay hidden in the list until revealed. Vectors are never typed: `compute` fills them
(an embedding of the other fields, say) before the row is validated. With `history`
(a table made with `add-table --history`), each row has a History button that shows who
created, changed and deleted it (the manager's `history`).
"""

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast

from pydantic import BaseModel, ValidationError
from reactpy import component, event, html, use_state
from reactpy.types import VdomDict

from ...errors import AppError
from ...messages import field_problems, sentence
from ..reactpy_compat import use_effect
from .dialog import confirm_dialog, form_dialog
from .feedback import NO_MESSAGE, Tone, empty_state, loading, notice
from .forms import button, checkbox, field
from .history import HistoryDialog
from .layout import page_header
from .pager import PAGE_SIZE, Page, pager
from .reveal import Revealable
from .table import Column, data_table

Kind = Literal[
    "str", "text", "int", "float", "decimal", "bool", "date", "datetime", "uuid", "json", "vector"
]
_INPUT_TYPES = {"date": "date", "datetime": "datetime-local"}
_NUMERIC = {"int": "numeric", "float": "decimal", "decimal": "decimal"}


@dataclass(frozen=True)
class FieldInput:
    name: str
    label: str
    kind: Kind
    nullable: bool = False
    sensitive: bool = False

    @property
    def typed(self) -> bool:
        """Whether a person types it (vectors are computed)."""
        return self.kind != "vector"


ManagerFactory = Callable[..., AbstractAsyncContextManager[Any]]
Compute = Callable[[Mapping[str, object]], Mapping[str, object]]


def _text_of(kind: Kind, value: object) -> str:
    """What an edit form shows for a stored value."""
    if value is None:
        return ""
    if kind == "json":
        return json.dumps(value)
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shown(f: FieldInput, row: BaseModel, row_id: int) -> Any:
    value = getattr(row, f.name)
    if f.sensitive:
        return Revealable(None if value is None else str(value), f.label, f"{f.name}-{row_id}")
    if value is None:
        return html.span({"class_name": "muted"}, "—")
    if f.kind == "bool":
        return "Yes" if value else "No"
    if f.kind == "vector":
        return html.span({"class_name": "muted"}, f"{len(value)} numbers")
    if f.kind == "datetime" and isinstance(value, datetime):
        return html.time(value.strftime("%Y-%m-%d %H:%M UTC"))
    if f.kind == "date":
        return html.time(str(value))
    if f.kind == "json":
        return html.code({"class_name": "cell-clip"}, json.dumps(value))
    return html.span({"class_name": "cell-clip"}, str(value))


def _values(
    fields: Sequence[FieldInput], typed: Mapping[str, object], *, patch: bool
) -> tuple[dict[str, object], dict[str, str]]:
    """The form's strings as model input; problems the model cannot name (bad JSON)."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for f in fields:
        if not f.typed:
            continue
        raw = typed.get(f.name, False if f.kind == "bool" else "")
        if f.kind == "bool":
            values[f.name] = bool(raw)
            continue
        text = str(raw)
        if text.strip() == "" and f.kind not in ("str", "text"):
            if f.sensitive and patch:
                continue  # left empty: keep what is stored
            if f.nullable or patch:
                values[f.name] = None
            continue  # required and empty: the model says so
        if f.sensitive and patch and text == "":
            continue
        if f.kind == "json":
            try:
                values[f.name] = json.loads(text)
            except ValueError:
                problems[f.name] = f"{f.label} must be valid JSON."
            continue
        if f.kind == "datetime" and len(text) == 16:  # the picker's minutes, in UTC
            text += ":00+00:00"
        values[f.name] = None if (f.nullable and text == "") else text
    return values, problems


def _blank(fields: Sequence[FieldInput]) -> dict[str, object]:
    return {f.name: False if f.kind == "bool" else "" for f in fields if f.typed}


def _validated(
    fields: Sequence[FieldInput],
    compute: Compute | None,
    model: type[BaseModel],
    typed: Mapping[str, object],
    *,
    patch: bool,
) -> tuple[BaseModel | None, dict[str, str]]:
    values, problems = _values(fields, typed, patch=patch)
    if compute is not None and not patch:
        values.update(compute(values))
    try:
        parsed = model.model_validate(values)
    except ValidationError as exc:
        return None, field_problems(exc) | problems
    return (None, problems) if problems else (parsed, {})


def _inputs(
    fields: Sequence[FieldInput],
    prefix: str,
    values: Mapping[str, object],
    problems: Mapping[str, str],
    change: Callable[[dict[str, object]], None],
    *,
    patch: bool,
) -> list[VdomDict]:
    def setter(name: str) -> Callable[[Any], None]:
        return lambda value: change({**values, name: value})

    made = []
    for f in fields:
        if not f.typed:
            continue
        input_id = f"{prefix}-{f.name}".replace("_", "-")
        error = problems.get(f.name, "")
        if f.kind == "bool":
            made.append(
                checkbox(
                    input_id,
                    f.label,
                    checked=bool(values.get(f.name)),
                    on_change=setter(f.name),
                    error=error,
                )
            )
            continue
        hint = "Stored encrypted; shown only when you ask." if f.sensitive else ""
        if f.sensitive and patch:
            hint = "Leave empty to keep what is stored."
        elif f.kind == "json":
            hint = 'JSON, e.g. {"tags": ["a", "b"]}'
        elif f.kind == "datetime":
            hint = "In UTC."
        elif f.kind == "uuid":
            hint = "e.g. 123e4567-e89b-12d3-a456-426614174000"
        elif f.nullable:
            hint = "Optional."
        extra: dict[str, Any] = {}
        if f.kind in _NUMERIC:
            extra["inputmode"] = _NUMERIC[f.kind]
        made.append(
            field(
                input_id,
                f.label,
                value=str(values.get(f.name, "")),
                on_change=setter(f.name),
                type="password" if f.sensitive else _INPUT_TYPES.get(f.kind, "text"),
                multiline=f.kind in ("text", "json") and not f.sensitive,
                autocomplete="off" if f.sensitive else None,
                hint=hint,
                error=error,
                extra=extra,
            )
        )
    return made


# What the forms are given to act: `run(action, done)` runs `action` on a manager, says
# `done` or the refusal, reloads the list and answers whether it worked.
Run = Callable[[Callable[[Any], Awaitable[Any]], str], Awaitable[bool]]


# The forms are components of their own: a keystroke re-renders its form, and the
# websocket carries that form's update, not the whole page with its table.
@component
def NewRowForm(
    id: str,
    singular: str,
    fields: Sequence[FieldInput],
    draft_model: type[BaseModel],
    compute: Compute | None,
    run: Run,
    say: Callable[[str, Tone], None],
) -> VdomDict:
    form, set_form = use_state(lambda: _blank(fields))
    errors, set_errors = use_state(dict[str, str]())

    async def create(_event: dict[str, Any]) -> None:
        draft, problems = _validated(fields, compute, draft_model, form, patch=False)
        set_errors(problems)
        if draft is None:
            say(next(iter(problems.values()), "Check the fields."), "error")
            return
        article = "an" if singular[:1].lower() in "aeiou" else "a"
        if await run(lambda m: m.create(draft), f"Added {article} {singular}."):
            set_form(_blank(fields))

    return html.section(
        {"class_name": "card", "aria-labelledby": f"{id}-new-heading"},
        html.h2({"id": f"{id}-new-heading"}, f"New {singular}"),
        html.form(
            {
                "id": f"{id}-new",
                "class_name": "form",
                "novalidate": True,
                "on_submit": event(create, prevent_default=True),
            },
            *_inputs(fields, f"{id}-new", form, errors, set_form, patch=False),
            html.div(
                {"class_name": "form-actions"},
                button(f"Add {singular}", type="submit", id=f"{id}-add"),
            ),
        ),
    )


@component
def EditRowDialog(
    id: str,
    singular: str,
    fields: Sequence[FieldInput],
    patch_model: type[BaseModel],
    row: Any,
    run: Run,
    close: Callable[[], None],
) -> VdomDict:
    def stored() -> dict[str, object]:
        return {
            f.name: bool(getattr(row, f.name))
            if f.kind == "bool"
            else ("" if f.sensitive else _text_of(f.kind, getattr(row, f.name)))
            for f in fields
            if f.typed
        }

    edit_form, set_edit_form = use_state(stored)
    edit_errors, set_edit_errors = use_state(dict[str, str]())

    async def save(_event: dict[str, Any]) -> None:
        patch, problems = _validated(fields, None, patch_model, edit_form, patch=True)
        set_edit_errors(problems)
        if patch is None:
            return
        close()
        await run(lambda m: m.update(row.id, patch), f"Saved the {singular}.")

    return form_dialog(
        f"{id}-edit",
        f"Edit {singular}",
        *_inputs(fields, f"{id}-edit", edit_form, edit_errors, set_edit_form, patch=True),
        submit_label="Save",
        on_submit=save,
        on_cancel=close,
    )


@component
def ResourcePage(
    id: str,
    title: str,
    subtitle: str,
    singular: str,
    fields: Sequence[FieldInput],
    draft_model: type[BaseModel],
    patch_model: type[BaseModel],
    manager: ManagerFactory,
    signed_in: bool,
    compute: Compute | None = None,
    history: bool = False,
    me: int | None = None,
) -> VdomDict:
    """`me`: the signed-in user's id, so the history says "you"."""
    page, set_page = use_state(cast(Page[Any] | None, None))
    offset, set_offset = use_state(0)
    version, set_version = use_state(0)
    message, set_message = use_state(NO_MESSAGE)
    editing, set_editing = use_state(cast(Any, None))
    deleting, set_deleting = use_state(cast(Any, None))
    history_of, set_history_of = use_state(cast(Any, None))

    @use_effect(dependencies=[offset, version])
    async def load() -> None:
        try:
            async with manager() as m:
                fetched = await m.list(limit=PAGE_SIZE + 1, offset=offset)
        except AppError as exc:
            set_message((sentence(exc.detail), "error"))
            set_page(Page.of([], offset))
            return
        set_page(Page.of(list(fetched), offset))

    def say(text: str, tone: Tone) -> None:
        set_message((text, tone))

    async def run(action: Callable[[Any], Awaitable[Any]], done: str) -> bool:
        try:
            async with manager() as m:
                await action(m)
        except AppError as exc:
            say(sentence(exc.detail), "error")
            return False
        say(done, "success")
        set_version(lambda current: current + 1)
        return True

    async def remove(_event: dict[str, Any]) -> None:
        if deleting is None:
            return
        row_id = deleting.id
        set_deleting(None)
        if page is not None and len(page.rows) == 1 and offset > 0:
            set_offset(max(0, offset - PAGE_SIZE))
        await run(lambda m: m.delete(row_id), f"Deleted the {singular}.")

    def shown_by(f: FieldInput) -> Callable[[Any], Any]:
        return lambda row: _shown(f, row, row.id)

    columns: list[Column[Any]] = [Column(f.label, shown_by(f)) for f in fields]
    columns.append(
        Column("Created", lambda row: html.time(row.created_at.strftime("%Y-%m-%d %H:%M")))
    )

    async def load_history(row_id: int) -> Any:
        async with manager() as m:
            return await m.history(row_id)

    def actions(row: Any) -> list[VdomDict]:
        shown_history = [
            button(
                "History",
                lambda _e: set_history_of(row),
                variant="secondary",
                small=True,
                id=f"{id}-history-{row.id}",
                aria_label=f"History of {singular} {row.id}",
            )
        ]
        return [
            button(
                "Edit",
                lambda _e: set_editing(row),
                variant="secondary",
                small=True,
                id=f"{id}-edit-{row.id}",
                aria_label=f"Edit {singular} {row.id}",
            ),
            *(shown_history if history else []),
            button(
                "Delete",
                lambda _e: set_deleting(row),
                variant="danger",
                small=True,
                id=f"{id}-delete-{row.id}",
                aria_label=f"Delete {singular} {row.id}",
            ),
        ]

    if page is None:
        listing: Any = loading(f"Loading {title.lower()}…")
    elif not page.rows:
        listing = empty_state(
            f"No {title.lower()} yet" if page.offset == 0 else "Nothing more",
            "Add the first one above." if signed_in else "Log in to add some.",
            id=f"{id}-empty",
        )
    else:
        listing = html.div(
            data_table(
                f"{id}-table",
                title,
                columns,
                page.rows,
                key=lambda r: r.id,
                actions=actions if signed_in else None,
            ),
            pager(page, set_offset, id=f"{id}-pager"),
        )
    text, tone = message
    return html.section(
        {"id": f"{id}-page", "class_name": "stack"},
        page_header(title, subtitle),
        notice(text, tone, id=f"{id}-message"),
        NewRowForm(id, singular, fields, draft_model, compute, run, say, key=f"{id}-new")
        if signed_in
        else notice(f"Log in to add {title.lower()}.", "info", id=f"{id}-sign-in-hint"),
        html.div({"id": f"{id}-list"}, listing),
        EditRowDialog(
            id,
            singular,
            fields,
            patch_model,
            editing,
            run,
            lambda: set_editing(None),
            key=f"{id}-edit-{editing.id}",
        )
        if editing is not None
        else "",
        confirm_dialog(
            f"{id}-delete",
            f"Delete this {singular}?",
            "It will be gone for good.",
            confirm_label="Delete",
            on_confirm=remove,
            on_cancel=lambda: set_deleting(None),
        )
        if deleting is not None
        else "",
        HistoryDialog(
            f"{id}-history",
            f"History of {singular} {history_of.id}",
            lambda: load_history(history_of.id),
            lambda: set_history_of(None),
            {f.name: f.label for f in fields},
            me,
            key=f"{id}-history-{history_of.id}",
        )
        if history_of is not None
        else "",
    )
