"""Domain objects shaped for readers (the frontend and the API), not mirrors of tables."""

from .note import NoteDraft, NoteView

__all__ = ["NoteDraft", "NoteView"]
