"""premises and bookings

Premises (the city's and the associations'), their translations, accessibility features and
opening hours; bookings and booking series. No two slot-holding bookings (REQUESTED or
CONFIRMED) of one premises overlap in their blocked time (the booked time widened by the
buffers): on PostgreSQL an exclusion constraint over tstzrange (btree_gist for the premises'
equality), on SQLite triggers that abort an overlapping insert or update. Both compare
half-open intervals, so bookings that only touch at an edge are allowed.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


HOLDING = "status IN ('REQUESTED', 'CONFIRMED')"
OVERLAP_MESSAGE = "bookings_no_overlap"


def _sqlite_trigger(event: str, extra: str) -> str:
    return f"""
        CREATE TRIGGER bookings_no_overlap_{event.split()[0].lower()}
        BEFORE {event} ON bookings
        WHEN NEW.{HOLDING}
        BEGIN
            SELECT RAISE(ABORT, '{OVERLAP_MESSAGE}')
            FROM bookings AS other
            WHERE other.premises_id = NEW.premises_id
              AND other.{HOLDING}
              AND other.blocked_from < NEW.blocked_until
              AND other.blocked_until > NEW.blocked_from{extra};
        END
    """  # noqa: S608  (constants only)


def _no_overlap() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
            "(premises_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&) "
            f"WHERE ({HOLDING})"
        )
    else:
        op.execute(_sqlite_trigger("INSERT", ""))
        op.execute(_sqlite_trigger("UPDATE", "\n              AND other.id <> NEW.id"))


def upgrade() -> None:
    op.create_table(
        "premises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=240).with_variant(sa.String(length=240, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("owner_association_id", sa.Integer(), nullable=True),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("house_rules", sa.Text(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("min_booking_minutes", sa.Integer(), nullable=True),
        sa.Column("max_booking_minutes", sa.Integer(), nullable=True),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("max_days_ahead", sa.Integer(), nullable=False),
        sa.Column("buffer_before_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_after_minutes", sa.Integer(), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("terms", sa.String(length=16), nullable=False),
        sa.Column("terms_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_premises_capacity_positive")),
        sa.ForeignKeyConstraint(
            ["owner_association_id"],
            ["associations.id"],
            name=op.f("fk_premises_owner_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_premises")),
    )
    with op.batch_alter_table("premises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_premises_district"), ["district"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_premises_owner_association_id"), ["owner_association_id"], unique=False
        )
        batch_op.create_index("ix_premises_sort", ["sort_key", "id"], unique=False)

    op.create_table(
        "booking_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("premises_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("booked_by_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("interval_weeks", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("skip_dates", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_booking_series_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"],
            ["users.id"],
            name=op.f("fk_booking_series_booked_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_booking_series_premises_id_premises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_series")),
    )
    with op.batch_alter_table("booking_series", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_series_premises_id"), ["premises_id"], unique=False
        )

    op.create_table(
        "premises_accessibility",
        sa.Column("premises_id", sa.Integer(), nullable=False),
        sa.Column("feature", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_premises_accessibility_premises_id_premises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("premises_id", "feature", name=op.f("pk_premises_accessibility")),
    )
    with op.batch_alter_table("premises_accessibility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_premises_accessibility_feature"), ["feature"], unique=False
        )

    op.create_table(
        "premises_opening_hours",
        sa.Column("premises_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens_minute", sa.Integer(), nullable=False),
        sa.Column("closes_minute", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "closes_minute <= 1440", name=op.f("ck_premises_opening_hours_closes_by_midnight")
        ),
        sa.CheckConstraint(
            "opens_minute >= 0 AND opens_minute < closes_minute",
            name=op.f("ck_premises_opening_hours_opens_first"),
        ),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 6", name=op.f("ck_premises_opening_hours_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_premises_opening_hours_premises_id_premises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "premises_id", "weekday", "opens_minute", name=op.f("pk_premises_opening_hours")
        ),
    )
    op.create_table(
        "premises_translations",
        sa.Column("premises_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_premises_translations_premises_id_premises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("premises_id", "language", name=op.f("pk_premises_translations")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("premises_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("booked_by_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("offered_help", sa.Text(), nullable=True),
        sa.Column("agreed_help", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("attendees > 0", name=op.f("ck_bookings_attendees_positive")),
        sa.CheckConstraint(
            "blocked_from <= starts_at AND ends_at <= blocked_until",
            name=op.f("ck_bookings_blocked_covers"),
        ),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_bookings_starts_before_end")),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_bookings_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"],
            ["users.id"],
            name=op.f("fk_bookings_booked_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_bookings_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["premises_id"],
            ["premises.id"],
            name=op.f("fk_bookings_premises_id_premises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["booking_series.id"],
            name=op.f("fk_bookings_series_id_booking_series"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bookings_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bookings_booked_by_id"), ["booked_by_id"], unique=False
        )
        batch_op.create_index(
            "ix_bookings_premises_time",
            ["premises_id", "blocked_from", "blocked_until"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_bookings_series_id"), ["series_id"], unique=False)

    _no_overlap()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS bookings_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS bookings_no_overlap_update")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_series_id"))
        batch_op.drop_index("ix_bookings_premises_time")
        batch_op.drop_index(batch_op.f("ix_bookings_booked_by_id"))
        batch_op.drop_index(batch_op.f("ix_bookings_association_id"))

    op.drop_table("bookings")
    op.drop_table("premises_translations")
    op.drop_table("premises_opening_hours")
    with op.batch_alter_table("premises_accessibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_premises_accessibility_feature"))

    op.drop_table("premises_accessibility")
    with op.batch_alter_table("booking_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_series_premises_id"))

    op.drop_table("booking_series")
    with op.batch_alter_table("premises", schema=None) as batch_op:
        batch_op.drop_index("ix_premises_sort")
        batch_op.drop_index(batch_op.f("ix_premises_owner_association_id"))
        batch_op.drop_index(batch_op.f("ix_premises_district"))

    op.drop_table("premises")
