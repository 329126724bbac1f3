"""JSON API for the example table."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from ...db.engine import SessionOrConnection
from ...shared_models import NoteDraft, NotePatch, NoteView
from ...shared_models.history import HistoryEntry
from ...shared_models.inputs import Page
from ..managers.note import NoteManager
from ..middleware.authentication import actor_of
from ._contract import operation
from ._inputs import page, parse
from ._responses import model_json

notes = Blueprint("notes", url_prefix="/notes")


def _manager(request: Request, db: SessionOrConnection) -> NoteManager:
    app = request.app
    return NoteManager(db, actor_of(request), app.ctx.keyring, events=app.ctx.events)


@notes.get("")
@operation("List notes, oldest first", returns=list[NoteView], query=Page)
async def list_notes(request: Request) -> HTTPResponse:
    limit, offset = page(request)
    # A read: a bare connection, no session (see db.engine.read_connections).
    async with request.app.ctx.reads() as connection:
        views = await _manager(request, connection).list(limit=limit, offset=offset)
    return model_json(views)


@notes.get("/<note_id:int>")
@operation("Get one note", returns=NoteView)
async def get_note(request: Request, note_id: int) -> HTTPResponse:
    async with request.app.ctx.reads() as connection:
        view = await _manager(request, connection).get(note_id)
    return model_json(view)


# Beside the notes, not under one: the history outlives its note (a deleted note answers
# 404, its history still answers its owner).
@notes.get("/history/<note_id:int>")
@operation(
    "A note's history, oldest first",
    returns=list[HistoryEntry],
    query=Page,
    description="Every insert, change and delete of the note: who, when and what changed"
    ' (the secret only as "changed"). Readable by whoever may read the note, and by its'
    " owner after it was deleted.",
)
async def note_history(request: Request, note_id: int) -> HTTPResponse:
    limit, offset = page(request)
    async with request.app.ctx.sessions() as session:
        entries = await _manager(request, session).history(note_id, limit=limit, offset=offset)
    return model_json(entries)


@notes.post("")
@operation("Create a note", status=201, returns=NoteView, body=NoteDraft)
async def create_note(request: Request) -> HTTPResponse:
    draft = parse(NoteDraft, request)
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).create(draft)
    return model_json(view, status=201)


@notes.patch("/<note_id:int>")
@operation("Change a note: only the fields given", returns=NoteView, body=NotePatch)
async def update_note(request: Request, note_id: int) -> HTTPResponse:
    patch = parse(NotePatch, request)
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).update(note_id, patch)
    return model_json(view)


@notes.delete("/<note_id:int>")
@operation("Delete a note", status=204)
async def delete_note(request: Request, note_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).delete(note_id)
    return HTTPResponse(status=204)
