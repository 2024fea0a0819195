"""Putting events in the calendar: create, edit, cancel, postpone, delete; and event series
whose occurrences are events of their own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import CITY_ZONE, now
from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.events import access
from app.services.events.events import record
from app.services.events.fields import CleanFields, EventFields, clean_fields
from app.services.events.locking import lock_event, lock_events
from app.services.events.places import (
    Placement,
    book,
    follow_with_booking,
    place,
    release_booking,
)
from app.services.events.registrations import promote
from app.services.events.vocabulary import EventEventKind, EventStatus, RegistrationStatus
from app.services.keep import KEEP
from app.services.recurrence import (
    RANGE_MESSAGE,
    Frequency,
    Rule,
    dates,
    local_moment,
    out_of_range,
)
from app.services.swedish import search_document
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import (
    Association,
    Event,
    EventOrganiser,
    EventSeries,
    EventTranslation,
    Registration,
)

MAX_OCCURRENCES = 200
MAX_ORGANISERS = 10


@dataclass(frozen=True)
class Recurrence:
    frequency: Frequency = Frequency.WEEKLY
    interval: int = 1
    weekdays: Sequence[int] = ()
    month_day: int | None = None
    until: date | None = None
    count: int | None = None
    skip_dates: Sequence[date] = ()


@dataclass(frozen=True)
class NewEvent:
    fields: EventFields
    organiser_ids: Sequence[int] = ()  # none: the city's (coordinator)
    draft: bool = False
    placement: Placement = field(default_factory=Placement)
    recurrence: Recurrence | None = None


async def _search_text(session: AsyncSession, event: Event) -> str:
    translations = (
        await session.execute(
            select(EventTranslation.title, EventTranslation.description).where(
                EventTranslation.event_id == event.id
            )
        )
    ).all()
    names = (
        await session.scalars(
            select(Association.name)
            .join(EventOrganiser, EventOrganiser.association_id == Association.id)
            .where(EventOrganiser.event_id == event.id)
        )
    ).all()
    return search_document(
        event.title,
        event.description,
        event.address or "",
        *event.topics,
        *names,
        *(t or "" for row in translations for t in row),
    )


async def _children(
    session: AsyncSession, event_id: int, clean: CleanFields, organisers: Sequence[int] | None
) -> None:
    if clean.translations is not None:
        await session.execute(delete(EventTranslation).where(EventTranslation.event_id == event_id))
        session.add_all(
            EventTranslation(
                event_id=event_id,
                language=t.language,
                title=t.title or "",
                description=t.description or "",
            )
            for t in clean.translations
        )
    if organisers is not None:
        await session.execute(delete(EventOrganiser).where(EventOrganiser.event_id == event_id))
        session.add_all(EventOrganiser(event_id=event_id, association_id=a) for a in organisers)
    await session.flush()


def _clean_organisers(ids: Sequence[int]) -> list[int]:
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_ORGANISERS:
        raise fail(ErrorCode.INVALID, f"At most {MAX_ORGANISERS} organisers.", "organiser_ids")
    return unique


async def _insert(
    session: AsyncSession,
    viewer: Viewer,
    user_id: int,
    clean: CleanFields,
    new: NewEvent,
    organisers: list[int],
    series_id: int | None,
) -> Event:
    moment = now()
    values = dict(clean.values)
    values.update(await place(session, viewer, new.placement))
    event = Event(
        search_text="",
        status=str(EventStatus.SCHEDULED),
        published=not new.draft,
        organised_by_city=not organisers,
        attending_seats=0,
        waitlisted_seats=0,
        series_id=series_id,
        edited_by_hand=False,
        created_by_id=user_id,
        sequence=0,
        created_at=moment,
        updated_at=moment,
        **values,
    )
    session.add(event)
    await session.flush()
    await _children(session, event.id, clean, organisers)
    event.search_text = await _search_text(session, event)
    await book(session, viewer, event, new.placement, organisers)
    await session.flush()
    return event


def _local_start(day: date, minute: int, field: str) -> datetime:
    """The local time on the day, refused (never shifted) where the clocks skip it."""
    starts = local_moment(day, minute)
    if starts is None:
        raise fail(
            ErrorCode.INVALID,
            f"{day}: that local time does not exist (the clocks go forward).",
            field,
        )
    return starts


def _occurrences(
    rule: Recurrence, first: datetime, last: datetime
) -> list[tuple[datetime, datetime]]:
    local = first.astimezone(CITY_ZONE)
    start_minute = local.hour * 60 + local.minute
    duration = last - first
    problems = Problems()
    if (rule.until is None) == (rule.count is None):
        problems.add(
            ErrorCode.INVALID, "Give either an end date (until) or a count.", "recurrence.until"
        )
    if not 1 <= rule.interval <= 52:
        problems.add(ErrorCode.INVALID, "Between 1 and 52.", "recurrence.interval")
    if rule.frequency is Frequency.WEEKLY and not rule.weekdays:
        problems.add(ErrorCode.REQUIRED, "Name at least one weekday.", "recurrence.weekdays")
    if rule.frequency is Frequency.MONTHLY and not (rule.month_day and 1 <= rule.month_day <= 31):
        problems.add(ErrorCode.INVALID, "A day of the month, 1 to 31.", "recurrence.month_day")
    for name, days in (
        ("starts_at", [local.date()]),
        ("recurrence.until", [rule.until]),
        ("recurrence.skip_dates", list(rule.skip_dates)),
    ):
        if out_of_range(*days):
            problems.add(ErrorCode.INVALID, RANGE_MESSAGE, name)
    problems.raise_if_any()
    days = dates(
        Rule(
            start_date=local.date(),
            frequency=rule.frequency,
            interval=rule.interval,
            weekdays=rule.weekdays,
            month_day=rule.month_day,
            until=rule.until,
            count=rule.count,
            skip_dates=rule.skip_dates,
        ),
        MAX_OCCURRENCES,
    )
    if len(days) > MAX_OCCURRENCES:
        raise fail(ErrorCode.INVALID, f"At most {MAX_OCCURRENCES} occurrences.", "recurrence")
    found = []
    for day in days:
        starts = _local_start(day, start_minute, "recurrence")
        found.append((starts, starts + duration))
    if not found:
        raise fail(ErrorCode.INVALID, "The rule gives no dates.", "recurrence")
    return found


async def create_event(session: AsyncSession, viewer: Viewer, new: NewEvent) -> list[Event]:
    """An event (published unless a draft), or a series' occurrences, each an event."""
    user_id = viewer.require_account()
    organisers = _clean_organisers(new.organiser_ids)
    await access.require_admin_of_all(session, viewer, organisers)
    clean = clean_fields(new.fields, creating=True)
    if new.recurrence is None:
        return [await _insert(session, viewer, user_id, clean, new, organisers, None)]
    first, last = clean.values["starts_at"], clean.values["ends_at"]
    times = _occurrences(new.recurrence, first, last)
    local = first.astimezone(CITY_ZONE)
    series = EventSeries(
        frequency=str(new.recurrence.frequency),
        interval=new.recurrence.interval,
        weekdays=list(new.recurrence.weekdays),
        month_day=new.recurrence.month_day,
        start_date=local.date(),
        start_minute=local.hour * 60 + local.minute,
        duration_minutes=int((last - first) / timedelta(minutes=1)),
        until=new.recurrence.until,
        count=new.recurrence.count,
        skip_dates=[d.isoformat() for d in sorted(set(new.recurrence.skip_dates))],
        created_at=now(),
    )
    session.add(series)
    await session.flush()
    made = []
    for starts, ends in times:
        values = {**clean.values, "starts_at": starts, "ends_at": ends}
        made.append(
            await _insert(
                session, viewer, user_id, replace(clean, values=values), new, organisers, series.id
            )
        )
    return made


