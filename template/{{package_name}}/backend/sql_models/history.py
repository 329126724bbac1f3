from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from ._time import UtcDateTime, utc_now


class HistoryRecord(SQLModel, table=True):
    """One insert, update or delete of a row of a table that keeps its history.

    `changes` maps each field that changed to `{"old": ..., "new": ...}`; a sensitive
    field maps to the word "changed" and its value (even encrypted) is never stored.
    `owner` is the owner of the row, so its history stays readable by that owner after
    the row is deleted, and by no one else.
    """

    __tablename__ = "change_history"
    # Every read asks for one row of one table of one owner, newest last.
    __table_args__ = (Index("ix_change_history_row", "table_name", "owner", "row_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=63)
    row_id: int
    owner: str = Field(max_length=100)
    action: str = Field(max_length=6)  # insert, update or delete
    actor_id: int | None = None  # the user who acted; None for the command line
    at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
