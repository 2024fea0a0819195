"""The event calendar (evenemangskalendern): events, their organisers and translations,
series, registrations and messages to the registered.

Seats are counted on the event row (`attending_seats`, `waitlisted_seats`), changed only in
the transaction that changes a registration, under the event's row lock, and held by CHECK
constraints: the database itself refuses more attending seats than the capacity.
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class EventSeries(Base):
    """A rule whose occurrences are events of their own; editing it changes the future
    occurrences not edited by hand."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    frequency: Mapped[str] = mapped_column(String(16))
    interval: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[list[int]] = mapped_column(JSON)
    month_day: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    start_minute: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    skip_dates: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_time", "starts_at", "id"),
        Index("ix_events_modified", "updated_at", "id"),
        CheckConstraint("starts_at <= ends_at", name="starts_before_end"),
        CheckConstraint("capacity IS NULL OR attending_seats <= capacity", name="within_capacity"),
        CheckConstraint(
            "waitlist_capacity IS NULL OR waitlisted_seats <= waitlist_capacity",
            name="within_waitlist",
        ),
        CheckConstraint("attending_seats >= 0 AND waitlisted_seats >= 0", name="seats_counted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(24), index=True)
    status: Mapped[str] = mapped_column(String(16))
    published: Mapped[bool] = mapped_column(Boolean)
    status_reason: Mapped[str | None] = mapped_column(Text)
    organised_by_city: Mapped[bool] = mapped_column(Boolean)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean)
    address: Mapped[str | None] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    premises_id: Mapped[int | None] = mapped_column(
        ForeignKey("premises.id", ondelete="SET NULL"), index=True
    )
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))
    cafe_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="SET NULL")
    )
    online_url: Mapped[str | None] = mapped_column(String(200))
    price: Mapped[str | None] = mapped_column(String(200))  # None: free
    external_registration_url: Mapped[str | None] = mapped_column(String(200))
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    target_groups: Mapped[list[str]] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON)
    accessibility: Mapped[list[str]] = mapped_column(JSON)
    topics: Mapped[list[str]] = mapped_column(JSON)
    # registration: off unless `registration_open`; capacity None is unlimited
    registration: Mapped[bool] = mapped_column(Boolean)
    capacity: Mapped[int | None] = mapped_column(Integer)
    waitlist: Mapped[bool] = mapped_column(Boolean)
    waitlist_capacity: Mapped[int | None] = mapped_column(Integer)
    max_seats_per_registration: Mapped[int] = mapped_column(Integer)
    enrolment_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    enrolment_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attending_seats: Mapped[int] = mapped_column(Integer)
    waitlisted_seats: Mapped[int] = mapped_column(Integer)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="SET NULL"), index=True
    )
    edited_by_hand: Mapped[bool] = mapped_column(Boolean)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    sequence: Mapped[int] = mapped_column(Integer)  # iCalendar SEQUENCE, raised on every change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a tombstone


class EventOrganiser(Base):
    __tablename__ = "event_organisers"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EventTranslation(Base):
    __tablename__ = "event_translations"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (
        Index("ix_registrations_event_status", "event_id", "status", "id"),
        # one live registration per person and event
        Index(
            "uq_registrations_user",
            "event_id",
            "user_id",
            unique=True,
            sqlite_where=text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
            postgresql_where=text("status <> 'CANCELLED' AND user_id IS NOT NULL"),
        ),
        CheckConstraint("seats > 0", name="seats_positive"),
        CheckConstraint(
            "user_id IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL) OR scrubbed",
            name="someone",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # a resident without an account: a name and an email, removed a while after the event
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    scrubbed: Mapped[bool] = mapped_column(Boolean)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    seats: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    attended: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EventMessage(Base):
    """A message from the organisers to the people registered."""

    __tablename__ = "event_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
