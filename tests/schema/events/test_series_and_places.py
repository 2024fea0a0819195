"""A series edited as a whole (new times on each occurrence's own date, hand-edited ones left
alone), monthly series, an event's booking following it when it moves and freed when it is
cancelled, a café linked to the event that holds it, and the filters a kiosk uses."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select, update
from strawberry import relay

from app.runtime import Runtime
from app.services.clock import CITY_ZONE
from app.services.premises.bookings import approve_booking
from db.models import Booking, EventSeries, Premises
from tests.schema.events.test_events_api import CREATE, event_input, titles
from tests.support.cafe import make_cafe
from tests.support.events import Calendar, local
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person
from tests.support.premises import evening, make_world

SERIES_UPDATE = """mutation($input: EventSeriesUpdateInput!) { eventSeriesUpdate(input: $input) {
  events { id title startsAt endsAt } errors { field code message } } }"""
UPDATE = """mutation($input: EventUpdateInput!) { eventUpdate(input: $input) {
  event { id startsAt bookingId status } errors { field code message } } }"""
CANCEL = """mutation($id: ID!) { eventCancel(input: {id: $id, reason: "Sjuk ledare"}) {
  event { status } errors { code } } }"""
SERIES_OF = """query($id: ID!) { node(id: $id) { ... on Event { seriesId } } }"""
STARTS = """query($from: DateTime!) { events(first: 100, filter: {from: $from}) {
  nodes { title startsAt endsAt } } }"""


async def _weekly(gql: GraphQLClient, cal: Calendar) -> tuple[list[str], str]:
    """Tuesdays 18:00–20:00 from March to May 2027 (across the change to summer time)."""
    starts = datetime(2027, 3, 9, 18, 0, tzinfo=CITY_ZONE)
    made = ok(
        await gql.as_(cal.admin.token).mutate(
            CREATE,
            {
                "input": event_input(
                    cal,
                    title="Innebandy",
                    type="SPORT",
                    startsAt=starts.isoformat(),
                    endsAt=(starts + timedelta(hours=2)).isoformat(),
                    recurrence={"weekdays": ["TUESDAY"], "count": 8},
                )
            },
        )
    )
    ids = [e["id"] for e in made["events"]]
    series = (await gql.as_(None).data(SERIES_OF, {"id": ids[0]}))["node"]["seriesId"]
    return ids, series


async def test_a_series_gets_new_times_on_each_dates_own_local_clock(
    gql: GraphQLClient, runtime: Runtime, cal: Calendar
) -> None:
    admin = gql.as_(cal.admin.token)
    ids, series = await _weekly(gql, cal)
    by_hand = datetime(2027, 3, 23, 17, 0, tzinfo=CITY_ZONE)
    ok(
        await admin.mutate(
            UPDATE,
            {
                "input": {
                    "id": ids[2],
                    "startsAt": by_hand.isoformat(),
                    "endsAt": (by_hand + timedelta(hours=1)).isoformat(),
                }
            },
        )
    )
    # the new time given as a winter date's clock: every occurrence gets 19:30–21:00 local
    new_start = datetime(2027, 1, 5, 19, 30, tzinfo=CITY_ZONE)
    changed = ok(
        await admin.mutate(
            SERIES_UPDATE,
            {
                "input": {
                    "seriesId": series,
                    "title": "Innebandy för alla",
                    "startsAt": new_start.isoformat(),
                    "endsAt": (new_start + timedelta(minutes=90)).isoformat(),
                }
            },
        )
    )["events"]
    assert [e["id"] for e in changed] == [i for i in ids if i != ids[2]]
    for event in changed:
        starts = datetime.fromisoformat(event["startsAt"]).astimezone(CITY_ZONE)
        ends = datetime.fromisoformat(event["endsAt"]).astimezone(CITY_ZONE)
        assert (starts.hour, starts.minute, starts.weekday()) == (19, 30, 1)
        assert ends - starts == timedelta(minutes=90)
    offsets = {datetime.fromisoformat(e["startsAt"]).utcoffset() for e in changed}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    rows = (await gql.as_(None).data(STARTS, {"from": "2027-03-01T00:00:00+01:00"}))["events"]
    untouched = [n for n in rows["nodes"] if n["title"] == "Innebandy"]
    assert [datetime.fromisoformat(n["startsAt"]) for n in untouched] == [by_hand]
    async with runtime.db.read() as session:
        rule = await session.scalar(select(EventSeries))
    assert rule is not None
    assert (rule.start_minute, rule.duration_minutes) == (19 * 60 + 30, 90)


async def test_a_series_refuses_half_a_time_and_writes_nothing(
    gql: GraphQLClient, cal: Calendar
) -> None:
    admin = gql.as_(cal.admin.token)
    _ids, series = await _weekly(gql, cal)
    before = await cal.counts()
    start = datetime(2027, 1, 5, 19, 30, tzinfo=CITY_ZONE)
    for more, field in (
        ({"startsAt": start.isoformat()}, "endsAt"),
        ({"startsAt": start.isoformat(), "endsAt": start.isoformat()}, "endsAt"),
        ({"endsAt": start.isoformat()}, "startsAt"),
    ):
        refused = await admin.mutate(
            SERIES_UPDATE, {"input": {"seriesId": series, "title": "Nytt namn"} | more}
        )
        assert refused["errors"][0]["field"] == field
    stranger = await gql.as_(cal.other_admin.token).mutate(
        SERIES_UPDATE, {"input": {"seriesId": series, "title": "Kapad"}}
    )
    assert codes(stranger) == ["FORBIDDEN"]
    unknown = await admin.mutate(
        SERIES_UPDATE, {"input": {"seriesId": global_id("EventSeries", 999), "title": "X"}}
    )
    assert codes(unknown) == ["NOT_FOUND"]
    assert await cal.counts() == before
    names = await titles(gql.as_(None), **{"from": "2027-03-01T00:00:00+01:00"})
    assert set(names) == {"Innebandy"}


async def test_a_monthly_series_on_a_day_keeps_its_local_time(
    gql: GraphQLClient, cal: Calendar
) -> None:
    starts = datetime(2027, 1, 31, 10, 0, tzinfo=CITY_ZONE)
    made = ok(
        await gql.as_(cal.admin.token).mutate(
            CREATE,
            {
                "input": event_input(
                    cal,
                    title="Månadsfrukost",
                    type="DIALOGUE_MEETING",
                    startsAt=starts.isoformat(),
                    endsAt=(starts + timedelta(hours=1)).isoformat(),
                    recurrence={"frequency": "MONTHLY", "monthDay": 31, "until": "2027-08-31"},
                )
            },
        )
    )
    days = [datetime.fromisoformat(e["startsAt"]).astimezone(CITY_ZONE) for e in made["events"]]
    # months without a 31st have no occurrence; the time is 10:00 in winter and in summer
    assert [d.date().isoformat() for d in days] == [
        "2027-01-31",
        "2027-03-31",
        "2027-05-31",
        "2027-07-31",
        "2027-08-31",
    ]
    assert {(d.hour, d.minute) for d in days} == {(10, 0)}
    refused = await gql.as_(cal.admin.token).mutate(
        CREATE,
        {
            "input": event_input(
                cal, recurrence={"frequency": "MONTHLY", "monthDay": 32, "count": 3}
            )
        },
    )
    assert refused["errors"][0]["field"] == "recurrence.monthDay"


async def _booked_fair(gql: GraphQLClient, runtime: Runtime) -> tuple[Any, str, int]:
    world = await make_world(runtime)
    starts = local(9, 18)
    made = ok(
        await gql.as_(world.coordinator.token).mutate(
            CREATE,
            {
                "input": {
                    "title": "Föreningsmässan",
                    "type": "FAIR",
                    "startsAt": starts.isoformat(),
                    "endsAt": (starts + timedelta(hours=3)).isoformat(),
                    "premisesId": world.hall_id,
                    "bookPremises": True,
                }
            },
        )
    )["event"]
    return world, made["id"], world.hall


async def _holding(runtime: Runtime) -> list[tuple[datetime, str]]:
    async with runtime.db.read() as session:
        rows = await session.execute(select(Booking.starts_at, Booking.status).order_by(Booking.id))
    return [(starts.astimezone(CITY_ZONE), status) for starts, status in rows.all()]


async def test_the_booking_moves_with_its_event_or_the_move_is_refused(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    world, event_id, hall = await _booked_fair(gql, runtime)
    coordinator = gql.as_(world.coordinator.token)
    later = local(9, 19)
    moved = ok(
        await coordinator.mutate(
            UPDATE,
            {
                "input": {
                    "id": event_id,
                    "startsAt": later.isoformat(),
                    "endsAt": (later + timedelta(hours=3)).isoformat(),
                }
            },
        )
    )["event"]
    assert moved["status"] == "RESCHEDULED"
    assert await _holding(runtime) == [(later, "CONFIRMED")]  # the same booking, moved
    # someone else takes the next evening; moving the fair there is refused as a whole
    taken_from, taken_until = evening(10)
    await world.book(world.admin, hall, taken_from, taken_until)
    before = await _holding(runtime)
    refused = await coordinator.mutate(
        UPDATE,
        {
            "input": {
                "id": event_id,
                "startsAt": taken_from.isoformat(),
                "endsAt": taken_until.isoformat(),
            }
        },
    )
    assert codes(refused) == ["CONFLICT"]
    assert await _holding(runtime) == before
    node = await gql.as_(None).data(
        "query($id: ID!) { node(id: $id) { ... on Event { startsAt } } }", {"id": event_id}
    )
    assert datetime.fromisoformat(node["node"]["startsAt"]) == later


async def test_a_co_host_moves_the_event_and_an_approved_room_asks_again_only_outside_its_time(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    world = await make_world(runtime)
    co_admin = await make_person(runtime.db, "Medarrangör")
    co_host = await make_association(runtime.db, "Medarrangörerna", admins=(world.admin, co_admin))
    starts = local(9, 18)
    made = ok(
        await gql.as_(world.admin.token).mutate(
            CREATE,
            {
                "input": {
                    "title": "Gemensam kurs",
                    "type": "TRAINING",
                    "startsAt": starts.isoformat(),
                    "endsAt": (starts + timedelta(hours=2)).isoformat(),
                    "organiserAssociationIds": [world.booker_id, global_id("Association", co_host)],
                    "premisesId": world.room_id,
                    "bookPremises": True,
                }
            },
        )
    )["event"]
    (booking_id,) = [b.id for b in await _bookings(runtime)]
    async with runtime.writes.transaction() as session:
        await approve_booking(session, world.viewer(world.owner_admin), booking_id)
    co = gql.as_(co_admin.token)

    async def move(begin: datetime, end: datetime) -> dict[str, Any]:
        return await co.mutate(
            UPDATE,
            {"input": {"id": made["id"], "startsAt": begin.isoformat(), "endsAt": end.isoformat()}},
        )

    shorter = ok(await move(starts, starts + timedelta(hours=1)))["event"]
    assert shorter["bookingId"] == global_id("Booking", booking_id)
    assert [(b.id, b.status) for b in await _bookings(runtime)] == [(booking_id, "CONFIRMED")]
    later = starts + timedelta(hours=3)
    ok(await move(later, later + timedelta(hours=1)))
    # outside the time the owner approved: the owner is asked again, the slot still held
    assert [(b.id, b.status, b.starts_at) for b in await _bookings(runtime)] == [
        (booking_id, "REQUESTED", later)
    ]
    # the room's rules hold for a move but its notice: not at 03:00, when it is closed ...
    night = starts.replace(hour=3)
    closed = await move(night, night + timedelta(hours=1))
    assert [(e["field"], e["code"]) for e in closed["errors"]] == [("startsAt", "INVALID")]
    # ... though within the notice a move is allowed (the event keeps its room)
    async with runtime.writes.transaction() as session:
        await session.execute(
            update(Premises)
            .where(Premises.id == world.room)
            .values(min_notice_minutes=60 * 24 * 30)
        )
    ok(await move(starts, starts + timedelta(hours=1)))
    assert [(b.id, b.starts_at) for b in await _bookings(runtime)] == [(booking_id, starts)]


async def _bookings(runtime: Runtime) -> list[Booking]:
    async with runtime.db.read() as session:
        return list((await session.scalars(select(Booking).order_by(Booking.id))).all())


async def test_a_cancelled_event_frees_the_time_it_booked(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    world, event_id, hall = await _booked_fair(gql, runtime)
    starts = local(9, 18)
    assert codes(await gql.as_(world.coordinator.token).mutate(CANCEL, {"id": event_id})) == []
    assert await _holding(runtime) == [(starts, "CANCELLED")]
    booking = await world.book(world.admin, hall, starts, starts + timedelta(hours=3))
    assert booking.status == "CONFIRMED"


async def test_a_cafe_is_linked_to_its_event_by_its_organiser_only(
    gql: GraphQLClient, runtime: Runtime, cal: Calendar
) -> None:
    cafe = await make_cafe(gql, runtime, start=False)
    hosts = await make_association(runtime.db, "Dialogföreningen", admins=(cafe.organiser,))
    linked = ok(
        await gql.as_(cafe.organiser.token).mutate(
            CREATE,
            {
                "input": event_input(
                    cal,
                    type="DIALOGUE_MEETING",
                    organiserAssociationIds=[global_id("Association", hosts)],
                    cafeSessionId=cafe.session_id,
                )
            },
        )
    )["event"]
    node = await gql.as_(None).data(
        "query($id: ID!) { node(id: $id) { ... on Event { cafeSessionId } } }",
        {"id": linked["id"]},
    )
    assert node["node"]["cafeSessionId"] == cafe.session_id
    before = await cal.counts()
    refused = await gql.as_(cal.admin.token).mutate(
        CREATE, {"input": event_input(cal, cafeSessionId=cafe.session_id)}
    )
    assert codes(refused) == ["FORBIDDEN"]
    assert await cal.counts() == before


async def test_seats_left_and_target_group_filters(gql: GraphQLClient, cal: Calendar) -> None:
    admin = gql.as_(cal.admin.token)
    for title, more in (
        ("Full kurs", {"registration": {"capacity": 1}, "targetGroups": ["SENIORS"]}),
        ("Ledig kurs", {"registration": {"capacity": 5}, "targetGroups": ["YOUTH"]}),
        ("Öppen föreläsning", {"type": "LECTURE"}),
    ):
        ok(await admin.mutate(CREATE, {"input": event_input(cal, title=title) | more}))
    events = (await gql.as_(None).data('{ events(filter: {search: "full"}) { nodes { id } } }'))[
        "events"
    ]["nodes"]
    await cal.register(cal.person, int(relay.from_base64(events[0]["id"])[1]))
    anyone = gql.as_(None)
    # seats are those of registration: a lecture without it has none to count
    assert await titles(anyone, hasSeatsLeft=True) == ["Ledig kurs"]
    assert await titles(anyone, targetGroup="SENIORS") == ["Full kurs"]
    assert await titles(anyone, targetGroup="YOUTH", hasSeatsLeft=True) == ["Ledig kurs"]


async def test_an_associations_page_links_its_own_feed(gql: GraphQLClient, cal: Calendar) -> None:
    ok(await gql.as_(cal.admin.token).mutate(CREATE, {"input": event_input(cal, title="Egen")}))
    data = await gql.as_(None).data(
        "query($id: ID!) { node(id: $id) { ... on Association { eventsFeedUrl } } }",
        {"id": cal.organiser_id},
    )
    url = data["node"]["eventsFeedUrl"]
    assert url.startswith("/calendar/events.ics?organiser=")
    response = await gql.http.get(url)
    assert response.status_code == 200
    assert "SUMMARY:Egen" in response.text
    others = urlencode({"organiser": global_id("Association", cal.other)})
    other = await gql.http.get(f"/calendar/events.ics?{others}")
    assert other.status_code == 200
    assert "SUMMARY:Egen" not in other.text


async def test_a_topic_filter_ignores_case_in_swedish_letters_too(
    gql: GraphQLClient, cal: Calendar
) -> None:
    ok(
        await gql.as_(cal.admin.token).mutate(
            CREATE, {"input": event_input(cal, title="Omsorg", topics=["äldreomsorg"])}
        )
    )
    assert await titles(gql.as_(None), topic="ÄLDREOMSORG") == ["Omsorg"]
    assert await titles(gql.as_(None), topic="Äldreomsorg") == ["Omsorg"]
    assert await titles(gql.as_(None), topic="omsorg") == []  # a whole topic, not a part


async def test_a_topic_stored_with_a_capital_swedish_letter_is_found_in_lower_case(
    gql: GraphQLClient, cal: Calendar
) -> None:
    ok(
        await gql.as_(cal.admin.token).mutate(
            CREATE, {"input": event_input(cal, title="Åldrande", topics=["Äldreomsorg"])}
        )
    )
    assert await titles(gql.as_(None), topic="äldreomsorg") == ["Åldrande"]
