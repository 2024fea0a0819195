"""Premises and bookings through GraphQL: creating and editing premises, finding free ones,
availability, booking with and without an offset, who sees what."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from app.runtime import Runtime
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id
from tests.support.premises import PremisesWorld, evening
from tests.support.statements import count_statements

CREATE = """
mutation($input: PremisesCreateInput!) {
  premisesCreate(input: $input) {
    premises { id name capacity ownedByCity owner { name } terms { kind text }
               accessibility openingHours { weekday opens closes } viewerCanManage }
    errors { field code message }
  }
}"""
UPDATE = """
mutation($input: PremisesUpdateInput!) {
  premisesUpdate(input: $input) { premises { id name capacity description(language: "en") }
                                  errors { field code } }
}"""
BOOK = """
mutation($input: BookingCreateInput!) {
  bookingCreate(input: $input) {
    booking { id status startsAt endsAt blockedFrom blockedUntil purpose
              association { name } premises { name } viewerCanCancel viewerCanDecide }
    errors { field code message }
  }
}"""
FIND = """
query($filter: PremisesFilter) {
  premises(first: 50, filter: $filter) { totalCount nodes { name } }
}"""


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def names(gql: GraphQLClient, **filter: Any) -> list[str]:
    data = await gql.data(FIND, {"filter": filter})
    assert data["premises"]["totalCount"] == len(data["premises"]["nodes"])
    return [n["name"] for n in data["premises"]["nodes"]]


async def test_an_association_adds_its_room_and_the_coordinator_the_citys(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    payload = ok(
        await gql.as_(world.admin.token).mutate(
            CREATE,
            {
                "input": {
                    "name": "Klubbstugan",
                    "address": "Skogsvägen 3",
                    "capacity": 25,
                    "ownerAssociationId": world.booker_id,
                    "accessibility": ["LIFT", "STEP_FREE_ACCESS"],
                    "openingHours": [{"weekday": "TUESDAY", "opens": "17:00", "closes": "00:00"}],
                    "terms": {"kind": "IN_RETURN", "text": "Hjälp med grässklippning"},
                }
            },
        )
    )["premises"]
    assert payload["ownedByCity"] is False
    assert payload["owner"]["name"] == "Bokarföreningen"
    assert payload["terms"] == {"kind": "IN_RETURN", "text": "Hjälp med grässklippning"}
    assert payload["accessibility"] == ["LIFT", "STEP_FREE_ACCESS"]
    assert payload["openingHours"] == [
        {"weekday": "TUESDAY", "opens": "17:00:00", "closes": "00:00:00"}
    ]
    assert payload["viewerCanManage"] is True
    city = ok(
        await gql.as_(world.coordinator.token).mutate(
            CREATE, {"input": {"name": "Stadshuset", "address": "Drottninggatan 2", "capacity": 80}}
        )
    )["premises"]
    assert (city["ownedByCity"], city["owner"]) == (True, None)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"capacity": 0}, "capacity", "INVALID"),
        ({"name": " "}, "name", "REQUIRED"),
        ({"terms": {"kind": "FEE"}}, "terms.text", "REQUIRED"),
        ({"photos": ["inte en adress"]}, "photos.0", "INVALID"),
        (
            {"openingHours": [{"weekday": "MONDAY", "opens": "18:00", "closes": "17:00"}]},
            "openingHours.0",
            "INVALID",
        ),
        ({"minBookingMinutes": 120, "maxBookingMinutes": 60}, "minBookingMinutes", "INVALID"),
        ({"bufferBeforeMinutes": -5}, "bufferBeforeMinutes", "INVALID"),
    ],
)
async def test_bad_premises_are_refused_and_nothing_is_written(
    gql: GraphQLClient, world: PremisesWorld, change: dict[str, Any], field: str, code: str
) -> None:
    base = {
        "name": "Lokal",
        "address": "Gatan 1",
        "capacity": 10,
        "ownerAssociationId": world.booker_id,
    }
    payload = await gql.as_(world.admin.token).mutate(CREATE, {"input": base | change})
    assert payload["premises"] is None
    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == (field, code)
    assert await names(gql.as_(None), search="Lokal") == []


async def test_only_the_owners_managers_add_and_edit(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    base = {"name": "Lokal", "address": "Gatan 1", "capacity": 10}
    assert codes(await gql.as_(None).mutate(CREATE, {"input": base})) == ["UNAUTHENTICATED"]
    assert codes(await gql.as_(world.admin.token).mutate(CREATE, {"input": base})) == ["FORBIDDEN"]
    other = base | {"ownerAssociationId": world.booker_id}
    assert codes(await gql.as_(world.member.token).mutate(CREATE, {"input": other})) == [
        "FORBIDDEN"
    ]
    edit = {"id": world.room_id, "capacity": 40}
    for token in (world.admin.token, world.other_admin.token, world.owner_member.token):
        assert codes(await gql.as_(token).mutate(UPDATE, {"input": edit})) == ["FORBIDDEN"]
    done = ok(
        await gql.as_(world.owner_admin.token).mutate(
            UPDATE,
            {
                "input": edit
                | {
                    "description": "Ett rum",
                    "translations": [{"language": "en", "description": "A room"}],
                }
            },
        )
    )
    assert done["premises"] == {
        "id": world.room_id,
        "name": "Föreningsrummet",
        "capacity": 40,
        "description": "A room",
    }


async def test_search_and_filters(gql: GraphQLClient, world: PremisesWorld) -> None:
    anyone = gql.as_(None)
    assert await names(anyone) == ["Föreningsrummet", "Idrottshallen"]
    assert await names(anyone, search="forenings") == []  # ö is a letter of its own
    assert await names(anyone, search="förenings") == ["Föreningsrummet"]
    assert await names(anyone, search="HALLVÄGEN") == ["Idrottshallen"]
    assert await names(anyone, minCapacity=31) == ["Idrottshallen"]
    assert await names(anyone, accessibility=["STEP_FREE_ACCESS"]) == ["Föreningsrummet"]
    # every feature must hold
    assert await names(anyone, accessibility=["STEP_FREE_ACCESS", "LIFT"]) == []
    assert await names(anyone, ownerId=global_id("Association", world.owner)) == ["Föreningsrummet"]
    assert await names(anyone, ownedByCity=True) == ["Idrottshallen"]
    placed = ok(
        await gql.as_(world.coordinator.token).mutate(
            """mutation($id: ID!) { premisesUpdate(input: {id: $id, district: NORR}) {
              premises { district } errors { field code } } }""",
            {"id": world.hall_id},
        )
    )
    assert placed["premises"]["district"] == "NORR"
    assert await names(anyone, district="NORR") == ["Idrottshallen"]
    assert await names(anyone, district="SODER") == []


async def test_free_between_two_times_counts_buffers_and_opening_hours(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    anyone = gql.as_(None)
    starts, ends = evening(6)  # 18-20
    await world.book(world.member, world.room, starts, ends)  # held 17:45-20:15
    await world.book(world.member, world.hall, starts, ends)
    window = {"freeFrom": iso(ends), "freeTo": iso(ends + timedelta(hours=1))}
    # 20:00-21:00 is free in the hall; in the room its own buffer before meets the hold
    assert await names(anyone, **window) == ["Idrottshallen"]
    later = {
        "freeFrom": iso(ends + timedelta(minutes=30)),
        "freeTo": iso(ends + timedelta(hours=2)),
    }
    assert await names(anyone, **later) == ["Föreningsrummet", "Idrottshallen"]
    early = evening(6, 5, 60)  # 05:00: the room opens at 08:00
    assert await names(anyone, freeFrom=iso(early[0]), freeTo=iso(early[1])) == ["Idrottshallen"]
    answer = await anyone(FIND, {"filter": {"freeFrom": iso(starts)}})
    assert "freeTo" in answer.errors[0]["message"]


AVAILABILITY = """
query($id: ID!, $from: DateTime!, $to: DateTime!) {
  node(id: $id) { ... on Premises {
    availability(from: $from, to: $to) { busy { startsAt endsAt blockedFrom blockedUntil status }
                                          open { startsAt endsAt } }
  } }
}"""


async def test_availability_of_a_month_costs_the_same_statements_however_many_bookings(
    gql: GraphQLClient, runtime: Runtime, world: PremisesWorld
) -> None:
    start, _ = evening(1, 0, 60)
    end = start + timedelta(days=31)
    variables = {"id": world.hall_id, "from": iso(start), "to": iso(end)}
    with count_statements(runtime.db.engine) as few:
        empty = (await gql.as_(None).data(AVAILABILITY, variables))["node"]["availability"]
    assert empty["busy"] == []
    assert empty["open"] == [{"startsAt": iso(start), "endsAt": iso(end)}]  # open at all hours
    for day in range(2, 22):
        for hour in (9, 14, 19):
            starts, ends = evening(day, hour, 60)
            await world.book(world.member, world.hall, starts, ends)
    with count_statements(runtime.db.engine) as many:
        full = (await gql.as_(None).data(AVAILABILITY, variables))["node"]["availability"]
    assert len(full["busy"]) == 60
    assert many.count == few.count
    assert many.count <= 3


async def test_availability_shows_buffers_and_opening_hours(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    starts, ends = evening(3)
    await world.book(world.member, world.room, starts, ends)
    day_start = starts.replace(hour=0)
    variables = {
        "id": world.room_id,
        "from": iso(day_start),
        "to": iso(day_start + timedelta(days=1)),
    }
    found = (await gql.as_(None).data(AVAILABILITY, variables))["node"]["availability"]
    assert found["busy"] == [
        {
            "startsAt": iso(starts),
            "endsAt": iso(ends),
            "blockedFrom": iso(starts - timedelta(minutes=15)),
            "blockedUntil": iso(ends + timedelta(minutes=15)),
            "status": "REQUESTED",
        }
    ]
    assert found["open"] == [
        {"startsAt": iso(day_start.replace(hour=8)), "endsAt": iso(day_start + timedelta(days=1))}
    ]
    too_long = variables | {"to": iso(day_start + timedelta(days=63))}
    assert "62 days" in (await gql.as_(None)(AVAILABILITY, too_long)).errors[0]["message"]


def booking_input(
    world: PremisesWorld, starts: datetime, ends: datetime, **more: Any
) -> dict[str, Any]:
    return {
        "premisesId": world.room_id,
        "associationId": world.booker_id,
        "startsAt": iso(starts),
        "endsAt": iso(ends),
        "purpose": "Årsmöte",
        "attendees": 20,
    } | more


async def test_a_time_without_an_offset_is_a_user_error_naming_the_field(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    starts, ends = evening(7)
    naive = booking_input(world, starts, ends, startsAt=starts.replace(tzinfo=None).isoformat())
    payload = await gql.as_(world.member.token).mutate(BOOK, {"input": naive})
    assert payload["booking"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("startsAt", "INVALID")]
    assert await world.counts() == (0, 0)


async def test_who_booked_is_shown_only_to_those_allowed(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    starts, ends = evening(7)
    made = ok(
        await gql.as_(world.member.token).mutate(
            BOOK, {"input": booking_input(world, starts, ends)}
        )
    )["booking"]
    assert made["status"] == "REQUESTED"
    assert (made["viewerCanCancel"], made["viewerCanDecide"]) == (True, False)
    query = """query($id: ID!) { node(id: $id) { ... on Booking {
      status startsAt purpose attendees association { name } contact { name email }
      viewerCanCancel viewerCanDecide } } }"""
    seen = {}
    for role, token in {
        "anonymous": None,
        "stranger": world.stranger.token,
        "other_admin": world.other_admin.token,
        "member": world.member.token,
        "owner_admin": world.owner_admin.token,
        "coordinator": world.coordinator.token,
    }.items():
        node = (await gql.as_(token).data(query, {"id": made["id"]}))["node"]
        assert node["status"] == "REQUESTED"  # that the time is taken, anyone sees
        seen[role] = (node["purpose"] is not None, node["viewerCanDecide"])
        if node["purpose"] is None:
            assert (node["association"], node["contact"], node["attendees"]) == (None, None, None)
        else:
            assert node["association"] == {"name": "Bokarföreningen"}
            assert node["contact"]["email"] == world.member.email
    assert seen == {
        "anonymous": (False, False),
        "stranger": (False, False),
        "other_admin": (False, False),
        "member": (True, False),
        "owner_admin": (True, True),
        "coordinator": (True, True),
    }


async def test_a_conflict_through_the_api_names_the_taken_time(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    starts, ends = evening(7)
    ok(
        await gql.as_(world.member.token).mutate(
            BOOK, {"input": booking_input(world, starts, ends)}
        )
    )
    again = await gql.as_(world.admin.token).mutate(
        BOOK, {"input": booking_input(world, starts + timedelta(minutes=30), ends)}
    )
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("startsAt", "CONFLICT")]
    assert "18:00–20:00" in again["errors"][0]["message"]


SERIES = """
mutation($input: BookingSeriesCreateInput!) {
  bookingSeriesCreate(input: $input) {
    series { id weekdays startTime endTime count status }
    bookings { startsAt status }
    refused { date reason message }
    errors { field code }
  }
}"""


async def test_a_series_through_the_api_answers_the_refused_dates(
    gql: GraphQLClient, world: PremisesWorld
) -> None:
    first, _ = evening(14)
    taken = first + timedelta(weeks=1)
    await world.book(world.admin, world.hall, taken, taken + timedelta(hours=1))
    series = {
        "premisesId": world.hall_id,
        "associationId": world.booker_id,
        "startDate": first.date().isoformat(),
        "startTime": "18:00",
        "endTime": "20:00",
        "weekdays": [first.strftime("%A").upper()],
        "count": 3,
        "purpose": "Träning",
        "attendees": 15,
    }
    refused = await gql.as_(world.member.token).mutate(SERIES, {"input": series})
    assert refused["series"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("startDate", "CONFLICT")]
    assert [(r["date"], r["reason"]) for r in refused["refused"]] == [
        (taken.date().isoformat(), "TAKEN")
    ]
    done = ok(
        await gql.as_(world.member.token).mutate(SERIES, {"input": series | {"mode": "FREE_ONLY"}})
    )
    assert done["series"]["count"] == 3
    assert [b["status"] for b in done["bookings"]] == ["CONFIRMED", "CONFIRMED"]
    assert [r["date"] for r in done["refused"]] == [taken.date().isoformat()]
