"""Live events: seats, registrations and changes of one event, in order.

Anyone who may read the event follows it (a draft: its organisers); who registered is
rendered per viewer (`viewer_field`). A change of the event itself (unpublished, deleted)
re-reads the follower's access: one who may no longer read it gets NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Hashable
from dataclasses import dataclass

import strawberry

from app.services.events import access
from app.services.events.events import EVENT_UPDATES
from app.services.live.feeds import LoggedEvent
from app.services.live.follower import AccessLost, Verdict
from app.services.viewer import Viewer
from db.models import Event
from db.session import Database
from schema.context import Info
from schema.events.events import EventUpdate
from schema.live import follow, live_subscription
from schema.relay import id_or_none

NO_SUCH_EVENT = "No event with that id."


async def _readable(db: Database, viewer: Viewer, event_id: int) -> bool:
    async with db.read() as session:
        event = await session.get(Event, event_id)
        if event is None:
            return False
        return access.can_see(viewer, event, await access.organisers_of(session, event_id))


@dataclass(frozen=True)
class EventFollower:
    db: Database
    viewer: Viewer
    event_id: int
    scope: Hashable
    present: tuple[int, int | None] | None = None

    def affected_by(self, event: LoggedEvent) -> bool:
        return event.kind in EVENT_UPDATES.access_kinds

    async def verdict(self) -> Verdict:
        if await _readable(self.db, self.viewer, self.event_id):
            return Verdict.SAME
        return Verdict.LOST

    def lost(self) -> AccessLost:
        return AccessLost(NO_SUCH_EVENT)


@strawberry.type
class EventSubscriptions:
    @live_subscription(
        cursor="afterSeq",
        description="Every change of the event (seats, registrations, cancellation, messages) "
        "in order; with afterSeq, what was missed first, then live: no gap, no duplicate.",
    )
    async def event_updates(
        self, info: Info, event_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[EventUpdate, None]:
        key = id_or_none(event_id, "Event")
        context = info.context
        if key is None or not await _readable(context.db, context.viewer, key):
            raise AccessLost(NO_SUCH_EVENT)
        viewer = context.viewer

        async def follower() -> EventFollower:
            return EventFollower(context.db, viewer, key, (viewer.user_id,))

        async for event in follow(info, EVENT_UPDATES, key, after_seq, follower):
            yield EventUpdate.of(event)
