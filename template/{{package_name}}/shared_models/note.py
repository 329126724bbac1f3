from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class NoteDraft(BaseModel):
    """What a user sends to create a note."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=10_000)


class NoteView(BaseModel):
    """A note as the frontend and the API show it."""

    id: int
    title: str
    body: str
    created_at: datetime
