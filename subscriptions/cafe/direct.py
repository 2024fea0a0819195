"""One subscriber's own streams: replay from the log, then live from the session's feed,
with no gap and no duplicate at the seam, and a bounded queue in between."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable

from app.services.cafe import log
from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate
from app.streams import ResyncRequired
from db.session import Database
from subscriptions.cafe.realtime import Realtime

REPLAY_BATCH = 200


class BoundedListener:
    """Events (or presence updates) waiting for one consumer; it overflows instead of growing."""

    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[object] = asyncio.Queue(maxsize=size)
        self.overflowed = False

    def _put(self, item: object) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # the queue is full, so the consumer is not waiting: it drains, then sees this
            self.overflowed = True

    def push(self, event: LoggedEvent) -> None:
        self._put(event)

    def push_presence(self, update: PresenceUpdate) -> None:
        self._put(update)

    async def get(self) -> object:
        if self.overflowed and self.queue.empty():
            raise OverflowError
        return await self.queue.get()


async def replay(
    db: Database, session_id: int, after_seq: int, until_seq: int
) -> AsyncIterator[LoggedEvent]:
    """The log's events in (after_seq, until_seq], read in batches."""
    position = after_seq
    while position < until_seq:
        async with db.read() as session:
            batch = await log.events_after(
                session, session_id, position, until_seq=until_seq, limit=REPLAY_BATCH
            )
        if not batch:
            return
        for event in batch:
            yield event
            position = event.seq


class DirectStreams:
    def __init__(self, realtime: Realtime, queue_size: int) -> None:
        self.realtime = realtime
        self.queue_size = queue_size

    async def cafe_events(
        self,
        session_id: int,
        after_seq: int | None,
        scope: Hashable,
        participant: tuple[int, int | None] | None,
    ) -> AsyncIterator[LoggedEvent]:
        listener = BoundedListener(self.queue_size)
        async with self.realtime.feed(session_id) as feed, self.realtime.board(session_id) as board:
            position = feed.add(listener)
            if participant is not None:
                await board.enter(*participant)
            try:
                last = position if after_seq is None else after_seq
                if after_seq is not None and after_seq < position:
                    async for event in replay(self.realtime.db, session_id, after_seq, position):
                        last = event.seq
                        yield event
                while True:
                    try:
                        item = await listener.get()
                    except OverflowError:
                        raise ResyncRequired(last) from None
                    assert isinstance(item, LoggedEvent)
                    if item.seq > last:
                        last = item.seq
                        yield item
            finally:
                feed.remove(listener)
                if participant is not None:
                    await board.leave(participant[0])

    async def cafe_presence(
        self, session_id: int, scope: Hashable
    ) -> AsyncIterator[PresenceUpdate]:
        listener = BoundedListener(self.queue_size)
        async with self.realtime.board(session_id) as board:
            board.listeners[listener] = None
            try:
                yield board.snapshot()
                while True:
                    try:
                        item = await listener.get()
                    except OverflowError:
                        raise ResyncRequired(None) from None
                    assert isinstance(item, PresenceUpdate)
                    yield item
            finally:
                board.listeners.pop(listener, None)
