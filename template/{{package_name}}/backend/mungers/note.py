from ...security import DataKey
from ...shared_models import NoteView
from ..sql_models import Note


class NoteMunger:
    def to_view(self, row: Note, data_key: DataKey | None) -> NoteView:
        """`data_key` may be None only for rows without encrypted values."""
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
