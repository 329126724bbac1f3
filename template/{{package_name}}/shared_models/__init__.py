"""Domain objects shaped for readers (the frontend and the API), not mirrors of tables."""

# add_table adds each new table's import below and its names to __all__ (one per line).
from .account import (
    LinkToken,
    LogIn,
    PasswordChange,
    PasswordReset,
    ResetRequest,
    SignedIn,
    SignUp,
    UserView,
)
from .note import NoteDraft, NotePatch, NoteView

__all__ = [
    "LinkToken",
    "LogIn",
    "NoteDraft",
    "NotePatch",
    "NoteView",
    "PasswordChange",
    "PasswordReset",
    "ResetRequest",
    "SignUp",
    "SignedIn",
    "UserView",
]
