"""What the schema asks of the live layer: a key's events and presence to read, and signals
to send. The live layer (subscriptions/) implements both; the composition root wires them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.follower import Follower
from app.services.live.presence import PresenceUpdate


class Streams(Protocol):
    """Where a subscription resolver reads live data; made per operation by the WebSocket
    layer: one subscriber's own replay-then-live stream, or a shared rendering group."""

    def events(
        self, feed: Feed[Any], key: int, after_seq: int | None, follower: Follower
    ) -> AsyncIterator[LoggedEvent]:
        """The key's events after `after_seq` (none if None), then live ones, in seq order.

        A live event that may change the follower's access waits until it has been checked
        again. A follower with `present` counts as connected while the stream lasts.
        """
        ...

    def presence(
        self, feed: Feed[Any], key: int, follower: Follower
    ) -> AsyncIterator[PresenceUpdate]:
        """A snapshot of who is connected, then changes; access checked as for events."""
        ...


class Signals(Protocol):
    """Live signals that are never stored."""

    async def typing(self, feed: Feed[Any], key: int, who: int, where: int) -> None:
        """Say that `who` is typing at `where` (throttled by the live layer)."""
