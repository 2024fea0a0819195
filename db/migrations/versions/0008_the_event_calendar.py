"""the event calendar

Events (with organisers, translations and series), registrations and messages to the
registered. The seats an event has given out are counted on its row, under CHECK constraints
that refuse more than its capacity and its waitlist's; a person has one live registration per
event (a partial unique index).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("month_day", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("skip_dates", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_series")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("organised_by_city", sa.Boolean(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("premises_id", sa.Integer(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("cafe_session_id", sa.Integer(), nullable=True),
        sa.Column("online_url", sa.String(length=200), nullable=True),
        sa.Column("price", sa.String(length=200), nullable=True),
        sa.Column("external_registration_url", sa.String(length=200), nullable=True),
        sa.Column("age_min", sa.Integer(), nullable=True),
        sa.Column("age_max", sa.Integer(), nullable=True),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("accessibility", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("registration", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("waitlist", sa.Boolean(), nullable=False),
        sa.Column("waitlist_capacity", sa.Integer(), nullable=True),
        sa.Column("max_seats_per_registration", sa.Integer(), nullable=False),
        sa.Column("enrolment_opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enrolment_closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attending_seats", sa.Integer(), nullable=False),
        sa.Column("waitlisted_seats", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("edited_by_hand", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "attending_seats >= 0 AND waitlisted_seats >= 0", name=op.f("ck_events_seats_counted")
        ),
        sa.CheckConstraint(
            "capacity IS NULL OR attending_seats <= capacity",
            name=op.f("ck_events_within_capacity"),
        ),
        sa.CheckConstraint("starts_at <= ends_at", name=op.f("ck_events_starts_before_end")),
        sa.CheckConstraint(
            "waitlist_capacity IS NULL OR waitlisted_seats <= waitlist_capacity",
            name=op.f("ck_events_within_waitlist"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_events_booking_id_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cafe_session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_events_cafe_session_id_cafe_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_events_created_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_events_premises_id_premises"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["event_series.id"],
            name=op.f("fk_events_series_id_event_series"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_district"), ["district"], unique=False)
        batch_op.create_index("ix_events_modified", ["updated_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_premises_id"), ["premises_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_series_id"), ["series_id"], unique=False)
        batch_op.create_index("ix_events_time", ["starts_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "event_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_messages_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_event_messages_sender_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_messages")),
    )
    with op.batch_alter_table("event_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_messages_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_organisers",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_event_organisers_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_organisers_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "association_id", name=op.f("pk_event_organisers")),
    )
    with op.batch_alter_table("event_organisers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_organisers_association_id"), ["association_id"], unique=False
        )

    op.create_table(
        "event_translations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_translations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "language", name=op.f("pk_event_translations")),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("scrubbed", sa.Boolean(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("seats > 0", name=op.f("ck_registrations_seats_positive")),
        sa.CheckConstraint(
            "user_id IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL) OR scrubbed",
            name=op.f("ck_registrations_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_registrations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_registrations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_registrations_code_hash")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registrations_event_status", ["event_id", "status", "id"], unique=False
        )
        batch_op.create_index(
            "uq_registrations_user",
            ["event_id", "user_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
            postgresql_where=sa.text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_registrations_user",
            sqlite_where=sa.text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
            postgresql_where=sa.text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_registrations_event_status")

    op.drop_table("registrations")
    op.drop_table("event_translations")
    with op.batch_alter_table("event_organisers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_organisers_association_id"))

    op.drop_table("event_organisers")
    with op.batch_alter_table("event_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_messages_event_id"))

    op.drop_table("event_messages")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index("ix_events_time")
        batch_op.drop_index(batch_op.f("ix_events_series_id"))
        batch_op.drop_index(batch_op.f("ix_events_premises_id"))
        batch_op.drop_index("ix_events_modified")
        batch_op.drop_index(batch_op.f("ix_events_district"))

    op.drop_table("events")
    op.drop_table("event_series")
