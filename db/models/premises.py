"""Premises (lokaler) and their bookings.

No two slot-holding bookings (REQUESTED or CONFIRMED) of one premises overlap in their
blocked time, which is the booked time widened by the premises' buffers as they were when it
was booked. The database holds that itself: on PostgreSQL an exclusion constraint
(`bookings_no_overlap`, btree_gist over `tstzrange(blocked_from, blocked_until)`), on SQLite
triggers that abort an overlapping insert or update (migration 0007). Neither can be said in
SQLAlchemy's metadata for both databases, so the migration makes them.
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
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime, binary_string

SORT_KEY_LENGTH = 240


class Premises(Base):
    __tablename__ = "premises"
    __table_args__ = (
        Index("ix_premises_sort", "sort_key", "id"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    sort_key: Mapped[str] = mapped_column(binary_string(SORT_KEY_LENGTH))
    search_text: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    # None: the city's, managed by the coordinator
    owner_association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    equipment: Mapped[list[str]] = mapped_column(JSON)
    house_rules: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[list[str]] = mapped_column(JSON)
    min_booking_minutes: Mapped[int | None] = mapped_column(Integer)
    max_booking_minutes: Mapped[int | None] = mapped_column(Integer)
    min_notice_minutes: Mapped[int] = mapped_column(Integer)
    max_days_ahead: Mapped[int] = mapped_column(Integer)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer)
    requires_approval: Mapped[bool] = mapped_column(Boolean)
    terms: Mapped[str] = mapped_column(String(16))
    terms_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PremisesTranslation(Base):
    __tablename__ = "premises_translations"

    premises_id: Mapped[int] = mapped_column(
        ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    description: Mapped[str] = mapped_column(Text)


class PremisesAccessibility(Base):
    __tablename__ = "premises_accessibility"

    premises_id: Mapped[int] = mapped_column(
        ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True
    )
    feature: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class OpeningHours(Base):
    """One opening interval of a weekday, in local minutes after midnight (closes ≤ 1440).
    A premises without any is open at all hours."""

    __tablename__ = "premises_opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens_minute >= 0 AND opens_minute < closes_minute", name="opens_first"),
        CheckConstraint("closes_minute <= 1440", name="closes_by_midnight"),
    )

    premises_id: Mapped[int] = mapped_column(
        ForeignKey("premises.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)  # Monday 0
    opens_minute: Mapped[int] = mapped_column(Integer, primary_key=True)
    closes_minute: Mapped[int] = mapped_column(Integer)


class BookingSeries(Base):
    """A weekly rule that made bookings; each occurrence is a booking of its own."""

    __tablename__ = "booking_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    premises_id: Mapped[int] = mapped_column(
        ForeignKey("premises.id", ondelete="CASCADE"), index=True
    )
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE")
    )
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    weekdays: Mapped[list[str]] = mapped_column(JSON)
    interval_weeks: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    start_minute: Mapped[int] = mapped_column(Integer)  # local minutes after midnight
    end_minute: Mapped[int] = mapped_column(Integer)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    skip_dates: Mapped[list[str]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(Text)
    attendees: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_premises_time", "premises_id", "blocked_from", "blocked_until"),
        CheckConstraint("starts_at < ends_at", name="starts_before_end"),
        CheckConstraint(
            "blocked_from <= starts_at AND ends_at <= blocked_until", name="blocked_covers"
        ),
        CheckConstraint("attendees > 0", name="attendees_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    premises_id: Mapped[int] = mapped_column(ForeignKey("premises.id", ondelete="CASCADE"))
    # None: booked for the city by the coordinator
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), index=True
    )
    booked_by_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_series.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the booked time widened by the buffers: what no other slot-holding booking may touch
    blocked_from: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())
    purpose: Mapped[str] = mapped_column(Text)
    attendees: Mapped[int] = mapped_column(Integer)
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    # a barter: what the booking association offers in return, and the help agreed on
    offered_help: Mapped[str | None] = mapped_column(Text)
    agreed_help: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was declined or cancelled
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # raised on every change, for calendar clients (iCalendar SEQUENCE)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
