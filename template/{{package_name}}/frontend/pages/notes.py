"""The notes page: a paged list, a form for a new note, edit, delete and history in dialogs.

Anonymous visitors see the public notes, read-only. Every refusal is shown as a sentence.
"""

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from pydantic import ValidationError
from reactpy import component, event, html, use_state
from reactpy.types import VdomDict
from reactpy_router import link

from ...errors import AppError
from ...messages import field_problems, sentence
from ...shared_models import NoteDraft, NotePatch, NoteView
from ...shared_models.history import HistoryEntry
from ..components import (
    PAGE_SIZE,
    Column,
    HistoryDialog,
    Page,
    Revealable,
    button,
    confirm_dialog,
    data_table,
    empty_state,
    field,
    form_dialog,
    loading,
    notice,
    page_header,
    pager,
)
from ..components.feedback import NO_MESSAGE
from ..hooks import use_actor, use_note_manager_factory
from ..reactpy_compat import use_effect

HISTORY_LABELS = {"title": "Title", "body": "Body", "secret": "Secret"}
NO_TITLE = "A note needs a title of 1 to 200 characters."


def _problems(exc: ValidationError) -> dict[str, str]:
    problems = field_problems(exc)
    if "title" in problems:
        problems["title"] = NO_TITLE
    return problems


Message = tuple[str, str]  # a sentence and its tone, as `notice` shows them


# The form and the edit dialog are components of their own, with the fields' state: a
# keystroke (one on_change each) then renders that component only, not the page and
# its table of notes (most of a render's CPU on the server, see docs/benchmarks.md).
@component
def NewNoteForm(on_added: Callable[[NoteView], None], say: Callable[[Message], None]) -> VdomDict:
    note_manager = use_note_manager_factory()
    title, set_title = use_state("")
    body, set_body = use_state("")
    secret, set_secret = use_state("")
    errors, set_errors = use_state(dict[str, str]())

    async def add_note(_event: dict[str, Any]) -> None:
        try:
            draft = NoteDraft(title=title, body=body, secret=secret or None)
        except ValidationError as exc:
            problems = _problems(exc)
            set_errors(problems)
            say((next(iter(problems.values())), "error"))
            return
        try:
            async with note_manager() as manager:
                created = await manager.create(draft)
        except AppError as exc:
            say((sentence(exc.message), "error"))
            return
        set_title("")
        set_body("")
        set_secret("")
        set_errors({})
        on_added(created)

    return html.section(
        {"class_name": "card", "aria-labelledby": "new-note-heading"},
        html.h2({"id": "new-note-heading"}, "New note"),
        html.form(
            {
                "id": "new-note",
                "class_name": "form",
                "novalidate": True,
                "on_submit": event(add_note, prevent_default=True),
            },
            field(
                "note-title",
                "Title",
                value=title,
                on_change=set_title,
                placeholder="Title of a new note",
                error=errors.get("title", ""),
                required=True,
            ),
            field(
                "note-body",
                "Body",
                value=body,
                on_change=set_body,
                multiline=True,
                error=errors.get("body", ""),
            ),
            field(
                "note-secret",
                "Secret",
                value=secret,
                on_change=set_secret,
                type="password",
                autocomplete="off",
                hint="Stored encrypted; shown only when you ask.",
                error=errors.get("secret", ""),
            ),
            html.div(
                {"class_name": "form-actions"},
                button("Add note", type="submit", id="add-note"),
            ),
        ),
    )


@component
def EditNoteDialog(
    note: NoteView,
    on_saved: Callable[[NoteView], None],
    on_refused: Callable[[AppError], None],
    on_cancel: Callable[[], None],
) -> VdomDict:
    note_manager = use_note_manager_factory()
    edit_title, set_edit_title = use_state(note.title)
    edit_body, set_edit_body = use_state(note.body)
    edit_secret, set_edit_secret = use_state("")
    edit_errors, set_edit_errors = use_state(dict[str, str]())

    async def save_edit(_event: dict[str, Any]) -> None:
        try:
            patch = NotePatch(title=edit_title, body=edit_body, secret=edit_secret or None)
        except ValidationError as exc:
            set_edit_errors(_problems(exc))
            return
        try:
            async with note_manager() as manager:
                saved = await manager.update(note.id, patch)
        except AppError as exc:
            on_refused(exc)
            return
        on_saved(saved)

    return form_dialog(
        "edit-note",
        "Edit note",
        field(
            "edit-title",
            "Title",
            value=edit_title,
            on_change=set_edit_title,
            error=edit_errors.get("title", ""),
            required=True,
        ),
        field(
            "edit-body",
            "Body",
            value=edit_body,
            on_change=set_edit_body,
            multiline=True,
            error=edit_errors.get("body", ""),
        ),
        field(
            "edit-secret",
            "New secret",
            value=edit_secret,
            on_change=set_edit_secret,
            type="password",
            autocomplete="off",
            hint="Leave empty to keep the current secret.",
            error=edit_errors.get("secret", ""),
        ),
        submit_label="Save",
        on_submit=save_edit,
        on_cancel=on_cancel,
    )


