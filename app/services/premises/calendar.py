"""RFC 5545 calendar feeds of premises and bookings (icalendar).

Each booking is one VEVENT with a stable UID and its SEQUENCE raised on every change, in
Europe/Stockholm with the VTIMEZONE added (app/services/ical.py); cancelled ones say
STATUS:CANCELLED. Who booked
and why is written only for viewers who may see it; others see that the time is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from icalendar import Event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.ical import calendar, vevent
from app.services.premises import access
from app.services.viewer import Viewer
from db.models import Association, Booking, Premises

PRODID = "-//Samverka//Premises//SV"
_STATUS = {
    "CONFIRMED": "CONFIRMED",
    "REQUESTED": "TENTATIVE",
    "DECLINED": "CANCELLED",
    "CANCELLED": "CANCELLED",
}


def _event(
    booking: Booking, premises: Premises, detailed: bool, who: str | None, stamp: datetime
) -> Event:
    event = vevent(
        "booking",
        booking.id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        sequence=booking.sequence,
        status=_STATUS[booking.status],
        stamp=stamp,
        created=booking.created_at,
        modified=booking.updated_at,
    )
    event.add("location", f"{premises.name}, {premises.address}")
    if detailed:
        event.add("summary", f"{premises.name}: {who}" if who else premises.name)
        event.add("description", booking.purpose)
    else:
        event.add("summary", f"{premises.name}: bokad")
        event.add("class", "PRIVATE")
    return event


def feed(
    name: str,
    premises_of: Callable[[Booking], Premises],
    bookings: Iterable[Booking],
    detailed: Callable[[Booking], bool],
    who: Callable[[Booking], str | None],
) -> bytes:
    stamp = now()
    return calendar(
        name,
        PRODID,
        (_event(b, premises_of(b), detailed(b), who(b), stamp) for b in bookings),
    )


async def _names(session: AsyncSession, bookings: list[Booking]) -> dict[int, str]:
    ids = {b.association_id for b in bookings if b.association_id is not None}
    if not ids:
        return {}
    rows = await session.execute(
        select(Association.id, Association.name).where(Association.id.in_(ids))
    )
    return {association_id: name for association_id, name in rows}


def _who(names: dict[int, str]) -> Callable[[Booking], str | None]:
    def who(booking: Booking) -> str | None:
        if booking.association_id is None:
            return "Helsingborgs stad"
        return names.get(booking.association_id)

    return who


async def premises_calendar(
    session: AsyncSession, viewer: Viewer, premises_id: int
) -> bytes | None:
    """The premises' confirmed bookings and the cancelled ones (as STATUS:CANCELLED); None
    if there are no such premises."""
    premises = await session.get(Premises, premises_id)
    if premises is None:
        return None
    bookings = list(
        (
            await session.scalars(
                select(Booking)
                .where(
                    Booking.premises_id == premises_id,
                    Booking.status.in_(["CONFIRMED", "CANCELLED"]),
                )
                .order_by(Booking.starts_at, Booking.id)
            )
        ).all()
    )
    names = await _names(session, bookings)
    owner = premises.owner_association_id
    return feed(
        premises.name,
        lambda _b: premises,
        bookings,
        lambda b: access.sees_details(viewer, b, owner),
        _who(names),
    )


async def booking_calendar(session: AsyncSession, viewer: Viewer, booking_id: int) -> bytes | None:
    """One booking as a calendar of one event (in any state); None if there is none."""
    booking = await session.get(Booking, booking_id)
    if booking is None:
        return None
    premises = await session.get(Premises, booking.premises_id)
    assert premises is not None
    names = await _names(session, [booking])
    return feed(
        premises.name,
        lambda _b: premises,
        [booking],
        lambda b: access.sees_details(viewer, b, premises.owner_association_id),
        _who(names),
    )
