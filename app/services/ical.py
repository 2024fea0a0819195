"""iCalendar (RFC 5545) feeds, shared by every domain with a calendar: a calendar in
Europe/Stockholm with its VTIMEZONE, and events with a stable UID and a SEQUENCE."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from icalendar import Calendar, Event

from app.services.clock import CITY_ZONE

UID_DOMAIN = "samverka"


def uid(kind: str, row_id: int) -> str:
    return f"{kind}-{row_id}@{UID_DOMAIN}"


def vevent(
    kind: str,
    row_id: int,
    *,
    starts_at: datetime,
    ends_at: datetime,
    sequence: int,
    status: str,
    stamp: datetime,
    created: datetime,
    modified: datetime,
    all_day: bool = False,
) -> Event:
    """An event with what every feed's events carry; the caller adds summary and the rest.
    An all-day event is given as local dates (its end the day after its last); one that ends
    as it starts has no end (RFC 5545: DTEND must come after DTSTART)."""
    event = Event()
    event.add("uid", uid(kind, row_id))
    event.add("dtstamp", stamp)
    start, end = starts_at.astimezone(CITY_ZONE), ends_at.astimezone(CITY_ZONE)
    if all_day:
        last = end.date() if end.time() != time() or end.date() == start.date() else None
        event.add("dtstart", start.date())
        event.add("dtend", (last + timedelta(days=1)) if last is not None else end.date())
    else:
        event.add("dtstart", start)
        if end > start:
            event.add("dtend", end)
    event.add("sequence", sequence)
    event.add("created", created)
    event.add("last-modified", modified)
    event.add("status", status)
    return event


def calendar(name: str, prodid: str, events: Iterable[Event]) -> bytes:
    made = Calendar()
    made.add("prodid", prodid)
    made.add("version", "2.0")
    made.add("calscale", "GREGORIAN")
    made.add("x-wr-calname", name)
    made.add("x-wr-timezone", str(CITY_ZONE))
    for event in events:
        made.add_component(event)
    made.add_missing_timezones()
    body: bytes = made.to_ical()
    return body
