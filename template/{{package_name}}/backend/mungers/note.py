from datetime import UTC

from ...shared_models import NoteView
from ..sql_models import Note


class NoteMunger:
    def to_view(self, row: Note) -> NoteView:
        if row.id is None:
            raise ValueError("a note has no view until it is stored")
        created_at = row.created_at
        if created_at.tzinfo is None:  # SQLite keeps no time zone; we store UTC.
            created_at = created_at.replace(tzinfo=UTC)
        return NoteView(id=row.id, title=row.title, body=row.body, created_at=created_at)
