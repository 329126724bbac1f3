"""SQLModel tables: the raw data.

Every table module is imported here, so importing this package registers all
tables on `SQLModel.metadata` for paving, Alembic and tests.
"""

from .data_key import DataKeyRecord
from .note import Note

__all__ = ["DataKeyRecord", "Note"]
