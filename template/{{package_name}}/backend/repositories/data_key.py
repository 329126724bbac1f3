from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..sql_models import DataKeyRecord


class DataKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, owner: str) -> DataKeyRecord | None:
        return await self.session.get(DataKeyRecord, owner)

    async def add(self, record: DataKeyRecord) -> DataKeyRecord:
        self.session.add(record)
        await self.session.flush()
        return record

    async def all_for_update(self) -> Sequence[DataKeyRecord]:
        query = select(DataKeyRecord).order_by(col(DataKeyRecord.owner)).with_for_update()
        return (await self.session.exec(query)).all()
