"""What subscription resolvers read live data from.

Resolvers ask `context.streams`; the WebSocket layer decides what stands behind it: one
subscriber's own replay-then-live stream, or a shared rendering group (see subscriptions/).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable
from typing import Protocol

from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate


class ResyncRequired(Exception):
    """The subscriber fell behind; it should subscribe again with `afterSeq`."""

    def __init__(self, after_seq: int | None) -> None:
        super().__init__("The subscriber fell behind; subscribe again with afterSeq to catch up.")
        self.message = str(self)
        self.after_seq = after_seq
        self.extensions = {"code": "RESYNC_REQUIRED", "afterSeq": after_seq}


class Streams(Protocol):
    def cafe_events(
        self,
        session_id: int,
        after_seq: int | None,
        scope: Hashable,
        participant: tuple[int, int | None] | None,
    ) -> AsyncIterator[LoggedEvent]:
        """The session's events after `after_seq` (none if None), then live ones, in seq order.

        `participant` (id, table) is the subscriber when they are in the room: they count as
        connected for presence while the stream lasts.
        """
        ...

    def cafe_presence(self, session_id: int, scope: Hashable) -> AsyncIterator[PresenceUpdate]:
        """A snapshot of who is connected, then changes."""
        ...
