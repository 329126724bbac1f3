from typing import Any

from reactpy import component, event, html, use_state
from reactpy.types import VdomDict

from ...errors import AppError
from ...shared_models import NoteDraft, NoteView
from ...shared_models.validation import validated
from ..hooks import use_actor, use_note_manager_factory
from ..notices import notice
from ..reactpy_compat import use_effect


@component
def NotesPage() -> VdomDict:
    note_manager = use_note_manager_factory()
    signed_in = use_actor().signed_in
    notes, set_notes = use_state(list[NoteView]())
    title, set_title = use_state("")
    error, set_error = use_state("")
    version, set_version = use_state(0)

    @use_effect(dependencies=[version])
    async def load_notes() -> None:
        try:
            async with note_manager() as manager:
                set_notes(await manager.list(limit=500))
        except AppError as exc:
            set_error(exc.message)

    @event(prevent_default=True)
    async def add_note(_event: dict[str, Any]) -> None:
        try:
            draft = validated(NoteDraft, {"title": title})
            async with note_manager() as manager:
                await manager.create(draft)
        except AppError as exc:
            set_error(exc.message)
            return
        set_title("")
        set_error("")
        set_version(version + 1)

    return html.section(
        {"id": "notes-page"},
        html.h1("Notes"),
        html.form(
            {"id": "new-note", "on_submit": add_note},
            html.input(
                {
                    "id": "note-title",
                    "placeholder": "Title of a new note",
                    "value": title,
                    "on_change": lambda e: set_title(e["target"]["value"]),
                }
            ),
            html.button({"type": "submit", "id": "add-note"}, "Add"),
        )
        if signed_in
        else html.p({"id": "sign-in-hint"}, "Log in to write notes; these are the public ones."),
        notice(error),
        html.ul(
            {"id": "note-list"},
            [html.li({"key": note.id, "class_name": "note"}, note.title) for note in notes],
        ),
    )
