"""Calendar queries."""

from __future__ import annotations

import strawberry

from app.services.events.search import EventFilter as Criteria
from app.services.events.search import count_events, find_events
from schema.context import Info
from schema.events.inputs import EventFilter
from schema.events.types import EventNode
from schema.relay import Connection, connection, page_request


async def _list(
    info: Info, wanted: Criteria, first: int | None, after: str | None
) -> Connection[EventNode]:
    db, viewer = info.context.db, info.context.viewer
    async with db.read() as session:
        page = await find_events(
            session, viewer, wanted, page_request(first, after), info.context.settings.max_page_size
        )

    async def total() -> int:
        async with db.read() as session:
            return await count_events(session, viewer, wanted)

    return connection(page, EventNode.from_row, total)


@strawberry.type
class EventQueries:
    @strawberry.field(
        description="The calendar: events not over yet (or in the window), in start order; with "
        "modifiedSince, every change since then (deleted events as tombstones) in the order made."
    )
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: EventFilter | None = None,
    ) -> Connection[EventNode]:
        return await _list(info, (filter or EventFilter()).criteria(), first, after)

    @strawberry.field(
        description="The training catalogue: trainings, study circles and lectures, with the "
        "calendar's filters (topic, target group, language, organiser…)."
    )
    async def trainings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: EventFilter | None = None,
    ) -> Connection[EventNode]:
        return await _list(
            info, (filter or EventFilter()).criteria(trainings_only=True), first, after
        )
