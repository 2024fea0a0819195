"""Finding premises: prefix search over Swedish-folded words, filters, free between two times,
Swedish order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.associations.vocabulary import District
from app.services.clock import CITY_ZONE
from app.services.errors import PublicError
from app.services.pagination import Page, PageRequest, count, paginate
from app.services.premises.rules import DAY, local_minutes
from app.services.premises.vocabulary import HOLDS_SLOT, Accessibility
from app.services.swedish import words
from db.models import Booking, OpeningHours, Premises, PremisesAccessibility

ORDER = (Premises.sort_key, Premises.id)
MAX_SEARCH_WORDS = 10
MAX_FREE_WINDOW = timedelta(days=62)


@dataclass(frozen=True)
class PremisesFilter:
    search: str | None = None
    district: District | None = None
    min_capacity: int | None = None
    accessibility: Sequence[Accessibility] = ()
    owner_association_id: int | None = None
    owned_by_city: bool | None = None
    free_from: datetime | None = None
    free_to: datetime | None = None

    def check(self) -> None:
        """A free window is both ends, the first before the second; a bad one is the query's
        error (BAD_USER_INPUT)."""
        if (self.free_from is None) != (self.free_to is None):
            raise PublicError("Give both freeFrom and freeTo, or neither.")
        if self.free_from is not None and self.free_to is not None:
            if self.free_to <= self.free_from:
                raise PublicError("freeTo must come after freeFrom.")
            if self.free_to - self.free_from > MAX_FREE_WINDOW:
                raise PublicError("A free window spans at most 62 days.")


def epoch(column: Any, dialect: str) -> ColumnElement[Any]:
    """Seconds since 1970 of a stored time, exactly, in SQL (for arithmetic with minutes)."""
    if dialect == "postgresql":
        return func.extract("epoch", column)
    return func.unixepoch(column)


def _blocked_by_bookings(start: datetime, end: datetime, dialect: str) -> ColumnElement[bool]:
    """A slot-holding booking keeps the window, widened by the premises' own buffers."""
    start_s, end_s = int(start.timestamp()), int(end.timestamp())
    return exists().where(
        Booking.premises_id == Premises.id,
        Booking.status.in_(list(HOLDS_SLOT)),
        epoch(Booking.blocked_from, dialect) < literal(end_s) + Premises.buffer_after_minutes * 60,
        epoch(Booking.blocked_until, dialect)
        > literal(start_s) - Premises.buffer_before_minutes * 60,
    )


def _open_for(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Open for the whole window: no opening hours at all, or an opening of the local day
    that holds it."""
    always = ~exists().where(OpeningHours.premises_id == Premises.id)
    day, start_minute = local_minutes(start)
    start_local, end_local = start.astimezone(CITY_ZONE), end.astimezone(CITY_ZONE)
    if end_local.date() == start_local.date():
        end_minute = end_local.hour * 60 + end_local.minute
    elif end_local.date() == start_local.date() + timedelta(days=1) and end_local.time() == (
        datetime.min.time()
    ):
        end_minute = DAY
    else:
        return always
    return or_(
        always,
        exists().where(
            OpeningHours.premises_id == Premises.id,
            OpeningHours.weekday == day,
            OpeningHours.opens_minute <= start_minute,
            OpeningHours.closes_minute >= end_minute,
        ),
    )


def filtered(criteria: PremisesFilter, dialect: str) -> Select[Premises]:
    stmt = select(Premises)
    search = (criteria.search or "").strip()
    terms = words(search)[:MAX_SEARCH_WORDS]
    if search and not terms:
        stmt = stmt.where(false())
    for word in terms:
        stmt = stmt.where(Premises.search_text.like(f"% {word}%"))
    if criteria.district is not None:
        stmt = stmt.where(Premises.district == criteria.district)
    if criteria.min_capacity is not None:
        stmt = stmt.where(Premises.capacity >= criteria.min_capacity)
    for feature in sorted(set(criteria.accessibility)):
        stmt = stmt.where(
            exists().where(
                PremisesAccessibility.premises_id == Premises.id,
                PremisesAccessibility.feature == str(feature),
            )
        )
    if criteria.owner_association_id is not None:
        stmt = stmt.where(Premises.owner_association_id == criteria.owner_association_id)
    if criteria.owned_by_city is not None:
        city = Premises.owner_association_id.is_(None)
        stmt = stmt.where(city if criteria.owned_by_city else ~city)
    if criteria.free_from is not None and criteria.free_to is not None:
        start, end = criteria.free_from, criteria.free_to
        stmt = stmt.where(and_(~_blocked_by_bookings(start, end, dialect), _open_for(start, end)))
    return stmt


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


async def find_premises(
    session: AsyncSession, criteria: PremisesFilter, request: PageRequest, max_size: int
) -> Page[Premises]:
    stmt = filtered(criteria, _dialect(session))
    return await paginate(session, stmt, ORDER, request, max_size=max_size)


async def count_premises(session: AsyncSession, criteria: PremisesFilter) -> int:
    return await count(session, filtered(criteria, _dialect(session)))
