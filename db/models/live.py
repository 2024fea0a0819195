"""The live layer's log: every feed's events, each key's with a gap-free sequence number.

A feed is named by its domain ("cafe.session"); a key is one thing followed in it (one café
session, one premises). `FeedPosition` holds the last seq a key has reached; it is bumped in
the event's own transaction, and its row lock puts one key's writers in sequence order.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


class FeedPosition(Base):
    __tablename__ = "feed_positions"

    feed: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class FeedEvent(Base):
    __tablename__ = "feed_events"
    __table_args__ = (Index("ix_feed_events_subject", "feed", "subject"),)

    feed: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    # what the event is about ("note:12"), so that its traces can be redacted when it goes
    subject: Mapped[str | None] = mapped_column(String(60))
