"""The event calendar's live feed: per event, its changes and its registrations, in order.

The payload says what anyone reading the event may see (its state and the seats taken);
a registration's owner is never in it: who registered is read from the database, for the
organisers and the person themselves, when the event is rendered. A person learns of their
own promotion on the same stream (`REGISTRATION_PROMOTED` with their `viewerRegistration`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.events.vocabulary import EventEventKind, EventStatus, RegistrationStatus
from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent, Payload
from db.models import Event, Registration


class EventChanged(Payload):
    event_id: int
    status: EventStatus
    published: bool
    attending_seats: int
    waitlisted_seats: int
    capacity: int | None
    registration_id: int | None = None
    registration_status: RegistrationStatus | None = None
    message_id: int | None = None


EVENT_UPDATES: Feed[EventEventKind] = Feed(
    name="events.event",
    kinds={kind: EventChanged for kind in EventEventKind},
    # a draft, an unpublished or a deleted event may no longer be its followers' to read
    access_kinds=frozenset({EventEventKind.EVENT_CHANGED, EventEventKind.EVENT_CANCELLED}),
)


def status_of(event: Event) -> EventStatus:
    return EventStatus.DELETED if event.deleted_at is not None else EventStatus(event.status)


async def record(
    session: AsyncSession,
    event: Event,
    kind: EventEventKind,
    registration: Registration | None = None,
    message_id: int | None = None,
) -> LoggedEvent:
    payload = EventChanged(
        event_id=event.id,
        status=status_of(event),
        published=event.published,
        attending_seats=event.attending_seats,
        waitlisted_seats=event.waitlisted_seats,
        capacity=event.capacity,
        registration_id=registration.id if registration is not None else None,
        registration_status=RegistrationStatus(registration.status)
        if registration is not None
        else None,
        message_id=message_id,
    )
    subject = f"registration:{registration.id}" if registration is not None else None
    return await log.record(session, EVENT_UPDATES, event.id, kind, payload, subject=subject)
