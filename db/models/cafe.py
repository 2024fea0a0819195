"""Dialogue cafés (cafésamtal): sessions, rounds, tables, participants, notes, votes and
clusters. Each session's event log is the feed log's (db/models/live.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class CafeSession(Base):
    __tablename__ = "cafe_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    organiser_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    is_public: Mapped[bool] = mapped_column(Boolean)
    anonymous_notes: Mapped[bool] = mapped_column(Boolean)
    vote_budget: Mapped[int] = mapped_column(Integer)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CafeSessionAssociation(Base):
    """An association taking part in a session."""

    __tablename__ = "cafe_session_associations"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CafeRound(Base):
    __tablename__ = "cafe_rounds"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(500))
    principle: Mapped[str | None] = mapped_column(ForeignKey("principles.code"))
    timebox_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # set by the server when the round starts: every client counts down to the same instant
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CafeTable(Base):
    __tablename__ = "cafe_tables"
    __table_args__ = (UniqueConstraint("session_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)


class CafeFacilitator(Base):
    """A person the organiser named to host a table."""

    __tablename__ = "cafe_facilitators"

    table_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_tables.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CafeParticipant(Base):
    """Someone in the room: with an account, or a guest who came with the join code."""

    __tablename__ = "cafe_participants"
    # one participant per account and session; guests (no account) are each their own
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    display_name: Mapped[str] = mapped_column(String(80))
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_tables.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # seated because they wrote as a host without joining: no longer hosting, they leave
    seated_by_hosting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CafeCluster(Base):
    """Notes that say the same thing, grouped and named by a facilitator."""

    __tablename__ = "cafe_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CafeNote(Base):
    __tablename__ = "cafe_notes"
    # the client's id makes a retried cafeNoteAdd store the note once
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cafe_sessions.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_rounds.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_tables.id", ondelete="CASCADE"), index=True
    )
    principle: Mapped[str | None] = mapped_column(ForeignKey("principles.code"))
    author_id: Mapped[int] = mapped_column(ForeignKey("cafe_participants.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_clusters.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CafeVote(Base):
    """A participant's dots on a note (dot-voting, within the session's budget)."""

    __tablename__ = "cafe_votes"
    __table_args__ = (CheckConstraint("dots > 0", name="positive"),)

    note_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_notes.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_participants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    dots: Mapped[int] = mapped_column(Integer)
