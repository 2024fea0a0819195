"""Live cafés: the session's events and its presence."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from functools import partial

import strawberry

from app.services.cafe.access import Access, access_to
from app.services.cafe.events import CAFE_SESSION
from app.services.cafe.host_seats import seat_following_host
from app.services.cafe.watch import AccessWatch, session_lost
from app.services.errors import DomainError
from schema.cafe.events import CafeSessionEvent
from schema.cafe.presence import CafePresenceEvent
from schema.context import Info
from schema.live import follow, live_subscription, presence
from schema.relay import decode_id


async def _readable(info: Info, raw_id: str) -> Access:
    try:
        session_id = decode_id(raw_id, "CafeSession", "session_id")
        async with info.context.db.read() as session:
            access = await access_to(session, info.context.viewer, session_id)
    except DomainError:
        raise session_lost() from None
    if not access.can_read:
        raise session_lost()
    return access


async def _following(info: Info, access: Access) -> AccessWatch:
    """A host who follows is seated at their table, for presence (once per host and session)."""
    context = info.context
    if access.participant is None and access.hosted_tables:
        async with context.shared.writes.transaction() as session:
            seated = await seat_following_host(session, context.viewer, access.cafe.id)
        access = seated or access
    return AccessWatch.of(context.db, context.viewer, access)


@strawberry.type
class CafeSubscriptions:
    @live_subscription(
        cursor="afterSeq",
        description="Every change in the session, in order. With afterSeq, what was missed comes "
        "first (from the log), then live events: no gap and no duplicate. A subscriber that falls "
        "behind gets an error with code RESYNC_REQUIRED and afterSeq, and should subscribe again.",
    )
    async def cafe_session_events(
        self, info: Info, session_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[CafeSessionEvent, None]:
        access = await _readable(info, session_id)
        following = partial(_following, info, access)
        async for event in follow(info, CAFE_SESSION, access.cafe.id, after_seq, following):
            yield CafeSessionEvent.of(event)

    @live_subscription(
        cursor=None,
        description="Who is connected at which table, and who types; for the people in the room.",
    )
    async def cafe_presence(
        self, info: Info, session_id: strawberry.ID
    ) -> AsyncGenerator[CafePresenceEvent, None]:
        access = await _readable(info, session_id)
        if not access.in_the_room:
            raise session_lost()
        watch = AccessWatch.of(info.context.db, info.context.viewer, access)
        async for update in presence(info, CAFE_SESSION, access.cafe.id, watch):
            yield CafePresenceEvent.of(update)
