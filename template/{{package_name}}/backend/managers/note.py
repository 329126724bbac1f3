from sqlmodel.ext.asyncio.session import AsyncSession

from ...errors import NotFoundError
from ...shared_models import NoteDraft, NoteView
from ..mungers.note import NoteMunger
from ..repositories.note import NoteRepository


class NoteManager:
    def __init__(self, repository: NoteRepository, munger: NoteMunger) -> None:
        self.repository = repository
        self.munger = munger

    @classmethod
    def for_session(cls, session: AsyncSession) -> "NoteManager":
        return cls(NoteRepository(session), NoteMunger())

    async def create(self, draft: NoteDraft) -> NoteView:
        row = await self.repository.add(title=draft.title, body=draft.body)
        await self.repository.session.commit()
        return self.munger.to_view(row)

    async def get(self, note_id: int) -> NoteView:
        row = await self.repository.get(note_id)
        if row is None:
            raise NotFoundError(f"note {note_id} does not exist")
        return self.munger.to_view(row)

    async def list(self, *, limit: int = 50, offset: int = 0) -> list[NoteView]:
        rows = await self.repository.list(limit=limit, offset=offset)
        return [self.munger.to_view(row) for row in rows]
