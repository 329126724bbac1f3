from collections.abc import Iterable, Sequence

from pydantic import TypeAdapter

from ...security import DataKey
from ...shared_models import NoteView
from ..sql_models import Note
from ..sql_models.note import NoteRow

# One validation call for a whole page, in pydantic-core: measured faster than a NoteView per
# row, and than `model_construct`, which skips validation but loops in Python (2x slower).
_VIEWS = TypeAdapter(list[NoteView])


class NoteMunger:
    def to_view(self, row: Note, data_key: DataKey | None) -> NoteView:
        """A note just written (an ORM object). `data_key` may be None only for rows
        without encrypted values."""
        if row.id is None:
            raise ValueError("a note has no view until it is stored")
        secret = None
        if row.secret_encrypted is not None:
            if data_key is None:
                raise ValueError("an encrypted note needs its owner's data key")
            secret = row.get_secret(data_key)
        return NoteView(
            id=row.id, title=row.title, body=row.body, secret=secret, created_at=row.created_at
        )

    def needs_data_key(self, rows: Iterable[NoteRow]) -> bool:
        """Whether any of the rows read holds an encrypted value."""
        return any(secret is not None for _id, _title, _body, secret, _created in rows)

    def to_views(self, rows: Sequence[NoteRow], data_key: DataKey | None) -> list[NoteView]:
        """Rows read by the repository (its owner's: `data_key` is that owner's, needed
        only when `needs_data_key`), each secret decrypted only when there is one."""

        def secret(encrypted: str | None) -> str | None:
            if encrypted is None:
                return None
            if data_key is None:
                raise ValueError("an encrypted note needs its owner's data key")
            return Note.decrypt_secret(encrypted, data_key)

        return _VIEWS.validate_python(
            [
                {
                    "id": id_,
                    "title": title,
                    "body": body,
                    "secret": secret(encrypted),
                    "created_at": created_at,
                }
                for id_, title, body, encrypted, created_at in rows
            ]
        )
