"""the exchange

Listings (offers and requests of skills, services, equipment, mentorship and volunteers) with
translations; conversations and their messages; exchanges and their thanks; loans of
equipment and volunteers' sign-ups. Units lent and volunteers taken on are counted on the
listing under CHECK constraints; a person has one live sign-up per listing (a partial unique
index).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("posted_by_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=240).with_variant(sa.String(length=240, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("available_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("terms", sa.String(length=16), nullable=False),
        sa.Column("terms_text", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("reserved_units", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=200), nullable=True),
        sa.Column("lending_days", sa.Integer(), nullable=True),
        sa.Column("volunteers_needed", sa.Integer(), nullable=True),
        sa.Column("volunteers_accepted", sa.Integer(), nullable=False),
        sa.Column("task_when", sa.String(length=200), nullable=True),
        sa.Column("asks", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "quantity IS NULL OR (reserved_units >= 0 AND reserved_units <= quantity)",
            name=op.f("ck_listings_within_stock"),
        ),
        sa.CheckConstraint(
            "volunteers_needed IS NULL OR volunteers_accepted <= volunteers_needed",
            name=op.f("ck_listings_within_needed"),
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_listings_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_id"],
            ["users.id"],
            name=op.f("fk_listings_posted_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listings")),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_listings_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index("ix_listings_kind", ["kind", "direction", "status"], unique=False)
        batch_op.create_index("ix_listings_sort", ["sort_key", "id"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_association_id", sa.Integer(), nullable=True),
        sa.Column("person_shares", sa.String(length=300), nullable=True),
        sa.Column("poster_shares", sa.String(length=300), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_conversations_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_association_id"],
            ["associations.id"],
            name=op.f("fk_conversations_person_association_id_associations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["users.id"],
            name=op.f("fk_conversations_person_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint(
            "listing_id", "person_id", name=op.f("uq_conversations_listing_id_person_id")
        ),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_person_id"), ["person_id"], unique=False)

    op.create_table(
        "listing_translations",
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_listing_translations_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "language", name=op.f("pk_listing_translations")),
    )
    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("borrower_association_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("handed_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_loans_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["borrower_association_id"],
            ["associations.id"],
            name=op.f("fk_loans_borrower_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_loans_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_loans_requested_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loans_borrower_association_id"),
            ["borrower_association_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_loans_listing_status", ["listing_id", "status", "id"], unique=False
        )

    op.create_table(
        "volunteer_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_volunteer_signups_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_volunteer_signups_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_signups")),
    )
    with op.batch_alter_table("volunteer_signups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_signups_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_volunteer_signups_live",
            ["listing_id", "user_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('PENDING', 'ACCEPTED')"),
            postgresql_where=sa.text("status IN ('PENDING', 'ACCEPTED')"),
        )

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("from_poster", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reported", sa.Boolean(), nullable=False),
        sa.Column("report_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_conversation", ["conversation_id", "id"], unique=False)

    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("giver_association_id", sa.Integer(), nullable=False),
        sa.Column("receiver_association_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by_giver", sa.Boolean(), nullable=False),
        sa.Column("giver_confirmed", sa.Boolean(), nullable=False),
        sa.Column("receiver_confirmed", sa.Boolean(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_exchanges_booking_id_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["giver_association_id"],
            ["associations.id"],
            name=op.f("fk_exchanges_giver_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_exchanges_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["receiver_association_id"],
            ["associations.id"],
            name=op.f("fk_exchanges_receiver_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_exchanges_booking_id")),
    )
    with op.batch_alter_table("exchanges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchanges_giver_association_id"), ["giver_association_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_exchanges_listing_id"), ["listing_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_exchanges_receiver_association_id"),
            ["receiver_association_id"],
            unique=False,
        )

    op.create_table(
        "exchange_thanks",
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("from_giver", sa.Boolean(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["exchanges.id"],
            name=op.f("fk_exchange_thanks_exchange_id_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exchange_id", "from_giver", name=op.f("pk_exchange_thanks")),
    )


def downgrade() -> None:
    op.drop_table("exchange_thanks")
    with op.batch_alter_table("exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchanges_receiver_association_id"))
        batch_op.drop_index(batch_op.f("ix_exchanges_listing_id"))
        batch_op.drop_index(batch_op.f("ix_exchanges_giver_association_id"))

    op.drop_table("exchanges")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_conversation")

    op.drop_table("messages")
    with op.batch_alter_table("volunteer_signups", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_volunteer_signups_live",
            sqlite_where=sa.text("status IN ('PENDING', 'ACCEPTED')"),
            postgresql_where=sa.text("status IN ('PENDING', 'ACCEPTED')"),
        )
        batch_op.drop_index(batch_op.f("ix_volunteer_signups_user_id"))

    op.drop_table("volunteer_signups")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index("ix_loans_listing_status")
        batch_op.drop_index(batch_op.f("ix_loans_borrower_association_id"))

    op.drop_table("loans")
    op.drop_table("listing_translations")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_person_id"))

    op.drop_table("conversations")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index("ix_listings_sort")
        batch_op.drop_index("ix_listings_kind")
        batch_op.drop_index(batch_op.f("ix_listings_association_id"))

    op.drop_table("listings")
