"""Booking rules at the service level: each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.services.errors import DomainError
from app.services.premises.bookings import approve_booking, cancel_booking, decline_booking
from app.services.premises.fields import PremisesFields
from app.services.premises.premises import update_premises
from app.services.viewer import Viewer
from tests.support.premises import PremisesWorld, evening


async def refused(world: PremisesWorld, **kwargs: object) -> tuple[str, str | None, str]:
    """Book with `kwargs` and return the refusal's (code, field, message); asserts that
    nothing was written."""
    before = await world.counts()
    starts, ends = evening(7)
    args: dict[str, object] = {
        "person": world.member,
        "premises": world.room,
        "starts_at": starts,
        "ends_at": ends,
    }
    args.update(kwargs)
    with pytest.raises(DomainError) as caught:
        await world.book(**args)  # type: ignore[arg-type]
    assert await world.counts() == before
    problem = caught.value.problems[0]
    return str(problem.code), problem.field, problem.message


async def test_a_request_waits_and_the_citys_hall_confirms_at_once(world: PremisesWorld) -> None:
    starts, ends = evening(7)
    room = await world.book(world.member, world.room, starts, ends)
    hall = await world.book(world.member, world.hall, starts, ends)
    assert (room.status, hall.status) == ("REQUESTED", "CONFIRMED")
    assert room.blocked_from == starts - timedelta(minutes=15)
    assert room.blocked_until == ends + timedelta(minutes=15)
    assert (hall.blocked_from, hall.blocked_until) == (starts, ends)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"attendees": 31}, "attendees", "capacity"),
        ({"attendees": 0}, "attendees", "capacity"),
        ({"ends_at": evening(7)[0]}, "ends_at", "after the start"),
        ({"ends_at": evening(7)[0] - timedelta(hours=1)}, "ends_at", "after the start"),
        ({"starts_at": datetime(2030, 1, 1, 18, 0)}, "starts_at", "offset"),
        ({"starts_at": evening(7)[0] + timedelta(seconds=30)}, "starts_at", "whole minutes"),
        ({"starts_at": evening(-1)[0], "ends_at": evening(-1)[1]}, "starts_at", "begun"),
        ({"starts_at": evening(400)[0], "ends_at": evening(400)[1]}, "starts_at", "days ahead"),
        ({"starts_at": evening(7, 6)[0], "ends_at": evening(7, 6)[1]}, "starts_at", "opening"),
        ({"purpose": "  "}, "purpose", "required"),
        ({"offered_help": "Vi städar"}, "offered_help", "in return"),
    ],
)
async def test_each_rule_is_a_user_error_naming_its_field(
    world: PremisesWorld, change: dict[str, object], field: str, words: str
) -> None:
    code, named, message = await refused(world, **change)
    assert named == field
    assert code in ("INVALID", "REQUIRED")
    assert words in message.lower() or words in message


async def test_length_and_notice_of_the_premises_hold(world: PremisesWorld) -> None:
    async with world.runtime.writes.transaction() as session:
        await update_premises(
            session,
            world.viewer(world.owner_admin),
            world.room,
            PremisesFields(
                min_booking_minutes=60, max_booking_minutes=180, min_notice_minutes=2 * 24 * 60
            ),
        )
    starts, _ = evening(7)
    assert (await refused(world, ends_at=starts + timedelta(minutes=30)))[1] == "ends_at"
    assert (await refused(world, ends_at=starts + timedelta(minutes=240)))[1] == "ends_at"
    soon = evening(1)
    _code, field, message = await refused(world, starts_at=soon[0], ends_at=soon[1])
    assert (field, "ahead" in message) == ("starts_at", True)


async def test_an_overlap_is_a_conflict_that_says_which_time_is_taken(world: PremisesWorld) -> None:
    starts, ends = evening(7)  # 18:00-20:00, held 17:45-20:15
    await world.book(world.member, world.room, starts, ends)
    code, field, message = await refused(
        world, starts_at=starts + timedelta(hours=1), ends_at=ends + timedelta(hours=1)
    )
    assert (code, field) == ("CONFLICT", "starts_at")
    assert "18:00–20:00" in message
    assert "17:45–20:15" in message


async def test_buffers_keep_a_gap_and_touching_blocked_times_are_allowed(
    world: PremisesWorld,
) -> None:
    starts, ends = evening(7)
    await world.book(world.member, world.room, starts, ends)
    # 20:00-21:00 itself is free, but its buffer before (19:45) meets the first's after (20:15)
    code, _, _ = await refused(world, starts_at=ends, ends_at=ends + timedelta(hours=1))
    assert code == "CONFLICT"
    # 20:30 with its 15 minutes before starts its hold at 20:15: touching, allowed
    later = await world.book(
        world.member, world.room, ends + timedelta(minutes=30), ends + timedelta(minutes=90)
    )
    assert later.status == "REQUESTED"


async def test_only_members_book_for_their_association(world: PremisesWorld) -> None:
    assert (await refused(world, person=world.other_admin))[0] == "FORBIDDEN"
    assert (await refused(world, person=world.stranger))[0] == "FORBIDDEN"
    # the city's own bookings are the coordinator's
    assert (await refused(world, association=None))[0] == "FORBIDDEN"
    starts, ends = evening(8)
    city = await world.book(world.coordinator, world.hall, starts, ends, association=None)
    assert (city.status, city.association_id) == ("CONFIRMED", None)


async def test_declined_and_cancelled_bookings_free_the_time(world: PremisesWorld) -> None:
    starts, ends = evening(7)
    first = await world.book(world.member, world.room, starts, ends)
    async with world.runtime.writes.transaction() as session:
        declined = await decline_booking(
            session, world.viewer(world.owner_admin), first.id, "Stängt för städning"
        )
    assert (declined.status, declined.reason, declined.sequence) == (
        "DECLINED",
        "Stängt för städning",
        1,
    )
    second = await world.book(world.member, world.room, starts, ends)
    async with world.runtime.writes.transaction() as session:
        approved = await approve_booking(session, world.viewer(world.owner_admin), second.id)
    assert approved.status == "CONFIRMED"
    async with world.runtime.writes.transaction() as session:
        cancelled = await cancel_booking(session, world.viewer(world.member), second.id, "Sjuk")
    assert cancelled.status == "CANCELLED"
    third = await world.book(world.member, world.room, starts, ends)
    assert third.status == "REQUESTED"


async def deciding(world: PremisesWorld, decide: str, viewer: Viewer, booking_id: int) -> None:
    async with world.runtime.writes.transaction() as session:
        if decide == "approve":
            await approve_booking(session, viewer, booking_id)
        else:
            await decline_booking(session, viewer, booking_id, "Nej")


@pytest.mark.parametrize("decide", ["approve", "decline"])
async def test_only_the_owners_managers_decide(world: PremisesWorld, decide: str) -> None:
    starts, ends = evening(7)
    booking = await world.book(world.member, world.room, starts, ends)
    for person in (world.member, world.admin, world.other_admin, world.owner_member):
        before = await world.counts()
        with pytest.raises(DomainError) as caught:
            await deciding(world, decide, world.viewer(person), booking.id)
        assert caught.value.problems[0].code == "FORBIDDEN"
        assert await world.counts() == before


async def test_state_changes_out_of_order_are_conflicts(world: PremisesWorld) -> None:
    starts, ends = evening(7)
    booking = await world.book(world.member, world.hall, starts, ends)  # confirmed at once
    manager = world.viewer(world.coordinator)
    for decide in ("approve", "decline"):
        with pytest.raises(DomainError) as caught:
            await deciding(world, decide, manager, booking.id)
        assert caught.value.problems[0].code == "CONFLICT"
    with pytest.raises(DomainError) as missing:
        async with world.runtime.writes.transaction() as session:
            await cancel_booking(session, world.viewer(world.member), booking.id, " ")
    assert missing.value.problems[0].field == "reason"
    async with world.runtime.writes.transaction() as session:
        await cancel_booking(session, world.viewer(world.member), booking.id, "Inställt")
    with pytest.raises(DomainError) as again:
        async with world.runtime.writes.transaction() as session:
            await cancel_booking(session, world.viewer(world.member), booking.id, "Igen")
    assert again.value.problems[0].code == "CONFLICT"


async def test_a_barter_says_what_is_offered_and_keeps_what_was_agreed(
    world: PremisesWorld,
) -> None:
    from app.services.premises.fields import Terms
    from app.services.terms import TermsKind

    async with world.runtime.writes.transaction() as session:
        await update_premises(
            session,
            world.viewer(world.owner_admin),
            world.room,
            PremisesFields(terms=Terms(TermsKind.IN_RETURN, "Hjälp oss med hemsidan")),
        )
    assert (await refused(world))[1] == "offered_help"
    starts, ends = evening(7)
    booking = await world.book(
        world.member, world.room, starts, ends, offered_help="Vi bygger er hemsida"
    )
    assert (booking.offered_help, booking.agreed_help) == ("Vi bygger er hemsida", None)
    async with world.runtime.writes.transaction() as session:
        approved = await approve_booking(
            session, world.viewer(world.owner_admin), booking.id, "Hemsidan före sommaren"
        )
    assert approved.agreed_help == "Hemsidan före sommaren"
