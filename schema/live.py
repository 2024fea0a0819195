"""Subscriptions to live feeds, as a domain writes them.

    @live_subscription(cursor="afterSeq", description="…")
    async def cafe_session_events(self, info: Info, session_id: ID, after_seq: int | None = None
    ) -> AsyncGenerator[CafeSessionEvent, None]:
        # the domain decides who may follow, and what rendering depends on (a `Follower`)
        async for event in follow(info, CAFE_SESSION, key, after_seq, partial(follower, ...)):
            yield CafeSessionEvent.of(event)

The live layer (subscriptions/) finds such fields by their mark, and serves them with replay,
shared rendering, access checks and presence; the domain writes nothing of its own there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar, cast

import strawberry
from strawberry.dataloader import DataLoader

from app.services.errors import PublicError
from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.follower import Follower
from app.services.live.presence import PresenceUpdate
from app.services.live.streams import Streams
from schema.context import Context, Info
from schema.sharing import LIVE_FEED

F = TypeVar("F", bound=Callable[..., Any])


def live_subscription(*, cursor: str | None, description: str) -> Callable[[F], F]:
    """`strawberry.subscription`, marked as a live feed whose `cursor` argument (the GraphQL
    name, such as "afterSeq") is each subscriber's own position; None for presence."""
    decorator = strawberry.subscription(description=description, metadata={LIVE_FEED: cursor})
    return cast("Callable[[F], F]", decorator)


def _streams(info: Info) -> Streams:
    streams = info.context.streams
    if streams is None:
        raise PublicError("Subscriptions are served over WebSocket (graphql-transport-ws).")
    return streams


async def follow(
    info: Info,
    feed: Feed[Any],
    key: int,
    after_seq: int | None,
    follower: Callable[[], Awaitable[Follower]],
) -> AsyncIterator[LoggedEvent]:
    """The key's events after `after_seq`, then live ones; each is rendered with fresh rows.

    `follower` is called once `after_seq` has been found good (a follower may be made by a
    write, such as seating a café's host: nothing is written for a bad request)."""
    if after_seq is not None:
        if after_seq < 0:
            raise PublicError("afterSeq cannot be negative.")
        async with info.context.db.read() as session:
            last = await log.last_seq(session, feed, key)
        if after_seq > last:
            # a seq this key never reached: events up to it would be skipped unseen
            raise PublicError(f"afterSeq is beyond the last event ({last}).")
    streams = _streams(info)
    async for event in streams.events(feed, key, after_seq, await follower()):
        info.context.forget_loaded()  # each event sees the rows as they are now
        yield event


async def presence(
    info: Info, feed: Feed[Any], key: int, follower: Follower
) -> AsyncIterator[PresenceUpdate]:
    """Who is connected to the key, then changes."""
    async for update in _streams(info).presence(feed, key, follower):
        info.context.forget_loaded()
        yield update


def last_seqs(context: Context, feed: Feed[Any]) -> DataLoader[int, int]:
    """The last seq of each key (0 before its first event), for many keys in one statement."""

    async def load(keys: Sequence[int]) -> list[int]:
        async with context.db.read() as session:
            found = await log.last_seqs(session, feed, keys)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)
