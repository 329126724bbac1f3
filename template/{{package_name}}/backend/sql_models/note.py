from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from ...security import DataKey
from ._time import UtcDateTime, utc_now


class Note(SQLModel, table=True):
    """The example table: a short note with one encrypted field."""

    # Every query filters by owner and pages by id: one index serves both.
    __table_args__ = (Index("ix_note_owner_id", "owner", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=100)
    title: str = Field(max_length=200)
    body: str = Field(default="", sa_type=Text)
    secret_encrypted: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)

    # Sensitive fields: stored encrypted with the owner's data key, bound to this table,
    # field and owner (a ciphertext copied elsewhere does not decrypt).
    def set_secret(self, value: str | None, data_key: DataKey) -> None:
        self._check_owner(data_key)
        self.secret_encrypted = (
            None if value is None else data_key.encrypt(value, where="note.secret")
        )

    def get_secret(self, data_key: DataKey) -> str | None:
        self._check_owner(data_key)
        if self.secret_encrypted is None:
            return None
        return Note.decrypt_secret(self.secret_encrypted, data_key)

    @staticmethod
    def decrypt_secret(secret_encrypted: str, data_key: DataKey) -> str:
        """A secret read as a bare column: the key of another owner does not open it."""
        return data_key.decrypt(secret_encrypted, where="note.secret")

    def _check_owner(self, data_key: DataKey) -> None:
        if data_key.owner != self.owner:
            raise ValueError(
                f"a data key of {data_key.owner!r} cannot open a note of {self.owner!r}"
            )


# A note as its view shows it, read as a bare row (no ORM object: NoteRepository.read and
# .list): these columns in this order, the one NoteMunger.to_views unpacks.
NoteRow = tuple[int, str, str, str | None, datetime]
