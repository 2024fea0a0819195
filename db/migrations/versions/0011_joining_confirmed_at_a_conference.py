"""joining is requested and confirmed at a conference

An association's request to join the agreement waits in `agreement_requests` until the
coordinator confirms it at the yearly conference, which makes its membership period. The
periods there are (every one made when joining took effect at once) stay as they are:
confirmed.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agreement_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_agreement_requests_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_agreement_requests_conference_id_conferences"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_agreement_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_requests")),
    )
    with op.batch_alter_table("agreement_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_requests_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            "uq_agreement_requests_pending",
            ["association_id"],
            unique=True,
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("agreement_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_agreement_requests_pending",
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )
        batch_op.drop_index(batch_op.f("ix_agreement_requests_association_id"))

    op.drop_table("agreement_requests")
