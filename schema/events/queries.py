"""Calendar queries."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.services.events.registrations import registration_by_code
from app.services.events.search import EventFilter as Criteria
from app.services.events.search import count_events, find_events
from app.services.events.vocabulary import RegistrationStatus as RegistrationStatusValue
from db.models import Event
from db.models import EventMessage as EventMessageRow
from schema.context import Info
from schema.events.enums import RegistrationStatus
from schema.events.inputs import EventFilter
from schema.events.types import EventMessage, EventNode
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


@strawberry.type(
    description="A resident's own registration, read with the cancellation code: whether they "
    "have a seat or wait for one, and what the organisers wrote to those registered."
)
class GuestRegistration:
    status: RegistrationStatus
    seats: int
    event: EventNode | None
    messages: list[EventMessage] = strawberry.field(
        description="The organisers' messages (none once the registration is cancelled)."
    )


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

    @strawberry.field(
        description="Your registration, by the cancellation code you got when registering "
        "without an account; null for a code that is no one's."
    )
    async def registration_by_code(self, info: Info, code: str) -> GuestRegistration | None:
        async with info.context.db.read() as session:
            row = await registration_by_code(session, code)
            if row is None:
                return None
            event = await session.get(Event, row.event_id)
            shown = event is not None and event.published and event.deleted_at is None
            messages = (
                []
                if row.status == RegistrationStatusValue.CANCELLED or not shown
                else (
                    await session.scalars(
                        select(EventMessageRow)
                        .where(EventMessageRow.event_id == row.event_id)
                        .order_by(EventMessageRow.id)
                    )
                ).all()
            )
        return GuestRegistration(
            status=RegistrationStatusValue(row.status),
            seats=row.seats,
            event=EventNode.from_row(event) if event is not None and shown else None,
            messages=[EventMessage.from_row(m) for m in messages],
        )
