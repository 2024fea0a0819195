"""One subscriber's own streams: replay from the log, then live from the key's feed, with no
gap and no duplicate at the seam, and a bounded queue in between."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.follower import ACCESS_CHANGED, Follower, ResyncRequired, Verdict
from app.services.live.presence import PresenceUpdate
from subscriptions.live.listener import AccessEvents, BoundedListener, replay
from subscriptions.live.registry import Feeds


class DirectStreams:
    def __init__(self, feeds: Feeds, queue_size: int) -> None:
        self.feeds = feeds
        self.queue_size = queue_size

    async def events(
        self, feed: Feed[Any], key: int, after_seq: int | None, follower: Follower
    ) -> AsyncIterator[LoggedEvent]:
        listener = BoundedListener(self.queue_size)
        present = follower.present if feed.presence is not None else None
        async with AsyncExitStack() as stack:
            key_feed = await stack.enter_async_context(self.feeds.feed(feed, key))
            position = key_feed.add(listener)
            stack.callback(key_feed.remove, listener)
            if present is not None:
                board = await stack.enter_async_context(self.feeds.board(feed, key))
                await board.enter(*present)
                stack.push_async_callback(board.leave, present[0])
            last = position if after_seq is None else after_seq
            if after_seq is not None and after_seq < position:
                async for event in replay(self.feeds.db, feed, key, after_seq, position):
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
                await still_allowed(follower, item, last)
                last = item.seq
                yield item

    async def presence(
        self, feed: Feed[Any], key: int, follower: Follower
    ) -> AsyncIterator[PresenceUpdate]:
        listener = BoundedListener(self.queue_size)
        # the key's events too, for those that may change the subscriber's access
        access_events = AccessEvents(listener)
        async with self.feeds.board(feed, key) as board, self.feeds.feed(feed, key) as key_feed:
            board.listeners[listener] = None
            key_feed.add(access_events)
            try:
                yield board.snapshot()
                while True:
                    try:
                        item = await listener.get()
                    except OverflowError:
                        raise ResyncRequired(None) from None
                    if isinstance(item, LoggedEvent):
                        await still_allowed(follower, item, None)
                        continue
                    assert isinstance(item, PresenceUpdate)
                    yield item
            finally:
                board.listeners.pop(listener, None)
                key_feed.remove(access_events)


async def still_allowed(follower: Follower, event: LoggedEvent, after_seq: int | None) -> None:
    """Go on if the event leaves the follower's access as it was; otherwise end the stream,
    asking to subscribe again from `after_seq` if the follower may still read the key."""
    if event.kind not in event.feed.access_kinds or not follower.affected_by(event):
        return
    verdict = await follower.verdict()
    if verdict is Verdict.LOST:
        raise follower.lost()
    if verdict is Verdict.CHANGED:
        raise ResyncRequired(after_seq, ACCESS_CHANGED)
