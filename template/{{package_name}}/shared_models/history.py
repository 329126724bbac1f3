from datetime import datetime
from typing import Literal

from pydantic import BaseModel, JsonValue

# What a sensitive field's entry says: that it changed, never its value (nor its ciphertext).
CHANGED = "changed"
HistoryAction = Literal["insert", "update", "delete"]


class FieldChange(BaseModel):
    """A plain field's value before and after (None before an insert, after a delete)."""

    old: JsonValue
    new: JsonValue


class HistoryEntry(BaseModel):
    """One insert, update or delete of a row: who, when, and what changed."""

    id: int
    table: str
    row_id: int
    action: HistoryAction
    actor_id: int | None
    """The user who acted; None for the command line (the operator)."""
    at: datetime
    changes: dict[str, FieldChange | Literal["changed"]]
    """Per field that changed: its old and new values, or "changed" for a sensitive one."""
