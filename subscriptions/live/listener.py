"""What waits between a feed and one consumer: a bounded queue that overflows instead of
growing, and a key's events read back from the log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.presence import PresenceUpdate
from db.session import Database

REPLAY_BATCH = 200

_LOST = object()  # queued behind the last event when the feed stops


class BoundedListener:
    """Events (or presence updates) waiting for one consumer; it overflows instead of growing."""

    def __init__(self, size: int) -> None:
        # one place more than `size` for the marker of a stopped feed
        self.queue: asyncio.Queue[object] = asyncio.Queue(maxsize=size + 1)
        self.size = size
        self.overflowed = False

    def _put(self, item: object) -> None:
        if self.overflowed:
            return
        if self.queue.qsize() >= self.size:
            # the queue is full, so the consumer is not waiting: it drains, then sees this
            self.overflowed = True
            return
        self.queue.put_nowait(item)

    def push(self, event: LoggedEvent) -> None:
        self._put(event)

    def push_presence(self, update: PresenceUpdate) -> None:
        self._put(update)

    def lost(self) -> None:
        if not self.overflowed:
            self.overflowed = True
            self.queue.put_nowait(_LOST)  # wakes a waiting consumer

    async def get(self) -> object:
        """The next item; `OverflowError` once the consumer must start again from the log."""
        if self.overflowed and self.queue.empty():
            raise OverflowError
        item = await self.queue.get()
        if item is _LOST:
            raise OverflowError
        return item


class AccessEvents:
    """Passes on only the events that may change someone's access (for presence streams,
    which follow the key's events for those alone)."""

    def __init__(self, listener: BoundedListener) -> None:
        self.listener = listener

    def push(self, event: LoggedEvent) -> None:
        if event.kind in event.feed.access_kinds:
            self.listener.push(event)

    def lost(self) -> None:
        self.listener.lost()


async def replay(
    db: Database, feed: Feed[Any], key: int, after_seq: int, until_seq: int
) -> AsyncIterator[LoggedEvent]:
    """The log's events in (after_seq, until_seq], read in batches."""
    position = after_seq
    while position < until_seq:
        async with db.read() as session:
            batch = await log.events_after(
                session, feed, key, position, until_seq=until_seq, limit=REPLAY_BATCH
            )
        if not batch:
            return
        for event in batch:
            yield event
            position = event.seq
