from datetime import datetime

from sqlalchemy import DateTime, Text
from sqlmodel import Field, SQLModel

from ._time import utc_now


class Note(SQLModel, table=True):
    """The example table: a short note."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    body: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
