"""JSON API for the example table."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic_ext import openapi
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models import NoteDraft, NotePatch, NoteView
from ..managers.note import NoteManager
from ..middleware.authentication import actor_of
from ._inputs import page, parse
from ._responses import model_json

notes = Blueprint("notes", url_prefix="/notes")


def _manager(request: Request, session: AsyncSession) -> NoteManager:
    return NoteManager(session, actor_of(request), request.app.ctx.keyring)


@notes.get("")
@openapi.summary("List notes, oldest first")
@openapi.parameter("limit", int, "query")
@openapi.parameter("offset", int, "query")
@openapi.response(200, {"application/json": list[NoteView]})
async def list_notes(request: Request) -> HTTPResponse:
    limit, offset = page(request)
    async with request.app.ctx.sessions() as session:
        views = await _manager(request, session).list(limit=limit, offset=offset)
    return model_json(views)


@notes.get("/<note_id:int>")
@openapi.summary("Get one note")
@openapi.response(200, {"application/json": NoteView})
async def get_note(request: Request, note_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).get(note_id)
    return model_json(view)


@notes.post("")
@openapi.summary("Create a note")
@openapi.body({"application/json": NoteDraft})
@openapi.response(201, {"application/json": NoteView})
async def create_note(request: Request) -> HTTPResponse:
    draft = parse(NoteDraft, request)
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).create(draft)
    return model_json(view, status=201)


@notes.patch("/<note_id:int>")
@openapi.summary("Change a note: only the fields given")
@openapi.body({"application/json": NotePatch})
@openapi.response(200, {"application/json": NoteView})
async def update_note(request: Request, note_id: int) -> HTTPResponse:
    patch = parse(NotePatch, request)
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).update(note_id, patch)
    return model_json(view)


@notes.delete("/<note_id:int>")
@openapi.summary("Delete a note")
@openapi.response(204, description="Deleted")
async def delete_note(request: Request, note_id: int) -> HTTPResponse:
    async with request.app.ctx.sessions() as session:
        await _manager(request, session).delete(note_id)
    return HTTPResponse(status=204)
