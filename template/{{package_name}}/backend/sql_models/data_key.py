from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from ._time import UtcDateTime, utc_now


class DataKeyRecord(SQLModel, table=True):
    """An owner's data key, wrapped by the master key (never stored in the clear)."""

    __tablename__ = "data_key"

    owner: str = Field(primary_key=True, max_length=100)
    wrapped_key: str = Field(sa_type=Text)
    master_key_fingerprint: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    rewrapped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
