"""The steering group: five seats a side at a time (also when appointments race), one chair
at a time, alternating between the sides, and whose turn it is."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.runtime import Runtime
from app.services.clock import CITY_ZONE, now
from app.services.errors import DomainError
from app.services.plans.activities import create_plan
from app.services.plans.steering import Appointment, appoint, chair_sides, current
from app.services.viewer import Viewer
from db.models import ActionPlan, SteeringSeat
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
    unknown = await code_of(runtime, city, user_id=10**6)
    assert unknown == ("NOT_FOUND", "user_id")


async def test_sitting_members_edit_the_plans_and_past_ones_do_not(
    runtime: Runtime, city: Viewer
) -> None:
    sitting, former = [await make_person(runtime.db, n) for n in ("Sittande", "Tidigare")]
    today = now().astimezone(CITY_ZONE).date()
    await seat(
        runtime,
        city,
        user_id=sitting.user_id,
        term_starts_on=today - timedelta(days=10),
        term_ends_on=today + timedelta(days=10),
    )
    await seat(
        runtime,
        city,
        user_id=former.user_id,
        term_starts_on=today - timedelta(days=400),
        term_ends_on=today - timedelta(days=1),
    )

    async def plan(person_id: int) -> object:
        async with runtime.writes.transaction() as session:
            return await create_plan(
                session,
                Viewer(user_id=person_id),
                "Handlingsplan",
                date(2027, 1, 1),
                date(2028, 12, 31),
            )

    made = await plan(sitting.user_id)
    assert isinstance(made, ActionPlan)
    with pytest.raises(DomainError) as caught:
        await plan(former.user_id)
    assert str(caught.value.problems[0].code) == "FORBIDDEN"
    # a seat is not the coordinator's: no appointing, no conferences
    assert (await code_of(runtime, Viewer(user_id=sitting.user_id)))[0] == "FORBIDDEN"
    async with runtime.db.read() as session:
        plans = (await session.scalars(select(ActionPlan.title))).all()
    assert plans == ["Handlingsplan"]
