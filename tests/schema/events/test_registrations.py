"""Registrations at the service level: seats, the waitlist in order, promotion at once, and
every refusal writing nothing; a resident's own registration read by its code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.services.clock import CITY_ZONE, now
from app.services.errors import DomainError
from app.services.events.calendar import cancel_event, delete_event
from app.services.events.fields import RegistrationSettings
from app.services.events.messages import send_message
from app.services.events.registrations import cancel_registration, hash_code
from db.models import Registration
from tests.support.events import Calendar
from tests.support.graphql import GraphQLClient


async def status(cal: Calendar, registration_id: int) -> str:
    async with cal.runtime.db.read() as session:
        row = await session.get(Registration, registration_id)
    assert row is not None
    return row.status


async def refused(cal: Calendar, *args: object, **kwargs: object) -> tuple[str, str | None]:
    before = await cal.counts()
    with pytest.raises(DomainError) as caught:
        await cal.register(*args, **kwargs)  # type: ignore[arg-type]
    assert await cal.counts() == before
    problem = caught.value.problems[0]
    return str(problem.code), problem.field


async def test_seats_then_the_waitlist_in_order_then_full(cal: Calendar) -> None:
    event = await cal.event(capacity=2, waitlist=2, most=2)
    first = await cal.register(cal.person, event.id, seats=2)
    assert first.registration.status == "ATTENDING"
    assert first.cancellation_code is None
    guest = await cal.register(None, event.id, name="Ada", email="ada@example.org")
    assert guest.registration.status == "WAITLISTED"
    assert guest.cancellation_code is not None
    assert guest.registration.code_hash == hash_code(guest.cancellation_code)
    second = await cal.register(None, event.id, name="Bo", email="bo@example.org")
    assert second.registration.status == "WAITLISTED"
    assert await refused(cal, None, event.id, name="Cy", email="cy@example.org") == (
        "FULL",
        "seats",
    )
    stored = await cal.reload(event.id)
    assert (stored.attending_seats, stored.waitlisted_seats) == (2, 2)
    # the two seats freed go to the waitlist, in order, at once
    async with cal.runtime.writes.transaction() as session:
        await cancel_registration(session, cal.viewer(cal.person), first.registration.id, None)
    stored = await cal.reload(event.id)
    assert (stored.attending_seats, stored.waitlisted_seats) == (2, 0)


async def test_the_first_waitlisted_that_fits_is_promoted(cal: Calendar) -> None:
    event = await cal.event(capacity=2, waitlist=True, most=2)
    one = await cal.register(None, event.id, name="A", email="a@example.org")
    two = await cal.register(None, event.id, name="B", email="b@example.org")
    big = await cal.register(cal.person, event.id, seats=2)  # waits: needs two seats
    small = await cal.register(cal.member, event.id)  # waits after it
    assert [r.registration.status for r in (one, two, big, small)] == [
        "ATTENDING",
        "ATTENDING",
        "WAITLISTED",
        "WAITLISTED",
    ]
    async with cal.runtime.writes.transaction() as session:
        await cancel_registration(
            session, cal.viewer(None), one.registration.id, one.cancellation_code
        )
    # one seat free: the pair does not fit, the single after it does
    states = {x.registration.id: await status(cal, x.registration.id) for x in (big, small)}
    assert states == {big.registration.id: "WAITLISTED", small.registration.id: "ATTENDING"}


async def test_no_waitlist_means_full(cal: Calendar) -> None:
    event = await cal.event(capacity=1)
    await cal.register(cal.person, event.id)
    assert (await refused(cal, cal.member, event.id))[0] == "FULL"


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"seats": 3}, "seats", "INVALID"),
        ({"seats": 0}, "seats", "INVALID"),
        ({"name": "Ada"}, "name", "INVALID"),
    ],
)
async def test_bad_signups_name_their_field(
    cal: Calendar, kwargs: dict[str, object], field: str, code: str
) -> None:
    event = await cal.event(capacity=10, most=2)
    assert await refused(cal, cal.person, event.id, **kwargs) == (code, field)


async def test_a_resident_without_an_account_gives_a_name_and_an_email(cal: Calendar) -> None:
    event = await cal.event(capacity=10)
    assert (await refused(cal, None, event.id, name="Ada"))[1] == "email"
    assert (await refused(cal, None, event.id, email="ada@example.org"))[1] == "name"
    assert (await refused(cal, None, event.id, name="Ada", email="inte-en-adress"))[1] == "email"


async def test_closed_enrolment_drafts_cancelled_and_no_registration(cal: Calendar) -> None:
    closed = await cal.event(
        registration=RegistrationSettings(capacity=5, closes_at=now() - timedelta(hours=1))
    )
    assert await refused(cal, cal.person, closed.id) == ("INVALID", "event_id")
    later = await cal.event(
        registration=RegistrationSettings(capacity=5, opens_at=now() + timedelta(days=1))
    )
    assert await refused(cal, cal.person, later.id) == ("INVALID", "event_id")
    none = await cal.event()
    assert await refused(cal, cal.person, none.id) == ("INVALID", "event_id")
    draft = await cal.event(capacity=5, draft=True)
    assert await refused(cal, cal.person, draft.id) == ("NOT_FOUND", "event_id")
    assert await refused(cal, cal.person, 999_999) == ("NOT_FOUND", "event_id")
    cancelled = await cal.event(capacity=5)
    registered = await cal.register(cal.person, cancelled.id)
    async with cal.runtime.writes.transaction() as session:
        await cancel_event(session, cal.viewer(cal.admin), cancelled.id, "Sjukdom")
    assert await refused(cal, cal.member, cancelled.id) == ("CONFLICT", "event_id")
    assert await status(cal, registered.registration.id) == "CANCELLED"


async def test_one_live_registration_per_person(cal: Calendar) -> None:
    event = await cal.event(capacity=5)
    first = await cal.register(cal.person, event.id)
    assert (await refused(cal, cal.person, event.id))[0] == "DUPLICATE"
    async with cal.runtime.writes.transaction() as session:
        await cancel_registration(session, cal.viewer(cal.person), first.registration.id, None)
    again = await cal.register(cal.person, event.id)
    assert again.registration.status == "ATTENDING"


async def test_only_the_person_the_code_or_the_organisers_cancel(cal: Calendar) -> None:
    event = await cal.event(capacity=5)
    mine = await cal.register(None, event.id, name="Ada", email="ada@example.org")
    for person, code in ((None, "reg_fel"), (cal.other_admin, None), (cal.member, None)):
        with pytest.raises(DomainError) as caught:
            async with cal.runtime.writes.transaction() as session:
                await cancel_registration(session, cal.viewer(person), mine.registration.id, code)
        assert caught.value.problems[0].code == "FORBIDDEN"
    async with cal.runtime.writes.transaction() as session:
        done = await cancel_registration(session, cal.viewer(cal.admin), mine.registration.id, None)
    assert done.status == "CANCELLED"


async def test_a_residents_name_and_email_are_removed_a_while_after_the_event(
    cal: Calendar,
) -> None:
    from app.services.clock import pretend
    from app.services.events.jobs import scrub_guest_data

    event = await cal.event(capacity=5, days=2)
    guest = await cal.register(None, event.id, name="Ada", email="ada@example.org")
    mine = await cal.register(cal.person, event.id)
    async with cal.runtime.writes.transaction() as session:
        assert await scrub_guest_data(session, keep_days=30) == 0  # the event is ahead
    with pretend(now() + timedelta(days=40), timedelta(0)):
        async with cal.runtime.writes.transaction() as session:
            assert await scrub_guest_data(session, keep_days=30) == 1
    async with cal.runtime.db.read() as session:
        scrubbed = await session.get(Registration, guest.registration.id)
        kept = await session.get(Registration, mine.registration.id)
    assert scrubbed is not None
    assert kept is not None
    assert (scrubbed.name, scrubbed.email, scrubbed.scrubbed) == (None, None, True)
    assert kept.user_id == cal.person.user_id


async def test_a_postponed_events_guests_are_kept_while_it_waits_for_a_new_time(
    cal: Calendar,
) -> None:
    from app.services.clock import pretend
    from app.services.events.calendar import postpone_event
    from app.services.events.jobs import scrub_guest_data

    event = await cal.event(capacity=5, days=2)
    await cal.register(None, event.id, name="Ada", email="ada@example.org")
    async with cal.runtime.writes.transaction() as session:
        await postpone_event(session, cal.viewer(cal.admin), event.id, "Ledaren är sjuk")
    with pretend(now() + timedelta(days=40), timedelta(0)):
        async with cal.runtime.writes.transaction() as session:
            assert await scrub_guest_data(session, keep_days=30) == 0  # it still stands
    with pretend(now() + timedelta(days=400), timedelta(0)):
        async with cal.runtime.writes.transaction() as session:
            assert await scrub_guest_data(session, keep_days=30) == 1  # but not for ever


async def test_changes_that_would_break_the_registrations_are_conflicts(cal: Calendar) -> None:
    from app.services.events.calendar import postpone_event, update_event
    from app.services.events.fields import EventFields
    from app.services.events.registrations import mark_attendance

    event = await cal.event(capacity=2, waitlist=True)
    first = await cal.register(cal.person, event.id)
    await cal.register(cal.member, event.id)
    waiting = await cal.register(None, event.id, name="Ada", email="ada@example.org")
    admin = cal.viewer(cal.admin)
    cases: list[tuple[Any, tuple[object, ...], str]] = [
        (
            update_event,
            (event.id, EventFields(registration=RegistrationSettings(capacity=1))),
            "registration.capacity",
        ),
        (update_event, (event.id, EventFields(registration=None)), "registration"),
        (mark_attendance, (waiting.registration.id, True), "id"),
        (
            update_event,
            (event.id, EventFields(registration=RegistrationSettings(capacity=2))),
            "registration.waitlist",  # someone waits: the waitlist cannot go
        ),
        (
            update_event,
            (
                event.id,
                EventFields(
                    registration=RegistrationSettings(
                        capacity=2, waitlist=True, waitlist_capacity=0
                    )
                ),
            ),
            "registration.waitlist_capacity",
        ),
    ]
    for service, args, field in cases:
        before = await cal.counts()
        with pytest.raises(DomainError) as caught:
            async with cal.runtime.writes.transaction() as session:
                await service(session, admin, *args)
        assert (caught.value.problems[0].code, caught.value.problems[0].field) == (
            "CONFLICT",
            field,
        )
        assert await cal.counts() == before
    async with cal.runtime.writes.transaction() as session:
        marked = await mark_attendance(session, admin, first.registration.id, True)
        await cancel_event(session, admin, event.id, "Inställt")
    assert marked.attended is True
    with pytest.raises(DomainError) as late:
        async with cal.runtime.writes.transaction() as session:
            await postpone_event(session, admin, event.id, "Snö")
    assert late.value.problems[0].code == "CONFLICT"


async def test_a_resident_reads_their_registration_and_the_messages_by_code(
    cal: Calendar, gql: GraphQLClient
) -> None:
    event = await cal.event(capacity=1, waitlist=True)
    await cal.register(cal.person, event.id)
    guest = await cal.register(None, event.id, name="Gäst Gästsson", email="gast@example.org")
    assert guest.cancellation_code is not None
    read = """query($c: String!) { registrationByCode(code: $c) { status seats
      event { title } messages { text } } }"""
    waiting = (await gql.as_(None).data(read, {"c": guest.cancellation_code}))["registrationByCode"]
    assert waiting == {
        "status": "WAITLISTED",
        "seats": 1,
        "event": {"title": "Styrelseutbildning"},
        "messages": [],
    }
    async with cal.runtime.writes.transaction() as session:
        await send_message(session, cal.viewer(cal.admin), event.id, "Ta med kaffe!")
    mine = event.id
    async with cal.runtime.writes.transaction() as session:
        registrations = (
            await session.scalars(
                select(Registration).where(
                    Registration.event_id == mine, Registration.user_id == cal.person.user_id
                )
            )
        ).all()
        await cancel_registration(session, cal.viewer(cal.person), registrations[0].id, None)
    promoted = (await gql.as_(None).data(read, {"c": guest.cancellation_code}))[
        "registrationByCode"
    ]
    assert promoted["status"] == "ATTENDING"  # the freed seat went to the waitlist
    assert promoted["messages"] == [{"text": "Ta med kaffe!"}]
    for wrong in ("reg_not-a-code", "", guest.cancellation_code + "x", "x" * 500):
        assert (await gql.as_(None).data(read, {"c": wrong}))["registrationByCode"] is None
    async with cal.runtime.writes.transaction() as session:
        await delete_event(session, cal.viewer(cal.admin), event.id)
    gone = (await gql.as_(None).data(read, {"c": guest.cancellation_code}))["registrationByCode"]
    assert gone == {"status": "CANCELLED", "seats": 1, "event": None, "messages": []}


async def test_a_capacity_raised_for_a_series_lets_its_waitlists_in(cal: Calendar) -> None:
    from app.services.events.calendar import NewEvent, Recurrence, create_event, update_series
    from app.services.events.fields import EventFields
    from app.services.events.vocabulary import EventType

    starts = (
        (now() + timedelta(days=3))
        .astimezone(CITY_ZONE)
        .replace(hour=18, minute=0, second=0, microsecond=0)
    )
    admin = cal.viewer(cal.admin)
    async with cal.runtime.writes.transaction() as session:
        occurrences = await create_event(
            session,
            admin,
            NewEvent(
                fields=EventFields(
                    title="Kurs",
                    type=EventType.TRAINING,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    registration=RegistrationSettings(capacity=1, waitlist=True),
                ),
                organiser_ids=[cal.organiser],
                recurrence=Recurrence(weekdays=[starts.weekday()], count=2),
            ),
        )
    first = occurrences[0]
    await cal.register(cal.person, first.id)
    waiting = await cal.register(cal.member, first.id)
    assert waiting.registration.status == "WAITLISTED"
    async with cal.runtime.writes.transaction() as session:
        await update_series(
            session,
            admin,
            first.series_id or 0,
            EventFields(registration=RegistrationSettings(capacity=5, waitlist=True)),
        )
    assert await status(cal, waiting.registration.id) == "ATTENDING"
    assert (await cal.reload(first.id)).attending_seats == 2
