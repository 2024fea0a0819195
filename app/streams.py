"""What subscription resolvers read live data from.

Resolvers ask `context.streams`; the WebSocket layer decides what stands behind it: one
subscriber's own replay-then-live stream, or a shared rendering group (see subscriptions/).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate
from app.services.cafe.watch import AccessWatch

FELL_BEHIND = "The subscriber fell behind; subscribe again with afterSeq."


class ResyncRequired(Exception):
    """The subscriber fell behind; it should subscribe again with `afterSeq`."""

    def __init__(self, after_seq: int | None, message: str = FELL_BEHIND) -> None:
        super().__init__(message)
        self.message = str(self)
        self.extensions = {"code": "RESYNC_REQUIRED", "afterSeq": after_seq}


class Streams(Protocol):
    def cafe_events(
        self,
        session_id: int,
        after_seq: int | None,
        watch: AccessWatch,
    ) -> AsyncIterator[LoggedEvent]:
        """The session's events after `after_seq` (none if None), then live ones, in seq order.

        `watch` is the subscriber's access: a live event that may change it waits until it
        has been checked again. A subscriber in the room (`watch.participant`) counts as
        connected for presence while the stream lasts.
        """
        ...

    def cafe_presence(self, session_id: int, watch: AccessWatch) -> AsyncIterator[PresenceUpdate]:
        """A snapshot of who is connected, then changes; access checked as for events."""
        ...
