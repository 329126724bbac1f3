from typing import cast

from ...shared_models.history import HistoryAction, HistoryEntry
from ..sql_models.history import HistoryRecord


class HistoryMunger:
    def to_entry(self, row: HistoryRecord) -> HistoryEntry:
        if row.id is None:
            raise ValueError("a history entry has no view until it is stored")
        return HistoryEntry(
            id=row.id,
            table=row.table_name,
            row_id=row.row_id,
            action=cast(HistoryAction, row.action),  # validated: the column holds the three
            actor_id=row.actor_id,
            at=row.at,
            changes=row.changes,
        )
