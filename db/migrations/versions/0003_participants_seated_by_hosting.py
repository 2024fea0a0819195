"""participants seated by hosting

A host (facilitator, organiser, coordinator) who writes a note without having joined gets a
participant row so the note has an author; it is marked, so that no longer hosting ends it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cafe_participants") as batch:
        batch.add_column(
            sa.Column("seated_by_hosting", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cafe_participants") as batch:
        batch.drop_column("seated_by_hosting")
