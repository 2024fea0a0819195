"""The calendar as iCalendar (RFC 5545): published events only, each occurrence of a series an
event of its own (occurrences are edited and cancelled one by one, so separate events are
always exact where an RRULE would not be), a URL back to the event, cancelled ones marked."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import datetime, timedelta

from icalendar import Event as VEvent
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.events.search import ORDER, EventFilter, filtered
from app.services.events.vocabulary import EventStatus
from app.services.ical import calendar, vevent
from app.services.public_ids import public_id
from app.services.viewer import ANONYMOUS
from db.models import Event

PRODID = "-//Samverka//Evenemang//SV"
MAX_FEED_EVENTS = 2000
_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _vevent(event: Event, base_url: str, stamp: datetime) -> VEvent:
    item = vevent(
        "event",
        event.id,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        sequence=event.sequence,
        status=_STATUS[EventStatus(event.status)],
        stamp=stamp,
        created=event.created_at,
        modified=event.updated_at,
        all_day=event.all_day,
    )
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    place = ", ".join(p for p in (event.address, event.online_url) if p)
    if place:
        item.add("location", place)
    item.add("url", f"{base_url}/calendar/events/{public_id('Event', event.id)}.ics")
    item.add("categories", [event.type])
    return item


def as_ical(name: str, events: Sequence[Event], base_url: str) -> bytes:
    stamp = now()
    return calendar(name, PRODID, (_vevent(e, base_url, stamp) for e in events))


class FeedCache:
    """Written feeds by filter, kept while no event has changed: writing 1,000 events as
    iCalendar costs about half a second, reading whether any changed one statement."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._bodies: OrderedDict[Hashable, tuple[Hashable, bytes]] = OrderedDict()
        # one writer per feed at a time: clients asking at once wait for the first's bytes
        self._writing: dict[Hashable, asyncio.Lock] = {}

    def lock(self, key: Hashable) -> asyncio.Lock:
        if len(self._writing) > 4 * self.size:
            self._writing = {k: v for k, v in self._writing.items() if v.locked()}
        return self._writing.setdefault(key, asyncio.Lock())

    def get(self, key: Hashable, stamp: Hashable) -> bytes | None:
        found = self._bodies.get(key)
        if found is None or found[0] != stamp:
            return None
        self._bodies.move_to_end(key)
        return found[1]

    def put(self, key: Hashable, stamp: Hashable, body: bytes) -> None:
        self._bodies[key] = (stamp, body)
        self._bodies.move_to_end(key)
        while len(self._bodies) > self.size:
            self._bodies.popitem(last=False)


FEEDS = FeedCache()
STALE_AFTER = timedelta(minutes=5)  # events end as time passes: rewrite now and then


async def events_feed(session: AsyncSession, criteria: EventFilter, base_url: str) -> bytes:
    """The published events the filter finds (from now on), in start order; the same bytes
    again while no event changed (and for at most five minutes)."""
    changed = (
        await session.execute(select(func.count(Event.id), func.max(Event.updated_at)))
    ).one()
    moment = now()
    stamp = (changed[0], changed[1], int(moment.timestamp() // STALE_AFTER.total_seconds()))
    key = (repr(criteria), base_url)
    cached = FEEDS.get(key, stamp)
    if cached is not None:
        return cached
    async with FEEDS.lock(key):
        cached = FEEDS.get(key, stamp)  # written while this one waited
        if cached is not None:
            return cached
        stmt = filtered(criteria, ANONYMOUS).order_by(*ORDER).limit(MAX_FEED_EVENTS)
        rows = list((await session.scalars(stmt)).all())
        body = as_ical("Helsingborgs föreningskalender", rows, base_url)
        FEEDS.put(key, stamp, body)
        return body


async def event_feed(session: AsyncSession, event_id: int, base_url: str) -> bytes | None:
    event = await session.scalar(
        select(Event).where(
            Event.id == event_id, Event.published.is_(True), Event.deleted_at.is_(None)
        )
    )
    if event is None:
        return None
    return as_ical(event.title, [event], base_url)
