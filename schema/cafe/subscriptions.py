"""Live cafés: the session's events and its presence."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from app.services.cafe.access import Access, access_to
from app.services.cafe.host_seats import seat_following_host
from app.services.cafe.watch import NOT_FOUND, AccessWatch
from app.services.errors import DomainError, PublicError
from app.streams import Streams
from schema.cafe.events import CafeSessionEvent
from schema.cafe.presence import CafePresenceEvent
from schema.context import Context
from schema.relay import decode_id

Info = strawberry.Info[Context, None]


async def _readable(info: Info, raw_id: str) -> Access:
    try:
        session_id = decode_id(raw_id, "CafeSession", "session_id")
        async with info.context.runtime.db.read() as session:
            access = await access_to(session, info.context.viewer, session_id)
    except DomainError:
        raise PublicError(NOT_FOUND, "NOT_FOUND") from None
    if not access.can_read:
        raise PublicError(NOT_FOUND, "NOT_FOUND")
    return access


def _streams(info: Info) -> Streams:
    streams = info.context.streams
    if streams is None:
        raise PublicError("Subscriptions are served over WebSocket (graphql-transport-ws).")
    return streams


@strawberry.type
class CafeSubscriptions:
    @strawberry.subscription(
        description="Every change in the session, in order. With afterSeq, what was missed comes "
        "first (from the log), then live events: no gap and no duplicate. A subscriber that falls "
        "behind gets an error with code RESYNC_REQUIRED and afterSeq, and should subscribe again."
    )
    async def cafe_session_events(
        self, info: Info, session_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[CafeSessionEvent, None]:
        access = await _readable(info, session_id)
        if after_seq is not None and after_seq < 0:
            raise PublicError("afterSeq cannot be negative.")
        if after_seq is not None and after_seq > access.cafe.last_seq:
            # a seq this session never reached: events up to it would be skipped unseen
            raise PublicError(
                f"afterSeq is beyond the session's last event ({access.cafe.last_seq})."
            )
        context = info.context
        if access.participant is None and access.hosted_tables:  # once per host and session
            async with context.runtime.db.write() as session:
                seated = await seat_following_host(session, context.viewer, access.cafe.id)
            access = seated or access
        watch = AccessWatch.of(context.runtime.db, context.viewer, access)
        events = _streams(info).cafe_events(access.cafe.id, after_seq, watch)
        async for event in events:
            info.context.forget_loaded()  # each event sees the rows as they are now
            yield CafeSessionEvent.of(event)

    @strawberry.subscription(
        description="Who is connected at which table, and who types; for the people in the room."
    )
    async def cafe_presence(
        self, info: Info, session_id: strawberry.ID
    ) -> AsyncGenerator[CafePresenceEvent, None]:
        access = await _readable(info, session_id)
        if not access.in_the_room:
            raise PublicError(NOT_FOUND, "NOT_FOUND")
        context = info.context
        watch = AccessWatch.of(context.runtime.db, context.viewer, access)
        async for update in _streams(info).cafe_presence(access.cafe.id, watch):
            info.context.forget_loaded()
            yield CafePresenceEvent.of(update)
