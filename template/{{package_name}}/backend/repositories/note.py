from collections.abc import Sequence
from typing import cast

from sqlalchemy import bindparam
from sqlalchemy import select as select_columns  # rows of columns, not ORM objects
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ...db.driver_reads import fetch_all, fetch_first
from ...db.engine import SessionOrConnection, connection_of, session_of
from ..sql_models import Note
from ..sql_models.note import NoteRow

# The columns of a NoteRow, in its order. A row (SQLAlchemy's Row, or asyncpg's Record when
# db/driver_reads.py lets the driver send the read) unpacks as that tuple (the munger
# unpacks it; its id, a primary key, is never None once read): `cast` below says so to mypy.
_VIEW_COLUMNS = select_columns(
    col(Note.id), col(Note.title), col(Note.body), col(Note.secret_encrypted), col(Note.created_at)
)
# Built once (their SQL and cache key too); each read only binds its values.
_ONE = _VIEW_COLUMNS.where(col(Note.id) == bindparam("id"), col(Note.owner) == bindparam("owner"))
_PAGE = (
    _VIEW_COLUMNS.where(col(Note.owner) == bindparam("owner"))
    .order_by(col(Note.id))
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


class NoteRepository:
    """Notes of one owner: every query is scoped to `owner`, so no caller can forget it.

    Reads (`read`, `list`) give rows, on a session or a bare read connection; writes
    work on ORM objects (`get` one to change it, `add`, `delete`) and need a session.
    """

    def __init__(self, db: SessionOrConnection, owner: str) -> None:
        self.db = db
        self.owner = owner

    @property
    def session(self) -> AsyncSession:
        return session_of(self.db)

    def new(self, *, title: str, body: str) -> Note:
        return Note(owner=self.owner, title=title, body=body)

    async def add(self, note: Note) -> Note:
        if note.owner != self.owner:
            raise ValueError(f"cannot store a note of {note.owner!r} as {self.owner!r}")
        self.session.add(note)
        await self.session.flush()
        return note

    async def delete(self, note: Note) -> None:
        if note.owner != self.owner:
            raise ValueError(f"cannot delete a note of {note.owner!r} as {self.owner!r}")
        await self.session.delete(note)
        await self.session.flush()

    async def get(self, note_id: int) -> Note | None:
        """The note as an ORM object, to change or delete it."""
        query = select(Note).where(col(Note.id) == note_id, col(Note.owner) == self.owner)
        return (await self.session.exec(query)).first()

    async def read(self, note_id: int) -> NoteRow | None:
        connection = await connection_of(self.db)
        row = await fetch_first(connection, _ONE, {"id": note_id, "owner": self.owner})
        return cast("NoteRow | None", row)

    async def list(self, *, limit: int = 50, offset: int = 0) -> Sequence[NoteRow]:
        """A page of the owner's notes, oldest first."""
        connection = await connection_of(self.db)
        values = {"owner": self.owner, "limit": limit, "offset": offset}
        return cast("Sequence[NoteRow]", await fetch_all(connection, _PAGE, values))
