"""The premises' live feed: every change of a premises' bookings, in order, per premises.

The owner's managers learn of a new request on the same stream (`BOOKING_REQUESTED`); the
payload carries only what anyone may see (the time taken and its state), and who booked and
why is read from the database for those allowed to see it when the event is rendered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent, Payload
from app.services.premises.vocabulary import EVENT_OF_STATUS, BookingEventKind, BookingStatus
from db.models import Booking


class BookingChanged(Payload):
    booking_id: int
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    blocked_from: datetime
    blocked_until: datetime
    association_id: int | None
    series_id: int | None


PREMISES_BOOKINGS: Feed[BookingEventKind] = Feed(
    name="premises.bookings",
    kinds={kind: BookingChanged for kind in BookingEventKind},
)


def snapshot(booking: Booking) -> BookingChanged:
    return BookingChanged(
        booking_id=booking.id,
        status=BookingStatus(booking.status),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        blocked_from=booking.blocked_from,
        blocked_until=booking.blocked_until,
        association_id=booking.association_id,
        series_id=booking.series_id,
    )


async def record_change(session: AsyncSession, booking: Booking) -> LoggedEvent:
    """Log the booking's new state on its premises' feed (published after the commit)."""
    kind = EVENT_OF_STATUS[BookingStatus(booking.status)]
    return await log.record(
        session,
        PREMISES_BOOKINGS,
        booking.premises_id,
        kind,
        snapshot(booking),
        subject=f"booking:{booking.id}",
    )
