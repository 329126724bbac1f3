"""JSON API for the example table."""

from pydantic import ValidationError
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic_ext import openapi
from sqlmodel.ext.asyncio.session import AsyncSession

from ...errors import InvalidInputError
from ...shared_models import NoteDraft, NoteView
from ..managers.note import NoteManager
from ..ownership import owner_of
from ._responses import model_json

notes = Blueprint("notes", url_prefix="/notes")


def _manager(request: Request, session: AsyncSession) -> NoteManager:
    return NoteManager.for_owner(session, owner_of(request), request.app.ctx.keyring)


def _page(request: Request) -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", 50))
        offset = int(request.args.get("offset", 0))
    except ValueError as exc:
        raise InvalidInputError("limit and offset must be whole numbers") from exc
    if not 1 <= limit <= 500 or offset < 0:
        raise InvalidInputError("limit must be 1..500 and offset 0 or more")
    return limit, offset


@notes.get("")
@openapi.summary("List notes, oldest first")
@openapi.parameter("limit", int, "query")
@openapi.parameter("offset", int, "query")
@openapi.response(200, {"application/json": list[NoteView]})
async def list_notes(request: Request) -> HTTPResponse:
    limit, offset = _page(request)
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
    try:
        draft = NoteDraft.model_validate_json(request.body or b"")
    except ValidationError as exc:
        raise InvalidInputError(_first_error(exc)) from exc
    async with request.app.ctx.sessions() as session:
        view = await _manager(request, session).create(draft)
    return model_json(view, status=201)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg']}"
