"""SQLModel tables: the raw data.

Every table module is imported here, so importing this package registers all
tables on `SQLModel.metadata` for paving, Alembic and tests.
"""

# add_table adds each new table's import below and its name to __all__ (one per line).
from .data_key import DataKeyRecord
from .note import Note
from .user import LoginFailure, User, UserSession

__all__ = [
    "DataKeyRecord",
    "LoginFailure",
    "Note",
    "User",
    "UserSession",
]

# The change history's table (`HistoryRecord`, read through `.history`), registered here,
# below add-table's lines so that a project's own tables and this line never meet.
from . import history as history
