"""`EventUpdate`: one entry of an event's log, as subscribers receive it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from app.services.events.events import EventChanged
from app.services.live.feeds import LoggedEvent
from schema.context import Info
from schema.events.enums import EventStatus, EventUpdateKind, RegistrationStatus
from schema.events.loaders import events_by_id, registrations_by_id
from schema.events.types import EventNode, RegistrationNode
from schema.loading import loader
from schema.sharing import scope_field, viewer_field


@strawberry.type(
    description="A change of an event: its state and seats as the change left them. `seq` "
    "counts the event's changes without gaps."
)
class EventUpdate:
    seq: int
    kind: EventUpdateKind
    at: datetime
    status: EventStatus
    attending_seats: int
    waitlisted_seats: int
    seats_left: int | None
    registration_status: RegistrationStatus | None = strawberry.field(
        description="On REGISTRATION_* events: the registration's state then."
    )
    event_id: strawberry.Private[int]
    registration_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        payload = event.payload
        assert isinstance(payload, EventChanged)
        left = None if payload.capacity is None else payload.capacity - payload.attending_seats
        return cls(
            seq=event.seq,
            kind=EventUpdateKind(event.kind),
            at=event.at,
            status=payload.status,
            attending_seats=payload.attending_seats,
            waitlisted_seats=payload.waitlisted_seats,
            seats_left=left,
            registration_status=payload.registration_status,
            event_id=payload.event_id,
            registration_id=payload.registration_id,
        )

    @scope_field(description="The event as it is now.")
    async def event(self, info: Info) -> EventNode | None:
        row = await loader(info, events_by_id).load(self.event_id)
        return EventNode.from_row(row) if row is not None else None

    @viewer_field(
        description="On REGISTRATION_* events, the registration: for the organisers and the "
        "person (who learns here of their own promotion); null for everyone else."
    )
    async def registration(self, info: Info) -> RegistrationNode | None:
        if self.registration_id is None:
            return None
        row = await loader(info, registrations_by_id).load(self.registration_id)
        if row is None or not await RegistrationNode._sees(info, row):
            return None
        return RegistrationNode.from_row(row)

    @viewer_field(description="Whether the change is to the viewer's own registration.")
    async def mine(self, info: Info) -> bool:
        if self.registration_id is None or info.context.viewer.user_id is None:
            return False
        row = await loader(info, registrations_by_id).load(self.registration_id)
        return row is not None and row.user_id == info.context.viewer.user_id