@component
def NotesPage() -> VdomDict:
    note_manager = use_note_manager_factory()
    actor = use_actor()
    signed_in = actor.signed_in
    page, set_page = use_state(cast(Page[NoteView] | None, None))  # None: loading
    offset, set_offset = use_state(0)
    version, set_version = use_state(0)
    message, set_message = use_state(NO_MESSAGE)
    editing, set_editing = use_state(cast(NoteView | None, None))
    deleting, set_deleting = use_state(cast(NoteView | None, None))
    history_of, set_history_of = use_state(cast(NoteView | None, None))

    @use_effect(dependencies=[offset, version])
    async def load_notes() -> None:
        try:
            async with note_manager() as manager:
                fetched = await manager.list(limit=PAGE_SIZE + 1, offset=offset)
        except AppError as exc:
            set_message((sentence(exc.message), "error"))
            set_page(Page.of([], offset))
            return
        set_page(Page.of(fetched, offset))

    def refused(exc: AppError) -> None:
        set_message((sentence(exc.message), "error"))

    def reload_notes() -> None:
        set_version(lambda v: v + 1)

    def added(created: NoteView) -> None:
        set_message((f"Added “{created.title}”.", "success"))
        reload_notes()

    def saved(note: NoteView) -> None:
        set_editing(None)
        set_message((f"Saved “{note.title}”.", "success"))
        reload_notes()

    def not_saved(exc: AppError) -> None:
        set_editing(None)
        refused(exc)

    async def confirm_delete(_event: dict[str, Any]) -> None:
        if deleting is None:
            return
        note = deleting
        set_deleting(None)
        try:
            async with note_manager() as manager:
                await manager.delete(note.id)
        except AppError as exc:
            refused(exc)
            return
        set_message((f"Deleted “{note.title}”.", "success"))
        if page is not None and len(page.rows) == 1 and offset > 0:
            set_offset(max(0, offset - PAGE_SIZE))  # the page emptied: show the one before
        reload_notes()

    async def load_history(note_id: int) -> list[HistoryEntry]:
        async with note_manager() as manager:
            return await manager.history(note_id)

    columns: list[Column[NoteView]] = [
        Column("Title", lambda n: html.strong(n.title)),
        Column("Body", lambda n: html.span({"class_name": "cell-clip"}, n.body or "—")),
        Column("Secret", lambda n: Revealable(n.secret, f"secret of {n.title}", f"secret-{n.id}")),
        Column("Created", lambda n: html.time(n.created_at.strftime("%Y-%m-%d %H:%M"))),
    ]

    def actions(note: NoteView) -> list[VdomDict]:
        return [
            button(
                "Edit",
                lambda _e: set_editing(note),
                variant="secondary",
                small=True,
                id=f"edit-note-{note.id}",
                aria_label=f"Edit {note.title}",
            ),
            button(
                "History",
                lambda _e: set_history_of(note),
                variant="secondary",
                small=True,
                id=f"note-history-{note.id}",
                aria_label=f"History of {note.title}",
            ),
            button(
                "Delete",
                lambda _e: set_deleting(note),
                variant="danger",
                small=True,
                id=f"delete-note-{note.id}",
                aria_label=f"Delete {note.title}",
            ),
        ]

    if page is None:
        listing: Any = loading("Loading notes…")
    elif not page.rows:
        listing = empty_state(
            "No notes yet" if page.offset == 0 else "No more notes",
            "Write your first one above." if signed_in else "Nobody has shared a note yet.",
            id="notes-empty",
        )
    else:
        listing = html.div(
            data_table(
                "notes-table",
                "Notes",
                columns,
                page.rows,
                key=lambda n: n.id,
                actions=actions if signed_in else None,
            ),
            pager(page, set_offset, id="notes-pager"),
        )

    text, tone = message
    return html.section(
        {"id": "notes-page", "class_name": "stack"},
        page_header(
            "Notes",
            "Your notes, with an encrypted secret each."
            if signed_in
            else "The notes everyone can read.",
        ),
        notice(text, tone, id="notes-message"),
        NewNoteForm(added, set_message)
        if signed_in
        else html.p(
            {"id": "sign-in-hint", "class_name": "notice notice-info"},
            link({"to": "/login"}, "Log in"),
            " to write notes of your own.",
        ),
        html.div({"id": "note-list"}, listing),
        EditNoteDialog(
            editing, saved, not_saved, lambda: set_editing(None), key=f"edit-note-{editing.id}"
        )
        if editing is not None
        else "",
        confirm_dialog(
            "delete-note",
            "Delete this note?",
            f"“{deleting.title}” will be gone for good.",
            confirm_label="Delete",
            on_confirm=confirm_delete,
            on_cancel=lambda: set_deleting(None),
        )
        if deleting is not None
        else "",
        HistoryDialog(
            "note-history",
            f"History of “{history_of.title}”",
            partial(load_history, history_of.id),
            lambda: set_history_of(None),
            HISTORY_LABELS,
            actor.user.id if actor.user is not None else None,
            key=f"note-history-{history_of.id}",
        )
        if history_of is not None
        else "",
    )
