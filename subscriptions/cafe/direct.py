"""One subscriber's own streams: replay from the log, then live from the session's feed,
with no gap and no duplicate at the seam, and a bounded queue in between."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from app.services.cafe import log
from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate
from app.services.cafe.watch import (
    ACCESS_CHANGED,
    WATCHED_KINDS,
    AccessLost,
    AccessWatch,
    Verdict,
)
from app.streams import ResyncRequired
from db.session import Database
from subscriptions.cafe.realtime import Realtime

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
        watch: AccessWatch,
    ) -> AsyncIterator[LoggedEvent]:
        listener = BoundedListener(self.queue_size)
        participant = watch.participant
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
                    if item.seq <= last:
                        continue
                    await still_allowed(watch, item, last)
                    last = item.seq
                    yield item
            finally:
                feed.remove(listener)
                if participant is not None:
                    await board.leave(participant[0])

    async def cafe_presence(
        self, session_id: int, watch: AccessWatch
    ) -> AsyncIterator[PresenceUpdate]:
        listener = BoundedListener(self.queue_size)
        # the session's events too, for those that may change the subscriber's access
        access_events = AccessEvents(listener)
        async with self.realtime.board(session_id) as board, self.realtime.feed(session_id) as feed:
            board.listeners[listener] = None
            feed.add(access_events)
            try:
                yield board.snapshot()
                while True:
                    try:
                        item = await listener.get()
                    except OverflowError:
                        raise ResyncRequired(None) from None
                    if isinstance(item, LoggedEvent):
                        await still_allowed(watch, item, None)
                        continue
                    assert isinstance(item, PresenceUpdate)
                    yield item
            finally:
                board.listeners.pop(listener, None)
                feed.remove(access_events)


class AccessEvents:
    """Passes on only the events that may change someone's access (for presence streams,
    which follow the session's events for those alone)."""

    def __init__(self, listener: BoundedListener) -> None:
        self.listener = listener

    def push(self, event: LoggedEvent) -> None:
        if event.kind in WATCHED_KINDS:
            self.listener.push(event)

    def lost(self) -> None:
        self.listener.lost()


async def still_allowed(watch: AccessWatch, event: LoggedEvent, after_seq: int | None) -> None:
    """Go on if the event leaves the subscriber's access as it was; otherwise end the stream,
    asking to subscribe again from `after_seq` if the subscriber may still read the session."""
    if not watch.affected_by(event):
        return
    verdict = await watch.verdict()
    if verdict is Verdict.LOST:
        raise AccessLost
    if verdict is Verdict.CHANGED:
        raise ResyncRequired(after_seq, ACCESS_CHANGED)
