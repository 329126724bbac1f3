"""Domain events: what happened, published by managers once their transaction committed.

An event is a frozen, typed record named in the past tense. It carries ids, never
secrets or whole rows: a subscriber that needs more asks a manager, and a job that
runs later reads the state of then.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True)


class UserSignedUp(DomainEvent):
    user_id: int


class PasswordResetRequested(DomainEvent):
    user_id: int


class NoteCreated(DomainEvent):
    note_id: int
    owner: str


class NoteChanged(DomainEvent):
    note_id: int
    owner: str
    change: Literal["updated", "deleted"]
