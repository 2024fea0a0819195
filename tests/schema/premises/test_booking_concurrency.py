"""No double booking under concurrency, on the configured database: many requests for
overlapping times of one premises at once leave exactly what a one-at-a-time order allows."""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.services.clock import CITY_ZONE, pretend
from app.services.errors import DomainError
from app.services.premises.series import SeriesRequest, create_series
from app.services.premises.vocabulary import SeriesMode, Weekday
from db.models import Booking
from tests.support.people import Person
from tests.support.premises import PremisesWorld, evening

BUFFER = timedelta(minutes=15)  # the room's, before and after


@dataclass(frozen=True)
class Attempt:
    person: Person
    starts_at: datetime
    ends_at: datetime

    @property
    def held(self) -> tuple[datetime, datetime]:
        return self.starts_at - BUFFER, self.ends_at + BUFFER


def overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


async def holding(world: PremisesWorld, premises: int) -> list[Booking]:
    async with world.runtime.db.read() as session:
        rows = await session.scalars(
            select(Booking)
            .where(Booking.premises_id == premises, Booking.status.in_(["REQUESTED", "CONFIRMED"]))
            .order_by(Booking.id)
        )
        return list(rows.all())


def assert_never_two_overlap(rows: list[Booking]) -> None:
    spans = sorted((r.blocked_from, r.blocked_until) for r in rows)
    for earlier, later in itertools.pairwise(spans):
        assert earlier[1] <= later[0], f"{earlier} overlaps {later}"


async def test_200_concurrent_requests_never_overlap(world: PremisesWorld) -> None:
    rng = random.Random(20261203)
    base, _ = evening(9, 17)
    people = [world.member, world.admin, world.owner_member, world.owner_admin]
    attempts = []
    for n in range(200):
        starts = base + timedelta(minutes=15 * rng.randrange(0, 21))
        length = timedelta(minutes=rng.choice((30, 45, 60, 90)))
        attempts.append(Attempt(people[n % 4], starts, starts + length))
    # some touch an accepted one only at an edge of its hold, some only reach into a buffer

    async def one(attempt: Attempt) -> str:
        association = world.owner if attempt.person in people[2:] else world.booker
        try:
            await world.book(
                attempt.person,
                world.room,
                attempt.starts_at,
                attempt.ends_at,
                association=association,
            )
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    answers = await asyncio.gather(*(one(a) for a in attempts))
    assert set(answers) <= {"ok", "CONFLICT", "BUSY"}, set(answers)
    stored = await holding(world, world.room)
    assert_never_two_overlap(stored)
    accepted = [a for a, answer in zip(attempts, answers, strict=True) if answer == "ok"]
    # exactly the accepted ones are stored, and each refused one overlaps one of them
    assert sorted((r.starts_at, r.ends_at) for r in stored) == sorted(
        (a.starts_at, a.ends_at) for a in accepted
    )
    for attempt, answer in zip(attempts, answers, strict=True):
        if answer == "CONFLICT":
            assert any(overlap(attempt.held, a.held) for a in accepted)
    assert answers.count("CONFLICT") > 0
    assert len(accepted) >= 3


async def test_a_series_and_single_bookings_racing_for_the_same_evenings(
    world: PremisesWorld,
) -> None:
    february = datetime(2027, 2, 1, 12, 0, tzinfo=CITY_ZONE)
    tuesdays = [date(2027, 3, 2) + timedelta(weeks=n) for n in range(6)]

    def series(mode: SeriesMode, person: Person, start: time) -> SeriesRequest:
        return SeriesRequest(
            premises_id=world.room,
            association_id=world.booker if person is world.member else world.owner,
            start_date=tuesdays[0],
            start_time=start,
            end_time=time(start.hour + 2, 0),
            weekdays=[Weekday.TUESDAY],
            purpose="Kör",
            attendees=12,
            count=6,
            mode=mode,
        )

    async def run_series(wanted: SeriesRequest, person: Person) -> str:
        try:
            with pretend(february, timedelta(0)):
                async with world.runtime.writes.transaction() as session:
                    await create_series(session, world.viewer(person), wanted)
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    async def single(day: date, hour: int, person: Person) -> str:
        starts = datetime.combine(day, time(hour, 0), tzinfo=CITY_ZONE)
        try:
            with pretend(february, timedelta(0)):
                await world.book(
                    person,
                    world.room,
                    starts,
                    starts + timedelta(hours=1),
                    association=world.booker if person is world.member else world.owner,
                )
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    jobs = [
        run_series(series(SeriesMode.ALL_OR_NONE, world.member, time(18, 0)), world.member),
        run_series(
            series(SeriesMode.FREE_ONLY, world.owner_member, time(19, 0)), world.owner_member
        ),
    ] + [
        single(day, hour, world.owner_admin if n % 2 else world.member)
        for n, (day, hour) in enumerate((d, h) for d in tuesdays for h in (17, 18, 19, 20))
    ]
    answers = await asyncio.gather(*jobs)
    assert set(answers) <= {"ok", "CONFLICT", "BUSY"}, set(answers)
    stored = await holding(world, world.room)
    assert_never_two_overlap(stored)
    by_series = [r for r in stored if r.series_id is not None]
    if answers[0] == "ok":  # all or none: all six evenings at 18:00
        assert sum(1 for r in by_series if r.starts_at.astimezone(CITY_ZONE).hour == 18) == 6
    else:
        assert all(r.starts_at.astimezone(CITY_ZONE).hour != 18 for r in by_series)
    singles_ok = answers[2:].count("ok")
    assert len(stored) == singles_ok + len(by_series)


async def test_the_database_itself_refuses_an_overlap(world: PremisesWorld) -> None:
    """Past every service: the exclusion constraint (PostgreSQL) or trigger (SQLite)."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from app.services.clock import now

    starts, ends = evening(5)
    first = await world.book(world.member, world.room, starts, ends)
    moment = now()

    def copy(status: str, shift: timedelta) -> Booking:
        return Booking(
            premises_id=world.room,
            association_id=world.booker,
            booked_by_id=world.member.user_id,
            status=status,
            starts_at=starts + shift,
            ends_at=ends + shift,
            blocked_from=first.blocked_from + shift,
            blocked_until=first.blocked_until + shift,
            purpose="Direkt",
            attendees=1,
            sequence=0,
            created_at=moment,
            updated_at=moment,
        )

    with pytest.raises(IntegrityError, match="bookings_no_overlap"):
        async with world.runtime.db.write() as session:
            session.add(copy("CONFIRMED", timedelta(minutes=30)))
    # a declined one holds nothing; turning it into a request again is refused too
    async with world.runtime.db.write() as session:
        declined = copy("DECLINED", timedelta(minutes=30))
        session.add(declined)
        await session.flush()
        declined_id = declined.id

    async def reopen() -> None:
        async with world.runtime.db.write() as session:
            row = await session.get(Booking, declined_id)
            assert row is not None
            row.status = "REQUESTED"

    with pytest.raises(IntegrityError, match="bookings_no_overlap"):
        await reopen()
    # touching holds are allowed
    async with world.runtime.db.write() as session:
        session.add(copy("CONFIRMED", ends - starts + 2 * BUFFER))
    assert len(await holding(world, world.room)) == 2
