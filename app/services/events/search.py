"""Finding events: a time window (from now on unless told), text with Swedish folding, and
filters; in start order, every occurrence or one row per series. `modified_since` is the
changes feed for mirrors: every event changed since then, deleted ones as tombstones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.services.associations.vocabulary import District, TargetGroup
from app.services.clock import now
from app.services.events.vocabulary import EventStatus, EventType
from app.services.pagination import Page, PageRequest, count, paginate
from app.services.swedish import words
from app.services.viewer import Viewer
from db.json_has import JsonHas
from db.models import Event, EventOrganiser

ORDER = (Event.starts_at, Event.id)
CHANGES_ORDER = (Event.updated_at, Event.id)
MAX_SEARCH_WORDS = 10


@dataclass(frozen=True)
class EventFilter:
    starts_from: datetime | None = None  # default: now (events not yet over)
    starts_to: datetime | None = None
    search: str | None = None
    types: Sequence[EventType] = ()
    organiser_id: int | None = None
    organised_by_city: bool | None = None
    district: District | None = None
    target_group: TargetGroup | None = None
    language: str | None = None
    topic: str | None = None
    free_only: bool = False
    has_seats_left: bool = False
    enrolment_open: bool = False
    online: bool | None = None
    one_per_series: bool = False
    modified_since: datetime | None = None


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """Published events, and the drafts the viewer organises."""
    if viewer.is_coordinator:
        return true()
    managed = [a for a in viewer.roles if viewer.is_admin_of(a)]
    drafts = exists().where(
        EventOrganiser.event_id == Event.id, EventOrganiser.association_id.in_(managed)
    )
    return or_(Event.published.is_(True), drafts) if managed else Event.published.is_(True)


def filtered(criteria: EventFilter, viewer: Viewer) -> Select[Event]:
    stmt = select(Event).where(visible_to(viewer))
    if criteria.modified_since is not None:
        # the changes feed: tombstones too, and no time window unless asked
        stmt = stmt.where(Event.updated_at > criteria.modified_since)
    else:
        stmt = stmt.where(Event.deleted_at.is_(None))
        stmt = stmt.where(Event.ends_at > (criteria.starts_from or now()))
    if criteria.starts_from is not None and criteria.modified_since is not None:
        stmt = stmt.where(Event.ends_at > criteria.starts_from)
    if criteria.starts_to is not None:
        stmt = stmt.where(Event.starts_at < criteria.starts_to)
    search = (criteria.search or "").strip()
    terms = words(search)[:MAX_SEARCH_WORDS]
    if search and not terms:
        stmt = stmt.where(false())
    for word in terms:
        stmt = stmt.where(Event.search_text.like(f"% {word}%"))
    if criteria.types:
        stmt = stmt.where(Event.type.in_([str(t) for t in criteria.types]))
    if criteria.organiser_id is not None:
        stmt = stmt.where(
            exists().where(
                EventOrganiser.event_id == Event.id,
                EventOrganiser.association_id == criteria.organiser_id,
            )
        )
    if criteria.organised_by_city is not None:
        stmt = stmt.where(Event.organised_by_city.is_(criteria.organised_by_city))
    if criteria.district is not None:
        stmt = stmt.where(Event.district == str(criteria.district))
    for column, value in (
        (Event.target_groups, criteria.target_group),
        (Event.languages, criteria.language),
        (Event.topics, criteria.topic),
    ):
        if value:
            stmt = stmt.where(JsonHas(column, str(value), fold=True))
    if criteria.free_only:
        stmt = stmt.where(Event.price.is_(None))
    if criteria.has_seats_left:
        stmt = stmt.where(
            Event.registration.is_(True),
            or_(Event.capacity.is_(None), Event.attending_seats < Event.capacity),
        )
    if criteria.enrolment_open:
        moment = now()
        stmt = stmt.where(
            Event.registration.is_(True),
            Event.published.is_(True),
            Event.status.in_([EventStatus.SCHEDULED, EventStatus.RESCHEDULED]),
            or_(Event.enrolment_opens_at.is_(None), Event.enrolment_opens_at <= moment),
            or_(Event.enrolment_closes_at.is_(None), Event.enrolment_closes_at > moment),
            Event.starts_at > moment,
        )
    if criteria.online is not None:
        has_url = Event.online_url.is_not(None)
        stmt = stmt.where(has_url if criteria.online else ~has_url)
    if criteria.one_per_series:
        other = aliased(Event)
        first = (
            select(func.min(other.id))
            .where(
                other.series_id == Event.series_id,
                other.deleted_at.is_(None),
                other.ends_at > (criteria.starts_from or now()),
            )
            .scalar_subquery()
        )
        stmt = stmt.where(or_(Event.series_id.is_(None), Event.id == first))
    return stmt


async def find_events(
    session: AsyncSession,
    viewer: Viewer,
    criteria: EventFilter,
    request: PageRequest,
    max_size: int,
) -> Page[Event]:
    order = CHANGES_ORDER if criteria.modified_since is not None else ORDER
    stmt = filtered(criteria, viewer)
    return await paginate(session, stmt, order, request, max_size=max_size)


async def count_events(session: AsyncSession, viewer: Viewer, criteria: EventFilter) -> int:
    return await count(session, filtered(criteria, viewer))