_SPANNING = ("starts_at", "ends_at", "age_min", "age_max")


async def _apply(session: AsyncSession, viewer: Viewer, event: Event, fields: EventFields) -> None:
    current = {name: getattr(event, name) for name in _SPANNING}
    clean = clean_fields(fields, creating=False, current=current)
    capacity = clean.values.get("capacity", event.capacity)
    if clean.values.get("registration") is False and event.attending_seats + event.waitlisted_seats:
        raise fail(ErrorCode.CONFLICT, "People have registered: cancel them first.", "registration")
    if capacity is not None and capacity < event.attending_seats:
        raise fail(
            ErrorCode.CONFLICT,
            f"{event.attending_seats} seats are already taken.",
            "registration.capacity",
        )
    if event.waitlisted_seats:
        if clean.values.get("waitlist", event.waitlist) is False:
            raise fail(
                ErrorCode.CONFLICT,
                f"{event.waitlisted_seats} seats wait on the waitlist: cancel them first.",
                "registration.waitlist",
            )
        waiting = clean.values.get("waitlist_capacity", event.waitlist_capacity)
        if waiting is not None and waiting < event.waitlisted_seats:
            raise fail(
                ErrorCode.CONFLICT,
                f"{event.waitlisted_seats} seats wait on the waitlist already.",
                "registration.waitlist_capacity",
            )
    moved = any(
        name in clean.values and clean.values[name] != getattr(event, name)
        for name in ("starts_at", "ends_at")
    )
    for attribute, value in clean.values.items():
        setattr(event, attribute, value)
    if moved:
        await follow_with_booking(session, event)
        if event.status in (EventStatus.SCHEDULED, EventStatus.POSTPONED):
            event.status = str(EventStatus.RESCHEDULED)
    await _children(session, event.id, clean, None)
    event.search_text = await _search_text(session, event)
    event.sequence += 1
    event.updated_at = now()


