from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..sql_models import Note


class NoteRepository:
    """Notes of one owner: every query is scoped to `owner`, so no caller can forget it."""

    def __init__(self, session: AsyncSession, owner: str) -> None:
        self.session = session
        self.owner = owner

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
        query = select(Note).where(col(Note.id) == note_id, col(Note.owner) == self.owner)
        return (await self.session.exec(query)).first()

    async def list(self, *, limit: int = 50, offset: int = 0) -> Sequence[Note]:
        query = (
            select(Note)
            .where(col(Note.owner) == self.owner)
            .order_by(col(Note.id))
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.exec(query)).all()
