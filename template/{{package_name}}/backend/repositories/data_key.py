from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ...db.engine import SessionOrConnection, session_of
from ..sql_models import DataKeyRecord


class DataKeyRepository:
    """Wrapped data keys: `get` also on a read connection (a request that only reads
    decrypts with a key it finds); making and re-wrapping them need a session."""

    def __init__(self, db: SessionOrConnection) -> None:
        self.db = db

    @property
    def session(self) -> AsyncSession:
        return session_of(self.db)

    async def get(self, owner: str) -> DataKeyRecord | None:
        if isinstance(self.db, AsyncSession):
            return await self.db.get(DataKeyRecord, owner)
        query = select(DataKeyRecord).where(col(DataKeyRecord.owner) == owner)
        found = (await self.db.execute(query)).mappings().first()
        return None if found is None else DataKeyRecord(**found)

    async def add(self, record: DataKeyRecord) -> DataKeyRecord:
        self.session.add(record)
        await self.session.flush()
        return record

    async def all_for_update(self) -> Sequence[DataKeyRecord]:
        query = select(DataKeyRecord).order_by(col(DataKeyRecord.owner)).with_for_update()
        return (await self.session.exec(query)).all()
