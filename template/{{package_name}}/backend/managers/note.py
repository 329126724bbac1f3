"""Notes: every actor reads the rows of its owner; only a signed-in user writes them.

Each write publishes its event (`NoteCreated`, `NoteChanged`) once its transaction
committed: a write that fails or rolls back publishes nothing.

Notes keep their history: each write records who, when and what changed in the
same transaction (so a rollback records nothing); the secret is recorded only as
"changed". Whoever may read a note reads its history; after a delete, its owner.

`list` and `get` read rows (not ORM objects) and work on a session or on a bare read
connection (`db.engine.read_connections`: a request that only reads opens no session);
the writes and the history need a session.
"""

from collections.abc import Sequence
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from ...db.engine import SessionOrConnection, session_of
from ...errors import NotFoundError, NotSignedInError
from ...security import DataKey
from ...shared_models import NoteDraft, NotePatch, NoteView
from ...shared_models.actor import Actor
from ...shared_models.events import NoteChanged, NoteCreated
from ...shared_models.history import HistoryAction, HistoryEntry
from ..events import EventBus
from ..mungers.history import HistoryMunger
from ..mungers.note import NoteMunger
from ..repositories.data_key import DataKeyRepository
from ..repositories.history import HistoryRepository, snapshot
from ..repositories.note import NoteRepository
from ..sql_models import Note
from ..sql_models.note import NoteRow
from .keyring import KeyRing

# The fields the history compares; the sensitive ones are recorded only as "changed".
HISTORY_FIELDS = {"title": "title", "body": "body", "secret": "secret_encrypted"}
SENSITIVE = ("secret",)


class NoteManager:
    def __init__(
        self,
        db: SessionOrConnection,
        actor: Actor,
        keyring: KeyRing,
        *,
        events: EventBus | None = None,
    ) -> None:
        self.db = db
        self.actor = actor
        self.repository = NoteRepository(db, actor.owner)
        self.munger = NoteMunger()
        self.keyring = keyring
        self.data_keys = DataKeyRepository(db)
        self.events = events or EventBus()  # without the app's bus: no one listens
        self.history_munger = HistoryMunger()

    @property
    def session(self) -> AsyncSession:
        """The session writes and the history need (a read connection has none)."""
        return session_of(self.db)

    @property
    def history_repository(self) -> HistoryRepository:
        return HistoryRepository(self.session, "note", self.actor.owner)

    def _may_write(self) -> None:
        # Anonymous visitors read the public rows and write nothing.
        if not (self.actor.signed_in or self.actor.operator):
            raise NotSignedInError("sign in first")

    async def _data_key(self) -> DataKey:
        return await self.keyring.data_key(self.repository.owner, self.data_keys)

    async def _record(
        self, action: HistoryAction, row: Note, before: dict[str, Any] | None
    ) -> None:
        assert row.id is not None
        after = None if action == "delete" else snapshot(row, HISTORY_FIELDS)
        await self.history_repository.record(
            action,
            row.id,
            before,
            after,
            actor_id=self.actor.user.id if self.actor.user is not None else None,
            sensitive=SENSITIVE,
        )

    async def _view(self, row: Note) -> NoteView:
        data_key = await self._data_key() if row.secret_encrypted is not None else None
        return self.munger.to_view(row, data_key)

    async def create(self, draft: NoteDraft) -> NoteView:
        self._may_write()
        row = self.repository.new(title=draft.title, body=draft.body)
        if draft.secret is not None:
            row.set_secret(draft.secret, await self._data_key())
        await self.repository.add(row)
        await self._record("insert", row, None)
        await self.session.commit()
        assert row.id is not None
        await self.events.publish(NoteCreated(note_id=row.id, owner=self.repository.owner))
        return await self._view(row)

    async def _row(self, note_id: int) -> Note:
        row = await self.repository.get(note_id)
        if row is None:
            raise NotFoundError(f"note {note_id} does not exist")
        return row

    async def get(self, note_id: int) -> NoteView:
        row = await self.repository.read(note_id)
        if row is None:
            raise NotFoundError(f"note {note_id} does not exist")
        return (await self._views([row]))[0]

    async def _views(self, rows: Sequence[NoteRow]) -> list[NoteView]:
        # Unwrap the data key only when a row needs it (cached after the first time).
        data_key = await self._data_key() if self.munger.needs_data_key(rows) else None
        return self.munger.to_views(rows, data_key)

    async def update(self, note_id: int, patch: NotePatch) -> NoteView:
        self._may_write()
        row = await self._row(note_id)
        before = snapshot(row, HISTORY_FIELDS)
        if patch.title is not None:
            row.title = patch.title
        if patch.body is not None:
            row.body = patch.body
        if patch.secret is not None:
            row.set_secret(patch.secret, await self._data_key())
        await self.repository.add(row)
        await self._record("update", row, before)
        await self.session.commit()
        await self.events.publish(
            NoteChanged(note_id=note_id, owner=self.repository.owner, change="updated")
        )
        return await self._view(row)

    async def delete(self, note_id: int) -> None:
        self._may_write()
        row = await self._row(note_id)
        before = snapshot(row, HISTORY_FIELDS)
        await self.repository.delete(row)
        await self._record("delete", row, before)
        await self.session.commit()
        await self.events.publish(
            NoteChanged(note_id=note_id, owner=self.repository.owner, change="deleted")
        )

    async def history(
        self, note_id: int, *, limit: int = 50, offset: int = 0
    ) -> list[HistoryEntry]:
        """Who inserted, changed and deleted the note, oldest first. Its owner's actors read
        it (as they read the note), also after a delete; anyone else is told it does not
        exist."""
        rows = await self.history_repository.list(note_id, limit=limit, offset=offset)
        if not rows and not await self._has_history(note_id):
            raise NotFoundError(f"note {note_id} does not exist")
        return [self.history_munger.to_entry(row) for row in rows]

    async def _has_history(self, note_id: int) -> bool:
        """The note is the owner's, or was (a note older than its history has none yet)."""
        if await self.history_repository.list(note_id, limit=1):
            return True
        return await self.repository.read(note_id) is not None

    async def list(self, *, limit: int = 50, offset: int = 0) -> list[NoteView]:
        return await self._views(await self.repository.list(limit=limit, offset=offset))
