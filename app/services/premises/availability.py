"""When premises are busy and open in a window: the same two statements however many
bookings the window holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import CITY_ZONE
from app.services.errors import PublicError
from app.services.premises.rules import Opening
from app.services.premises.vocabulary import HOLDS_SLOT
from db.models import Booking, OpeningHours

MAX_WINDOW = timedelta(days=62)


@dataclass(frozen=True)
class Interval:
    starts_at: datetime
    ends_at: datetime


def check_window(start: datetime, end: datetime) -> None:
    if end <= start:
        raise PublicError("`to` must come after `from`.")
    if end - start > MAX_WINDOW:
        raise PublicError("A window spans at most 62 days.")


async def busy(
    session: AsyncSession, premises_ids: list[int], start: datetime, end: datetime
) -> dict[int, list[Booking]]:
    """The slot-holding bookings whose blocked time meets the window, per premises."""
    rows = (
        await session.scalars(
            select(Booking)
            .where(
                Booking.premises_id.in_(premises_ids),
                Booking.status.in_(list(HOLDS_SLOT)),
                Booking.blocked_from < end,
                Booking.blocked_until > start,
            )
            .order_by(Booking.premises_id, Booking.blocked_from, Booking.id)
        )
    ).all()
    found: dict[int, list[Booking]] = {key: [] for key in premises_ids}
    for row in rows:
        found[row.premises_id].append(row)
    return found


async def openings(session: AsyncSession, premises_ids: list[int]) -> dict[int, list[Opening]]:
    rows = await session.execute(
        select(
            OpeningHours.premises_id,
            OpeningHours.weekday,
            OpeningHours.opens_minute,
            OpeningHours.closes_minute,
        )
        .where(OpeningHours.premises_id.in_(premises_ids))
        .order_by(OpeningHours.weekday, OpeningHours.opens_minute)
    )
    found: dict[int, list[Opening]] = {key: [] for key in premises_ids}
    for premises_id, day, opens, closes in rows:
        found[premises_id].append(Opening(day, opens, closes))
    return found


def _at(day: date, minute: int) -> datetime:
    return (datetime.combine(day, time()) + timedelta(minutes=minute)).replace(tzinfo=CITY_ZONE)


def open_intervals(rules: list[Opening], start: datetime, end: datetime) -> list[Interval]:
    """The opening hours as times within the window (all of it, without opening hours)."""
    if not rules:
        return [Interval(start, end)]
    found: list[Interval] = []
    day = start.astimezone(CITY_ZONE).date()
    last = end.astimezone(CITY_ZONE).date()
    while day <= last:
        for rule in rules:
            if rule.weekday != day.weekday():
                continue
            opens, closes = max(_at(day, rule.opens), start), min(_at(day, rule.closes), end)
            if opens < closes:
                found.append(Interval(opens, closes))
        day += timedelta(days=1)
    return found
