"""change history: who inserted, changed or deleted which row, when, and what changed

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    string = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "change_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", string(length=63), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("owner", string(length=100), nullable=False),
        sa.Column("action", string(length=6), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_change_history_row",
        "change_history",
        ["table_name", "owner", "row_id", "id"],
        unique=False,
    )


def downgrade() -> None:
    # Forward only: fix forward with a new migration instead.
    raise NotImplementedError("migrations are forward-only")
