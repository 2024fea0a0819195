"""The steering group: five seats a side at a time (also when appointments race), one chair
at a time, alternating between the sides, and whose turn it is."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from app.runtime import Runtime
from app.services.errors import DomainError
from app.services.plans.steering import Appointment, appoint, chair_sides, current
from app.services.viewer import Viewer
from db.models import SteeringSeat
from tests.support.people import make_association, make_person

TERM = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
async def city(runtime: Runtime) -> Viewer:
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    return Viewer(user_id=coordinator.user_id, is_coordinator=True)


async def seat(runtime: Runtime, viewer: Viewer, **more: object) -> SteeringSeat:
    values: dict[str, object] = {
        "side": "CITY",
        "name": "Ledamot",
        "term_starts_on": TERM[0],
        "term_ends_on": TERM[1],
    }
    values.update(more)
    async with runtime.writes.transaction() as session:
        return await appoint(session, viewer, Appointment(**values))  # type: ignore[arg-type]


async def code_of(runtime: Runtime, viewer: Viewer, **more: object) -> tuple[str, str | None]:
    with pytest.raises(DomainError) as caught:
        await seat(runtime, viewer, **more)
    return str(caught.value.problems[0].code), caught.value.problems[0].field


async def test_five_seats_a_side_even_when_appointments_race(
    runtime: Runtime, city: Viewer
) -> None:
    async def one(n: int) -> str:
        try:
            await seat(runtime, city, name=f"Ledamot {n}")
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    answers = await asyncio.gather(*(one(n) for n in range(10)))
    assert sorted(answers) == ["FULL"] * 5 + ["ok"] * 5
    association = await make_association(runtime.db, "Föreningen")
    made = await seat(runtime, city, side="ASSOCIATIONS", association_id=association)
    assert made.side == "ASSOCIATIONS"
    # a later term is a seat of its own
    await seat(runtime, city, term_starts_on=date(2026, 1, 1), term_ends_on=date(2026, 12, 31))


async def test_the_chair_alternates(runtime: Runtime, city: Viewer) -> None:
    association = await make_association(runtime.db, "Föreningen")
    first = await seat(runtime, city, chair=True)
    assert await code_of(runtime, city, chair=True, name="Andra") == ("CONFLICT", "chair")
    later = {"term_starts_on": date(2026, 1, 1), "term_ends_on": date(2026, 12, 31)}
    assert await code_of(runtime, city, chair=True, **later) == (
        "CONFLICT",
        "chair",
    )  # not the city's turn
    second = await seat(
        runtime, city, chair=True, side="ASSOCIATIONS", association_id=association, **later
    )
    seats = [first, second]
    assert chair_sides(seats, date(2025, 6, 1)) == ("CITY", "ASSOCIATIONS")
    assert chair_sides(seats, date(2026, 6, 1)) == ("ASSOCIATIONS", "CITY")
    assert [s.name for s in current(seats, date(2026, 6, 1))] == [second.name]


async def test_bad_appointments_name_their_field(runtime: Runtime, city: Viewer) -> None:
    assert (await code_of(runtime, city, name=" "))[1] == "name"
    assert (await code_of(runtime, city, side="ASSOCIATIONS"))[1] == "association_id"
    assert (await code_of(runtime, city, term_ends_on=date(2024, 1, 1)))[1] == "term_ends_on"
    member = await make_person(runtime.db)
    assert (await code_of(runtime, Viewer(user_id=member.user_id)))[0] == "FORBIDDEN"
