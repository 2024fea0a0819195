"""The exchange (kompetens- och resursutbytet): listings, conversations, exchanges, loans of
equipment, volunteers and thanks.

Equipment units given out are counted on the listing (`reserved_units`) and volunteers taken
on (`volunteers_accepted`), changed only under the listing's row lock and held by CHECK
constraints: the database itself refuses more than there is.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime, binary_string

SORT_KEY_LENGTH = 240


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (
        Index("ix_listings_sort", "sort_key", "id"),
        Index("ix_listings_kind", "kind", "direction", "status"),
        CheckConstraint(
            "quantity IS NULL OR (reserved_units >= 0 AND reserved_units <= quantity)",
            name="within_stock",
        ),
        CheckConstraint(
            "volunteers_needed IS NULL OR volunteers_accepted <= volunteers_needed",
            name="within_needed",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    direction: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(binary_string(SORT_KEY_LENGTH))
    search_text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)  # folded, lower case
    district: Mapped[str | None] = mapped_column(String(32))
    available_from: Mapped[date | None] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    terms: Mapped[str] = mapped_column(String(16))
    terms_text: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int | None] = mapped_column(Integer)  # equipment: units there are
    reserved_units: Mapped[int] = mapped_column(Integer)  # … given out or promised
    condition: Mapped[str | None] = mapped_column(String(200))
    lending_days: Mapped[int | None] = mapped_column(Integer)
    volunteers_needed: Mapped[int | None] = mapped_column(Integer)
    volunteers_accepted: Mapped[int] = mapped_column(Integer)
    task_when: Mapped[str | None] = mapped_column(String(200))
    asks: Mapped[str | None] = mapped_column(Text)  # what a volunteering request asks of people
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ListingTranslation(Base):
    __tablename__ = "listing_translations"

    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)


class Conversation(Base):
    """Between a person who answered a listing (for their association, or as a private
    volunteer) and the posting association's members."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("listing_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    person_association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL")
    )
    # what each side chose to share with the other (nothing unless it did)
    person_shares: Mapped[str | None] = mapped_column(String(300))
    poster_shares: Mapped[str | None] = mapped_column(String(300))
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    from_poster: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)
    reported: Mapped[bool] = mapped_column(Boolean)
    report_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Exchange(Base):
    """Who gives what to whom, agreed by both sides."""

    __tablename__ = "exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    giver_association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    receiver_association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    proposed_by_giver: Mapped[bool] = mapped_column(Boolean)
    giver_confirmed: Mapped[bool] = mapped_column(Boolean)
    receiver_confirmed: Mapped[bool] = mapped_column(Boolean)
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExchangeThanks(Base):
    __tablename__ = "exchange_thanks"

    exchange_id: Mapped[int] = mapped_column(
        ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True
    )
    from_giver: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        Index("ix_loans_listing_status", "listing_id", "status", "id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    borrower_association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None] = mapped_column(Date)
    handed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VolunteerSignup(Base):
    __tablename__ = "volunteer_signups"
    __table_args__ = (
        Index(
            "uq_volunteer_signups_live",
            "listing_id",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('PENDING', 'ACCEPTED')"),
            postgresql_where=text("status IN ('PENDING', 'ACCEPTED')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
