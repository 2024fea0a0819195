"""the steering group

The steering group's seats: one row per member's term, on the city's side or the
associations', with the chair among them.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "steering_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("position", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("shares", sa.String(length=300), nullable=True),
        sa.Column("term_starts_on", sa.Date(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "position IN ('CHAIR', 'MEMBER')", name=op.f("ck_steering_seats_position_known")
        ),
        sa.CheckConstraint(
            "side IN ('CITY', 'ASSOCIATIONS')", name=op.f("ck_steering_seats_side_known")
        ),
        sa.CheckConstraint(
            "term_starts_on <= term_ends_on", name=op.f("ck_steering_seats_term_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_steering_seats_association_id_associations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_steering_seats_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_seats")),
    )


def downgrade() -> None:
    op.drop_table("steering_seats")
