"""Data keys by owner: created on first use, unwrapped once per process, re-wrapped on rotation."""

from sqlmodel.ext.asyncio.session import AsyncSession

from ...errors import ForbiddenError
from ...security import DataKey, DecryptionError, MasterKey
from ...shared_models import Actor
from ..repositories.data_key import DataKeyRepository
from ..sql_models import DataKeyRecord
from ..sql_models._time import utc_now


class KeyRing:
    """Holds the master key and a cache of unwrapped data keys (one per owner)."""

    def __init__(self, master_key: MasterKey) -> None:
        self.master_key = master_key
        self._cache: dict[str, DataKey] = {}

    async def data_key(self, owner: str, repository: DataKeyRepository) -> DataKey:
        """The owner's data key, made and stored (wrapped) the first time it is needed."""
        if cached := self._cache.get(owner):
            return cached
        record = await repository.get(owner)
        if record is None:
            data_key = self.master_key.new_data_key(owner)
            await repository.add(
                DataKeyRecord(
                    owner=owner,
                    wrapped_key=self.master_key.wrap(data_key),
                    master_key_fingerprint=self.master_key.fingerprint,
                )
            )
        else:
            data_key = self._unwrap(record)
        self._cache[owner] = data_key
        return data_key

    def _unwrap(self, record: DataKeyRecord) -> DataKey:
        if record.master_key_fingerprint != self.master_key.fingerprint:
            raise DecryptionError(
                f"the data key of {record.owner!r} was wrapped by another master key"
                f" ({record.master_key_fingerprint}); is MASTER_KEY the current one?"
            )
        return self.master_key.unwrap(record.owner, record.wrapped_key)

    async def rotate(self, new_master_key: MasterKey, repository: DataKeyRepository) -> int:
        """Re-wrap every data key with `new_master_key`; rows are not touched.

        Every key is unwrapped before any is changed, so a wrong current key
        fails the whole rotation and changes nothing. The caller commits.
        """
        records = await repository.all_for_update()
        data_keys = [self._unwrap(record) for record in records]
        for record, data_key in zip(records, data_keys, strict=True):
            record.wrapped_key = new_master_key.wrap(data_key)
            record.master_key_fingerprint = new_master_key.fingerprint
            record.rewrapped_at = utc_now()
        await repository.session.flush()
        self.master_key = new_master_key
        self._cache.clear()
        return len(records)


async def rotate_master_key(
    session: AsyncSession, actor: Actor, current: MasterKey, new: MasterKey
) -> int:
    """Re-wrap every data key with `new` and commit; how many were re-wrapped.

    The operator's power (whoever holds the master key holds the data anyway).
    """
    if not actor.is_admin:
        raise ForbiddenError("only the operator rotates the master key")
    count = await KeyRing(current).rotate(new, DataKeyRepository(session))
    await session.commit()
    return count
