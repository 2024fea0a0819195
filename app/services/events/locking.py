"""The event row's lock, which every writer of an event's registrations takes first."""

from __future__ import annotations

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
