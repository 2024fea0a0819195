"""Action plans (handlingsplaner) under the agreement: periods, plans, activities with their
updates, the café answers that motivated them, conferences and each activity's follow-up at
each conference."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class AgreementPeriod(Base):
    __tablename__ = "agreement_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class ActionPlan(Base):
    __tablename__ = "action_plans"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="starts_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_periods.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("weight IS NULL OR weight > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    principle: Mapped[str] = mapped_column(ForeignKey("principles.code"))
    party: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str | None] = mapped_column(String(200))  # a city unit, in words
    responsible_association_ids: Mapped[list[int]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[int] = mapped_column(Integer)
    weight: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ActivityTranslation(Base):
    __tablename__ = "activity_translations"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)


class ActivityUpdate(Base):
    """One entry of an activity's timeline: who, when, what changed, a note."""

    __tablename__ = "activity_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)  # field: [before, after]
    note: Mapped[str | None] = mapped_column(Text)


class ActivityMotivation(Base):
    """A café answer (a cluster, or a single note) that motivated an activity."""

    __tablename__ = "activity_motivations"
    __table_args__ = (
        CheckConstraint("(cluster_id IS NULL) <> (note_id IS NULL)", name="cluster_or_note"),
        UniqueConstraint("activity_id", "cluster_id", "note_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_clusters.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_notes.id", ondelete="CASCADE"), index=True
    )


class Conference(Base):
    """The yearly agreement conference, where activities are followed up."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, unique=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FollowUp(Base):
    """An activity as it stood at a conference."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("activity_id", "conference_id"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SteeringSeat(Base):
    """One term of one member of the steering group: five seats for the city (appointed by
    the coordinator), five for the associations (elected); one of them chairs, the chair
    alternating between the two sides from one chair's term to the next."""

    __tablename__ = "steering_seats"
    __table_args__ = (
        CheckConstraint("term_starts_on <= term_ends_on", name="term_in_order"),
        CheckConstraint("side IN ('CITY', 'ASSOCIATIONS')", name="side_known"),
        CheckConstraint("position IN ('CHAIR', 'MEMBER')", name="position_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[str] = mapped_column(String(16))
    position: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL")
    )
    shares: Mapped[str | None] = mapped_column(String(300))  # the contact the member shows
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Election(Base):
    """An election of the associations' members of the steering group, among signatories."""

    __tablename__ = "elections"
    __table_args__ = (
        CheckConstraint("opens_at < closes_at", name="window_in_order"),
        CheckConstraint("seats BETWEEN 1 AND 5", name="seats_range"),
        CheckConstraint("one_year_seats >= 0 AND one_year_seats <= seats", name="one_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="SET NULL")
    )
    seats: Mapped[int] = mapped_column(Integer)
    # the elected with the fewest votes get one-year terms (the first election: two of five)
    one_year_seats: Mapped[int] = mapped_column(Integer)
    term_starts_on: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seed: Mapped[str | None] = mapped_column(String(32))  # the lot's seed, recorded at the count
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Nomination(Base):
    __tablename__ = "nominations"
    __table_args__ = (UniqueConstraint("election_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"))
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"))
    accepted: Mapped[bool] = mapped_column(Boolean)
    votes: Mapped[int | None] = mapped_column(Integer)  # set by the count
    elected: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BallotCast(Base):
    """That an association voted (known), not for whom (secret: see `Vote`)."""

    __tablename__ = "ballots_cast"

    election_id: Mapped[int] = mapped_column(
        ForeignKey("elections.id", ondelete="CASCADE"), primary_key=True
    )
    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Vote(Base):
    """One mark on a ballot, with nothing that says whose ballot it was."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
