"""The change history of the tables that keep one: written beside each write, in its transaction.

A manager takes a `snapshot` of the row before and after it writes and calls
`record` before it commits, so a write that rolls back leaves no entry, and an
entry never outlives its write. Sensitive fields are compared (their ciphertexts)
but recorded only as "changed".
"""

from collections.abc import Collection, Mapping, Sequence
from copy import deepcopy
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ...shared_models.history import CHANGED, HistoryAction
from ..sql_models.history import HistoryRecord

Snapshot = Mapping[str, Any]
_JSON: TypeAdapter[Any] = TypeAdapter(Any)


def snapshot(row: SQLModel, fields: Mapping[str, str]) -> dict[str, Any]:
    """Per field name, the value of its column attribute (`secret` -> `secret_encrypted`).

    Values are compared as Python values (a decimal read back as 12.3400 equals 12.34)
    and recorded as JSON (dates, decimals and UUIDs as text)."""
    return {name: deepcopy(getattr(row, attribute)) for name, attribute in fields.items()}


def changes(
    before: Snapshot | None, after: Snapshot | None, sensitive: Collection[str] = ()
) -> dict[str, Any]:
    """Per field that differs: {"old", "new"} as JSON, or "changed" for a sensitive field."""
    old, new = before or {}, after or {}
    found: dict[str, Any] = {}
    for name in dict.fromkeys([*old, *new]):
        was, now = old.get(name), new.get(name)
        if was == now:
            continue
        if name in sensitive:
            found[name] = CHANGED
        else:
            found[name] = {"old": _json(was), "new": _json(now)}
    return found


def _json(value: object) -> Any:
    return _JSON.dump_python(value, mode="json")


class HistoryRepository:
    """The history of one table's rows of one owner."""

    def __init__(self, session: AsyncSession, table: str, owner: str) -> None:
        self.session = session
        self.table = table
        self.owner = owner

    async def record(
        self,
        action: HistoryAction,
        row_id: int,
        before: Snapshot | None,
        after: Snapshot | None,
        *,
        actor_id: int | None,
        sensitive: Collection[str] = (),
    ) -> HistoryRecord | None:
        """Add the entry of one write to the session (flushed, not committed); an update
        that changed nothing records nothing."""
        changed = changes(before, after, sensitive)
        if action == "update" and not changed:
            return None
        entry = HistoryRecord(
            table_name=self.table,
            row_id=row_id,
            owner=self.owner,
            action=action,
            actor_id=actor_id,
            changes=changed,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def list(
        self, row_id: int, *, limit: int = 50, offset: int = 0
    ) -> Sequence[HistoryRecord]:
        """The entries of one row, oldest first."""
        query = (
            select(HistoryRecord)
            .where(
                col(HistoryRecord.table_name) == self.table,
                col(HistoryRecord.owner) == self.owner,
                col(HistoryRecord.row_id) == row_id,
            )
            .order_by(col(HistoryRecord.id))
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.exec(query)).all()