async def update_event(
    session: AsyncSession,
    viewer: Viewer,
    event_id: int,
    fields: EventFields,
    publish: bool | None = None,
) -> Event:
    """Edit an event; an occurrence edited here is no longer changed by its series. A new
    time makes a scheduled or postponed event RESCHEDULED. A capacity raised promotes the
    waitlist at once."""
    event = await lock_event(session, event_id)
    await access.require_organiser(session, viewer, event)
    if event.status == EventStatus.CANCELLED:
        raise fail(ErrorCode.CONFLICT, "A cancelled event cannot be edited.", "id")
    await _apply(session, viewer, event, fields)
    if publish is not None:
        event.published = publish
    event.edited_by_hand = event.series_id is not None
    await session.flush()
    await record(session, event, EventEventKind.EVENT_CHANGED)
    await promote(session, event)
    return event


def _series_times(fields: EventFields) -> tuple[int, timedelta] | None:
    """A series' new local start time and duration, from the starts_at and ends_at given (their
    clock time and the span between them); None when the times stay."""
    if fields.starts_at is KEEP and fields.ends_at is KEEP:
        return None
    if fields.starts_at is KEEP or fields.ends_at is KEEP:
        raise fail(
            ErrorCode.REQUIRED,
            "Give a series both its new start and its new end.",
            "starts_at" if fields.starts_at is KEEP else "ends_at",
        )
    starts, ends = fields.starts_at, fields.ends_at
    assert isinstance(starts, datetime)
    assert isinstance(ends, datetime)
    if starts.tzinfo is None or ends.tzinfo is None:
        raise fail(ErrorCode.INVALID, "Give the time with its time zone.", "starts_at")
    if not starts < ends:
        raise fail(ErrorCode.INVALID, "The end must come after the start.", "ends_at")
    if ends - starts > timedelta(days=1):
        raise fail(ErrorCode.INVALID, "An occurrence lasts at most a day.", "ends_at")
    local = starts.astimezone(CITY_ZONE)
    return local.hour * 60 + local.minute, ends - starts


def _on_its_day(event: Event, minute: int, duration: timedelta) -> tuple[datetime, datetime]:
    starts = _local_start(event.starts_at.astimezone(CITY_ZONE).date(), minute, "starts_at")
    return starts, starts + duration


