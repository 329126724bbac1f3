"""add_table: write a new table through every layer, from the SQL model to the API and tests.

Run it as `<project command>-dev add-table`.
"""

from .command import main

__all__ = ["main"]
