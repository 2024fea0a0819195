"""Where an event is held on the platform: its premises (booked in the same step when asked,
the booking following the event when it moves and freed when it is cancelled or deleted) and
the dialogue café it is. An address given with premises is replaced by the premises'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import access_to
from app.services.errors import ErrorCode, fail, forbidden, not_found
from app.services.premises.bookings import (
    BookingRequest,
    cancel_locked,
    create_booking,
    lock_booking,
    move_booking,
)
from app.services.premises.vocabulary import HOLDS_SLOT
from app.services.viewer import Viewer
from db.models import Event, Premises


@dataclass(frozen=True)
class Placement:
    """Where an event is held on the platform: premises (booked in the same step if asked),
    and the dialogue café it is."""

    premises_id: int | None = None
    book_premises: bool = False
    cafe_session_id: int | None = None


async def place(session: AsyncSession, viewer: Viewer, placement: Placement) -> dict[str, Any]:
    """The event's columns the placement sets (the premises' address and district)."""
    values: dict[str, Any] = {}
    if placement.premises_id is not None:
        premises = await session.get(Premises, placement.premises_id)
        if premises is None:
            raise not_found("premises", "premises_id")
        values["premises_id"] = premises.id
        values["address"] = premises.address
        values["district"] = premises.district
    if placement.cafe_session_id is not None:
        cafe = await access_to(session, viewer, placement.cafe_session_id)
        if not cafe.can_control:
            raise forbidden("Only the café's organiser links it to an event.")
        values["cafe_session_id"] = placement.cafe_session_id
    return values


async def book(
    session: AsyncSession,
    viewer: Viewer,
    event: Event,
    placement: Placement,
    organisers: Sequence[int],
) -> None:
    """Book the event's premises for its time; a refusal refuses the whole event."""
    if not placement.book_premises:
        return
    if placement.premises_id is None:
        raise fail(ErrorCode.REQUIRED, "Name the premises to book.", "premises_id")
    booking = await create_booking(
        session,
        viewer,
        BookingRequest(
            premises_id=placement.premises_id,
            association_id=organisers[0] if organisers else None,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            purpose=event.title,
            attendees=min(event.capacity or 1, 100_000),
        ),
    )
    event.booking_id = booking.id


async def follow_with_booking(session: AsyncSession, event: Event) -> None:
    """The event's booking follows it to its new time (the same booking, moved): a taken time
    refuses the move; the organisers' right to move the event is the right to move its room."""
    if event.booking_id is not None:
        await move_booking(session, event.booking_id, event.starts_at, event.ends_at)


async def release_booking(session: AsyncSession, event: Event, reason: str, user_id: int) -> None:
    """An event that will not take place frees the time it booked."""
    if event.booking_id is None:
        return
    booking, _premises = await lock_booking(session, event.booking_id)
    if booking.status in HOLDS_SLOT:
        await cancel_locked(session, booking, reason, user_id)