async def update_series(
    session: AsyncSession, viewer: Viewer, series_id: int, fields: EventFields
) -> list[Event]:
    """Apply the change to the series' future occurrences not edited by hand. New times give
    each of them the new local start time and duration on its own date (its booking moving
    with it), and become the rule's."""
    series = await session.get(EventSeries, series_id)
    if series is None:
        raise not_found("event series", "series_id")
    times = _series_times(fields)
    rows = (
        await session.scalars(
            select(Event.id)
            .where(
                Event.series_id == series_id,
                Event.deleted_at.is_(None),
                Event.edited_by_hand.is_(False),
                Event.status != EventStatus.CANCELLED,
                Event.starts_at >= now(),
            )
            .order_by(Event.starts_at)
        )
    ).all()
    changed = []
    locked = await lock_events(session, rows)  # all of them first: see lock_events
    for event_id in rows:
        event = locked.get(event_id)
        if event is None or event.edited_by_hand or event.status == EventStatus.CANCELLED:
            continue  # deleted, edited by hand or cancelled meanwhile
        await access.require_organiser(session, viewer, event)
        own = fields
        if times is not None:
            starts, ends = _on_its_day(event, *times)
            own = replace(fields, starts_at=starts, ends_at=ends)
        await _apply(session, viewer, event, own)
        await session.flush()
        await record(session, event, EventEventKind.EVENT_CHANGED)
        await promote(session, event)  # a capacity raised lets the waitlist in at once
        changed.append(event)
    if times is not None:
        if not changed:
            raise fail(ErrorCode.CONFLICT, "The series has no future occurrences.", "series_id")
        series.start_minute = times[0]
        series.duration_minutes = int(times[1] / timedelta(minutes=1))
    return changed


def _reason(text: str | None) -> str:
    problems = Problems()
    reason = clean_text(problems, "reason", text, max_length=1000, required=True, multiline=True)
    problems.raise_if_any()
    assert reason is not None
    return reason


async def cancel_event(
    session: AsyncSession, viewer: Viewer, event_id: int, reason: str | None
) -> Event:
    """Cancel an event and every registration to it; its followers are told."""
    event = await lock_event(session, event_id)
    await access.require_organiser(session, viewer, event)
    if event.status == EventStatus.CANCELLED:
        raise fail(ErrorCode.CONFLICT, "The event is cancelled already.", "id")
    event.status_reason = _reason(reason)
    event.status = str(EventStatus.CANCELLED)
    await release_booking(
        session, event, f"The event was cancelled: {event.status_reason}", viewer.require_account()
    )
    for registration in (
        await session.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.status != RegistrationStatus.CANCELLED,
            )
        )
    ).all():
        registration.status = str(RegistrationStatus.CANCELLED)
        registration.updated_at = now()
    event.attending_seats = event.waitlisted_seats = 0
    event.sequence += 1
    event.updated_at = now()
    await session.flush()
    await record(session, event, EventEventKind.EVENT_CANCELLED)
    return event


async def postpone_event(
    session: AsyncSession, viewer: Viewer, event_id: int, reason: str | None
) -> Event:
    """Postponed: it will happen, at a time not yet known; registrations stand."""
    event = await lock_event(session, event_id)
    await access.require_organiser(session, viewer, event)
    if event.status == EventStatus.CANCELLED:
        raise fail(ErrorCode.CONFLICT, "A cancelled event cannot be postponed.", "id")
    event.status_reason = _reason(reason)
    event.status = str(EventStatus.POSTPONED)
    event.sequence += 1
    event.updated_at = now()
    await session.flush()
    await record(session, event, EventEventKind.EVENT_CHANGED)
    return event


async def delete_event(session: AsyncSession, viewer: Viewer, event_id: int) -> int:
    """Gone from the calendar, kept as a tombstone for `modifiedSince`; its registrations'
    personal data go with it."""
    event = await lock_event(session, event_id)
    await access.require_organiser(session, viewer, event)
    moment = now()
    await release_booking(session, event, "The event was deleted.", viewer.require_account())
    event.deleted_at = event.updated_at = moment
    event.sequence += 1
    for registration in (
        await session.scalars(select(Registration).where(Registration.event_id == event.id))
    ).all():
        registration.status = str(RegistrationStatus.CANCELLED)
        registration.name = registration.email = None
        registration.scrubbed = True
        registration.updated_at = moment
    event.attending_seats = event.waitlisted_seats = 0
    await session.flush()
    await record(session, event, EventEventKind.EVENT_CHANGED)
    return event.id
