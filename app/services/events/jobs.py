"""The calendar's background work: a resident's name and email, given to register without an
account, are removed a set time after the event (EVENTS_GUEST_DATA_DAYS). A postponed event's
registrations stand until it has a new time, so theirs are kept while it waits for one, but
not longer than a year after it was last changed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.events.settings import EventSettings
from app.services.events.vocabulary import EventStatus
from app.services.jobs import Job
from app.services.unit_of_work import UnitOfWork
from db.models import Event, Registration

POSTPONED_WAIT = timedelta(days=365)  # how long a postponed event keeps its guests' data


async def scrub_guest_data(session: AsyncSession, keep_days: int) -> int:
    """Remove the names and emails of registrations to events that ended `keep_days` ago;
    how many were scrubbed."""
    moment, keep = now(), timedelta(days=keep_days)
    postponed = Event.status == str(EventStatus.POSTPONED)
    ended = select(Event.id).where(
        or_(
            and_(~postponed, Event.ends_at < moment - keep),
            and_(postponed, Event.updated_at < moment - POSTPONED_WAIT - keep),
        )
    )
    result = await session.execute(
        update(Registration)
        .where(
            Registration.event_id.in_(ended),
            Registration.user_id.is_(None),
            Registration.scrubbed.is_(False),
        )
        .values(name=None, email=None, scrubbed=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def events_jobs(settings: EventSettings) -> list[Job]:
    async def scrub(writes: UnitOfWork) -> None:
        async with writes.transaction() as session:
            await scrub_guest_data(session, settings.guest_data_days)

    return [Job("events.scrub_guest_data", settings.scrub_every_seconds, scrub)]
