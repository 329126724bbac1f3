from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..sql_models import Note


class NoteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *, title: str, body: str) -> Note:
        note = Note(title=title, body=body)
        self.session.add(note)
        await self.session.flush()
        return note

    async def get(self, note_id: int) -> Note | None:
        return await self.session.get(Note, note_id)

    async def list(self, *, limit: int = 50, offset: int = 0) -> Sequence[Note]:
        query = select(Note).order_by(col(Note.id)).offset(offset).limit(limit)
        return (await self.session.exec(query)).all()
