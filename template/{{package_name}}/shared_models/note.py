from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from .inputs import Line, Text


class NoteDraft(BaseModel):
    """What a user sends to create a note."""

    model_config = ConfigDict(extra="forbid")

    title: Line = Field(min_length=1, max_length=200)
    body: Text = Field(default="", max_length=10_000)
    secret: Text | None = Field(default=None, max_length=10_000, description="Stored encrypted.")


class NotePatch(BaseModel):
    """What a user sends to change a note: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: Line | None = Field(default=None, min_length=1, max_length=200)
    body: Text | None = Field(default=None, max_length=10_000)
    secret: Text | None = Field(default=None, max_length=10_000, description="Stored encrypted.")


class NoteView(BaseModel):
    """A note as the frontend and the API show it (its secret decrypted)."""

    id: int
    title: str
    body: str
    secret: str | None
    created_at: datetime
