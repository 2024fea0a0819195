"""Booking series: local times across daylight saving, the skipped hour, both modes, and
cancelling from a date on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.services.clock import CITY_ZONE, pretend
from app.services.errors import Conflict, DomainError
from app.services.premises.series import Refused, SeriesRequest, cancel_series, create_series
from app.services.premises.vocabulary import RefusalReason, SeriesMode, Weekday
from db.models import Booking
from tests.support.premises import PremisesWorld

# the clock is set in February 2027, so that both changes of the year lie ahead
FEBRUARY = datetime(2027, 2, 1, 12, 0, tzinfo=CITY_ZONE)


def request(world: PremisesWorld, **more: Any) -> SeriesRequest:
    values: dict[str, Any] = {
        "premises_id": world.hall,
        "association_id": world.booker,
        "start_date": date(2027, 3, 15),  # a Monday
        "start_time": time(18, 0),
        "end_time": time(20, 0),
        "weekdays": [Weekday.TUESDAY],
        "purpose": "Träning",
        "attendees": 20,
        "count": 4,
    }
    values.update(more)
    return SeriesRequest(**values)


async def series(world: PremisesWorld, wanted: SeriesRequest) -> Any:
    with pretend(FEBRUARY, timedelta(0)):
        async with world.runtime.writes.transaction() as session:
            return await create_series(session, world.viewer(world.member), wanted)


async def test_a_weekly_series_keeps_its_local_times_across_both_changes(
    world: PremisesWorld,
) -> None:
    spring = await series(world, request(world))  # 16, 23, 30 March, 6 April
    autumn = await series(
        world, request(world, start_date=date(2027, 10, 18), count=3)
    )  # 19 and 26 October, 2 November
    for outcome in (spring, autumn):
        local = [b.starts_at.astimezone(CITY_ZONE) for b in outcome.bookings]
        assert {(t.hour, t.minute) for t in local} == {(18, 0)}
        assert {b.ends_at.astimezone(CITY_ZONE).hour for b in outcome.bookings} == {20}
    offsets = [b.starts_at.astimezone(CITY_ZONE).utcoffset() for b in spring.bookings]
    assert offsets == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 2  # 28 March
    offsets = [b.starts_at.astimezone(CITY_ZONE).utcoffset() for b in autumn.bookings]
    assert offsets == [timedelta(hours=2)] * 2 + [timedelta(hours=1)]  # 31 October
    assert [b.starts_at.astimezone(CITY_ZONE).date() for b in spring.bookings] == [
        date(2027, 3, 16),
        date(2027, 3, 23),
        date(2027, 3, 30),
        date(2027, 4, 6),
    ]


async def test_the_spring_forward_hour_is_refused_not_shifted(world: PremisesWorld) -> None:
    # Sundays at 02:30: on 28 March 2027 that local time does not exist
    wanted = request(
        world,
        weekdays=[Weekday.SUNDAY],
        start_date=date(2027, 3, 20),
        start_time=time(2, 30),
        end_time=time(4, 0),
        count=3,
        mode=SeriesMode.FREE_ONLY,
    )
    before = await world.counts()
    with pytest.raises(Conflict) as caught:
        await series(world, replace(wanted, mode=SeriesMode.ALL_OR_NONE))
    assert [r.date for r in caught.value.current] == [date(2027, 3, 28)]  # type: ignore[attr-defined]
    assert await world.counts() == before
    outcome = await series(world, wanted)
    assert [(r.date, r.reason) for r in outcome.refused] == [
        (date(2027, 3, 28), RefusalReason.NONEXISTENT_TIME)
    ]
    assert [b.starts_at.astimezone(CITY_ZONE).date() for b in outcome.bookings] == [
        date(2027, 3, 21),
        date(2027, 4, 4),
    ]


async def test_all_or_none_books_nothing_when_one_evening_is_taken(
    world: PremisesWorld,
) -> None:
    taken = datetime(2027, 3, 23, 19, 0, tzinfo=CITY_ZONE)
    with pretend(FEBRUARY, timedelta(0)):
        await world.book(world.admin, world.hall, taken, taken + timedelta(hours=1))
    before = await world.counts()
    with pytest.raises(Conflict) as caught:
        await series(world, request(world))
    assert await world.counts() == before
    refusals: list[Refused] = caught.value.current  # type: ignore[assignment]
    (refusal,) = refusals
    assert (refusal.date, refusal.reason) == (date(2027, 3, 23), RefusalReason.TAKEN)
    free_only = await series(world, request(world, mode=SeriesMode.FREE_ONLY))
    assert len(free_only.bookings) == 3
    assert [r.date for r in free_only.refused] == [date(2027, 3, 23)]


async def test_until_skip_dates_and_every_other_week(world: PremisesWorld) -> None:
    outcome = await series(
        world,
        request(
            world,
            count=None,
            until=date(2027, 5, 11),
            interval_weeks=2,
            weekdays=[Weekday.TUESDAY, Weekday.THURSDAY],
            skip_dates=[date(2027, 3, 30)],
        ),
    )
    days = [b.starts_at.astimezone(CITY_ZONE).date() for b in outcome.bookings]
    assert days == [
        date(2027, 3, 16),
        date(2027, 3, 18),
        date(2027, 4, 1),
        date(2027, 4, 13),
        date(2027, 4, 15),
        date(2027, 4, 27),
        date(2027, 4, 29),
        date(2027, 5, 11),
    ]
    assert {b.series_id for b in outcome.bookings} == {outcome.series.id}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"count": None}, "until"),
        ({"until": date(2027, 5, 1)}, "until"),
        ({"weekdays": []}, "weekdays"),
        ({"end_time": time(17, 0)}, "end_time"),
        ({"interval_weeks": 0}, "interval_weeks"),
        ({"count": 500}, "count"),
        ({"attendees": 201}, "attendees"),
        ({"purpose": ""}, "purpose"),
        ({"start_date": date(9999, 12, 27), "count": 3}, "start_date"),
        ({"skip_dates": [date(1, 1, 1)]}, "skip_dates"),
    ],
)
async def test_a_bad_rule_names_its_field_and_writes_nothing(
    world: PremisesWorld, change: dict[str, Any], field: str
) -> None:
    before = await world.counts()
    with pytest.raises(DomainError) as caught:
        await series(world, request(world, **change))
    assert field in [p.field for p in caught.value.problems]
    assert await world.counts() == before


async def test_a_series_is_cancelled_from_a_date_on(world: PremisesWorld) -> None:
    outcome = await series(world, request(world))
    with pretend(FEBRUARY, timedelta(0)):
        async with world.runtime.writes.transaction() as session:
            cancelled = await cancel_series(
                session, world.viewer(world.admin), outcome.series.id, date(2027, 3, 30), "Slut"
            )
    assert len(cancelled.bookings) == 2
    async with world.runtime.db.read() as session:
        states = (
            await session.scalars(
                select(Booking.status)
                .where(Booking.series_id == outcome.series.id)
                .order_by(Booking.starts_at)
            )
        ).all()
    assert list(states) == ["CONFIRMED", "CONFIRMED", "CANCELLED", "CANCELLED"]
    assert cancelled.series.status == "ACTIVE"
    with pytest.raises(DomainError) as caught:
        async with world.runtime.writes.transaction() as session:
            await cancel_series(
                session, world.viewer(world.other_admin), outcome.series.id, None, "Nej"
            )
    assert caught.value.problems[0].code == "FORBIDDEN"
    with pytest.raises(DomainError) as far:
        async with world.runtime.writes.transaction() as session:
            await cancel_series(
                session, world.viewer(world.admin), outcome.series.id, date(1, 1, 1), "Nej"
            )
    assert (far.value.problems[0].code, far.value.problems[0].field) == ("INVALID", "from_date")
