"""The event row's lock, which every writer of an event's registrations takes first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import not_found
from db.models import Event


async def lock_event(session: AsyncSession, event_id: int, field: str = "id") -> Event:
    """The event, row-locked: its registrations are written one transaction at a time
    (PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE already)."""
    event = await session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.deleted_at.is_(None))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if event is None:
        raise not_found("event", field)
    return event


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
