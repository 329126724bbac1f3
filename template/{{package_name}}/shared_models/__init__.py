"""Domain objects shaped for readers (the frontend and the API), not mirrors of tables."""

# add_table adds each new table's import below and its names to __all__ (one per line).
from .account import (
    Accepted,
    LinkToken,
    LogIn,
    PasswordChange,
    PasswordReset,
    ResetRequest,
    SignedIn,
    SignUp,
    UserView,
)
from .actor import Actor
from .inputs import MAX_ID, Email, ErrorBody, Id, Line, Page, Text
from .note import NoteDraft, NotePatch, NoteView

__all__ = [
    "MAX_ID",
    "Accepted",
    "Actor",
    "Email",
    "ErrorBody",
    "Id",
    "Line",
    "LinkToken",
    "LogIn",
    "NoteDraft",
    "NotePatch",
    "NoteView",
    "Page",
    "PasswordChange",
    "PasswordReset",
    "ResetRequest",
    "SignUp",
    "SignedIn",
    "Text",
    "UserView",
]
