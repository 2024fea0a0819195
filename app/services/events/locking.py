"""The event row's lock, which every writer of an event's registrations takes first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.row_locks import lock_row
from db.models import Event


async def lock_event(session: AsyncSession, event_id: int, field: str = "id") -> Event:
    """The event, row-locked (not a deleted one): its registrations are written one
    transaction at a time."""
    return await lock_row(session, Event, event_id, "event", field, Event.deleted_at.is_(None))


async def lock_events(session: AsyncSession, event_ids: Sequence[int]) -> dict[int, Event]:
    """Several events, row-locked in the order of their ids before anything else of theirs is
    locked (a series edited as a whole: the lock order every writer keeps, events before the
    premises their bookings hold)."""
    if not event_ids:
        return {}
    rows = await session.scalars(
        select(Event)
        .where(Event.id.in_(list(event_ids)), Event.deleted_at.is_(None))
        .order_by(Event.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {event.id: event for event in rows.all()}
