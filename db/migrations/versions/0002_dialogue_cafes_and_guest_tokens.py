"""dialogue cafes and guest tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 13:54:39.029079
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cafe_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("anonymous_notes", sa.Boolean(), nullable=False),
        sa.Column("vote_budget", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["users.id"],
            name=op.f("fk_cafe_sessions_organiser_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_sessions")),
        sa.UniqueConstraint("join_code", name=op.f("uq_cafe_sessions_join_code")),
    )
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cafe_sessions_organiser_id"), ["organiser_id"], unique=False
        )

    op.create_table(
        "cafe_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_clusters_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_clusters")),
    )
    with op.batch_alter_table("cafe_clusters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cafe_clusters_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "cafe_events",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_events_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "seq", name=op.f("pk_cafe_events")),
    )
    with op.batch_alter_table("cafe_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cafe_events_note_id"), ["note_id"], unique=False)

    op.create_table(
        "cafe_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("principle", sa.String(length=16), nullable=True),
        sa.Column("timebox_seconds", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["principle"], ["principles.code"], name=op.f("fk_cafe_rounds_principle_principles")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_rounds_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_rounds")),
        sa.UniqueConstraint(
            "session_id", "position", name=op.f("uq_cafe_rounds_session_id_position")
        ),
    )
    with op.batch_alter_table("cafe_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cafe_rounds_ends_at"), ["ends_at"], unique=False)

    op.create_table(
        "cafe_session_associations",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_cafe_session_associations_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_session_associations_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "association_id", name=op.f("pk_cafe_session_associations")
        ),
    )
    with op.batch_alter_table("cafe_session_associations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cafe_session_associations_association_id"),
            ["association_id"],
            unique=False,
        )

    op.create_table(
        "cafe_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_tables_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_tables")),
        sa.UniqueConstraint("session_id", "name", name=op.f("uq_cafe_tables_session_id_name")),
    )
    op.create_table(
        "cafe_facilitators",
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["cafe_tables.id"],
            name=op.f("fk_cafe_facilitators_table_id_cafe_tables"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cafe_facilitators_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("table_id", "user_id", name=op.f("pk_cafe_facilitators")),
    )
    with op.batch_alter_table("cafe_facilitators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cafe_facilitators_user_id"), ["user_id"], unique=False)

    op.create_table(
        "cafe_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_participants_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["cafe_tables.id"],
            name=op.f("fk_cafe_participants_table_id_cafe_tables"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cafe_participants_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_participants")),
        sa.UniqueConstraint(
            "session_id", "user_id", name=op.f("uq_cafe_participants_session_id_user_id")
        ),
    )
    with op.batch_alter_table("cafe_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cafe_participants_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "cafe_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("principle", sa.String(length=16), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["cafe_participants.id"],
            name=op.f("fk_cafe_notes_author_id_cafe_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cafe_clusters.id"],
            name=op.f("fk_cafe_notes_cluster_id_cafe_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["principle"], ["principles.code"], name=op.f("fk_cafe_notes_principle_principles")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["cafe_rounds.id"],
            name=op.f("fk_cafe_notes_round_id_cafe_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_notes_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["cafe_tables.id"],
            name=op.f("fk_cafe_notes_table_id_cafe_tables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafe_notes")),
        sa.UniqueConstraint(
            "session_id", "client_id", name=op.f("uq_cafe_notes_session_id_client_id")
        ),
    )
    with op.batch_alter_table("cafe_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cafe_notes_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cafe_notes_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cafe_notes_table_id"), ["table_id"], unique=False)

    op.create_table(
        "cafe_votes",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.CheckConstraint("dots > 0", name=op.f("ck_cafe_votes_positive")),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["cafe_notes.id"],
            name=op.f("fk_cafe_votes_note_id_cafe_notes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["cafe_participants.id"],
            name=op.f("fk_cafe_votes_participant_id_cafe_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("note_id", "participant_id", name=op.f("pk_cafe_votes")),
    )
    with op.batch_alter_table("cafe_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cafe_votes_participant_id"), ["participant_id"], unique=False
        )

    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participant_id", sa.Integer(), nullable=True))
        batch_op.alter_column("user_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_auth_tokens_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_auth_tokens_participant_id_cafe_participants"),
            "cafe_participants",
            ["participant_id"],
            ["id"],
            ondelete="CASCADE",
        )
        # a token belongs to a user or to a café guest, never both
        batch_op.create_check_constraint(
            "one_holder", "(user_id IS NULL) <> (participant_id IS NULL)"
        )


def downgrade() -> None:
    op.execute("DELETE FROM auth_tokens WHERE user_id IS NULL")
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_auth_tokens_one_holder"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_auth_tokens_participant_id_cafe_participants"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_auth_tokens_participant_id"))
        batch_op.alter_column("user_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("participant_id")

    with op.batch_alter_table("cafe_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_votes_participant_id"))

    op.drop_table("cafe_votes")
    with op.batch_alter_table("cafe_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_notes_table_id"))
        batch_op.drop_index(batch_op.f("ix_cafe_notes_round_id"))
        batch_op.drop_index(batch_op.f("ix_cafe_notes_cluster_id"))

    op.drop_table("cafe_notes")
    with op.batch_alter_table("cafe_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_participants_session_id"))

    op.drop_table("cafe_participants")
    with op.batch_alter_table("cafe_facilitators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_facilitators_user_id"))

    op.drop_table("cafe_facilitators")
    op.drop_table("cafe_tables")
    with op.batch_alter_table("cafe_session_associations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_session_associations_association_id"))

    op.drop_table("cafe_session_associations")
    with op.batch_alter_table("cafe_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_rounds_ends_at"))

    op.drop_table("cafe_rounds")
    op.drop_table("cafe_events")
    with op.batch_alter_table("cafe_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_clusters_session_id"))

    op.drop_table("cafe_clusters")
    with op.batch_alter_table("cafe_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cafe_sessions_organiser_id"))

    op.drop_table("cafe_sessions")
