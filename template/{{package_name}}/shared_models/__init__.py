"""Domain objects shaped for readers (the frontend and the API), not mirrors of tables."""

# add_table adds each new table's import below and its names to __all__ (one per line).
from .note import NoteDraft, NoteView

__all__ = [
    "NoteDraft",
    "NoteView",
]
