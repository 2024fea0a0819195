"""participants by table

Who sits at a table is now paged straight from the participants by their table: without an
index, each page scanned every participant of every session.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_cafe_participants_table_id"), "cafe_participants", ["table_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_cafe_participants_table_id"), table_name="cafe_participants")
