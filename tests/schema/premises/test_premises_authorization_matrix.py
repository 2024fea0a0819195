"""Premises authorization as a matrix: every premises query, mutation and subscription ×
every role.

Roles: anonymous; a member and an admin of the booking association; an admin of another
association; the owner's manager (an admin of the association owning the room); the city's
coordinator. The booking (and the series) is the member's request to the owner's room; each
cell is asserted on its own fresh data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.premises.series import SeriesRequest, create_series
from app.services.premises.vocabulary import Weekday
from tests.support.graphql import GraphQLClient
from tests.support.people import global_id
from tests.support.premises import PremisesWorld, evening, make_world
from tests.support.ws import ws_client

ROLES = ["anonymous", "member", "admin", "other_admin", "owner_manager", "coordinator"]


@dataclass
class Setting:
    world: PremisesWorld
    gql: GraphQLClient
    server: str
    booking: str
    series: str

    def token(self, role: str) -> str | None:
        w = self.world
        person = {
            "anonymous": None,
            "member": w.member,
            "admin": w.admin,
            "other_admin": w.other_admin,
            "owner_manager": w.owner_admin,
            "coordinator": w.coordinator,
        }[role]
        return person.token if person is not None else None

    def client(self, role: str) -> GraphQLClient:
        return self.gql.as_(self.token(role))


@pytest.fixture
async def setting(gql: GraphQLClient, runtime: Runtime, server: str) -> Setting:
    world = await make_world(runtime)
    starts, ends = evening(7)
    booking = await world.book(world.member, world.room, starts, ends)
    first = evening(14)[0]
    async with runtime.writes.transaction() as session:
        series = await create_series(
            session,
            world.viewer(world.member),
            SeriesRequest(
                premises_id=world.hall,
                association_id=world.booker,
                start_date=first.date(),
                start_time=first.time(),
                end_time=(first + timedelta(hours=1)).time(),
                weekdays=[Weekday.of(first.weekday())],
                purpose="Träning",
                attendees=10,
                count=2,
            ),
        )
    return Setting(
        world,
        gql,
        server,
        global_id("Booking", booking.id),
        global_id("BookingSeries", series.series.id),
    )


def outcome(payload: dict[str, Any]) -> str:
    return str(payload["errors"][0]["code"]) if payload["errors"] else "ok"


def query_of(
    query: str, variables: Callable[[Setting], dict[str, Any]], pick: Callable[[Any], Any]
) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, variables(setting))
        return "hidden" if pick(data) in (None, [], False) else "visible"

    return run


def mutation_of(
    query: str, variables: Callable[[Setting], dict[str, Any]]
) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, variables(setting))
        (payload,) = data.values()
        return outcome(payload)

    return run


async def follow(setting: Setting, role: str) -> str:
    async with ws_client(setting.server) as ws:
        await ws.init(setting.token(role))
        query = (
            "subscription($p: ID!) { premisesBookingEvents(premisesId: $p, afterSeq: 0) "
            "{ seq kind booking { status purpose } } }"
        )
        await ws.subscribe("s", query, {"p": setting.world.room_id})
        message = await ws.receive()
        assert message["type"] == "next", message
        event = message["payload"]["data"]["premisesBookingEvents"]
        assert (event["seq"], event["kind"]) == (1, "BOOKING_REQUESTED")
        # that the time is taken, anyone sees; why, only those allowed
        return "visible" if event["booking"]["purpose"] is not None else "hidden"


def ROOM(s: Setting) -> dict[str, Any]:
    return {"id": s.world.room_id}


def BOOKING(s: Setting) -> dict[str, Any]:
    return {"id": s.booking}


def NONE(_s: Setting) -> dict[str, Any]:
    return {}


def WINDOW(s: Setting) -> dict[str, Any]:
    return ROOM(s) | {"f": evening(6)[0].isoformat(), "t": evening(8)[0].isoformat()}


U, F, OK = "UNAUTHENTICATED", "FORBIDDEN", "ok"
V, H = "visible", "hidden"


def _book(s: Setting) -> dict[str, Any]:
    starts, ends = evening(8)
    return {
        "input": {
            "premisesId": s.world.room_id,
            "associationId": s.world.booker_id,
            "startsAt": starts.isoformat(),
            "endsAt": ends.isoformat(),
            "purpose": "Möte",
            "attendees": 5,
        }
    }


def _series(s: Setting) -> dict[str, Any]:
    first = evening(28)[0]
    return {
        "input": {
            "premisesId": s.world.hall_id,
            "associationId": s.world.booker_id,
            "startDate": first.date().isoformat(),
            "startTime": "18:00",
            "endTime": "19:00",
            "weekdays": [Weekday.of(first.weekday()).value],
            "count": 2,
            "purpose": "Kör",
            "attendees": 5,
        }
    }


E = "errors { code }"
# role order: anonymous member admin other_admin owner_manager coordinator
MATRIX: dict[str, tuple[Callable[[Setting, str], Awaitable[str]], tuple[str, ...]]] = {
    "premises": (
        query_of("{ premises { nodes { id } } }", NONE, lambda d: d["premises"]["nodes"]),
        (V, V, V, V, V, V),
    ),
    "Premises.availability": (
        query_of(
            "query($id: ID!, $f: DateTime!, $t: DateTime!) { node(id: $id) { ... on Premises { "
            "availability(from: $f, to: $t) { busy { startsAt } } } } }",
            WINDOW,
            lambda d: d["node"]["availability"]["busy"],
        ),
        (V, V, V, V, V, V),
    ),
    "Premises.bookings": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Premises { bookings { nodes { status } } } } }",
            ROOM,
            lambda d: d["node"]["bookings"]["nodes"],
        ),
        (V, V, V, V, V, V),
    ),
    "Booking.purpose": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Booking { purpose } } }",
            BOOKING,
            lambda d: d["node"]["purpose"],
        ),
        (H, V, V, H, V, V),
    ),
    "Booking.contact": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Booking { contact { email } } } }",
            BOOKING,
            lambda d: d["node"]["contact"],
        ),
        (H, V, V, H, V, V),
    ),
    "Premises.viewerCanManage": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Premises { viewerCanManage } } }",
            ROOM,
            lambda d: d["node"]["viewerCanManage"],
        ),
        (H, H, H, H, V, V),
    ),
    "bookingRequests": (
        query_of(
            "{ bookingRequests { nodes { id } } }", NONE, lambda d: d["bookingRequests"]["nodes"]
        ),
        (H, H, H, H, V, V),
    ),
    "accessibilityFeatures": (
        query_of("{ accessibilityFeatures { code } }", NONE, lambda d: d["accessibilityFeatures"]),
        (V, V, V, V, V, V),
    ),
    "premisesCreate": (
        mutation_of(
            'mutation($o: ID!) { premisesCreate(input: {name: "Ny", address: "Väg 1", '
            f"capacity: 5, ownerAssociationId: $o}}) {{ {E} }} }}",
            lambda s: {"o": global_id("Association", s.world.owner)},
        ),
        (U, F, F, F, OK, OK),
    ),
    "premisesUpdate": (
        mutation_of(
            f"mutation($id: ID!) {{ premisesUpdate(input: {{id: $id, capacity: 12}}) {{ {E} }} }}",
            ROOM,
        ),
        (U, F, F, F, OK, OK),
    ),
    "bookingCreate": (
        mutation_of(
            f"mutation($input: BookingCreateInput!) {{ bookingCreate(input: $input) {{ {E} }} }}",
            _book,
        ),
        (U, OK, OK, F, F, OK),
    ),
    "bookingApprove": (
        mutation_of(
            f"mutation($id: ID!) {{ bookingApprove(input: {{id: $id}}) {{ {E} }} }}", BOOKING
        ),
        (U, F, F, F, OK, OK),
    ),
    "bookingDecline": (
        mutation_of(
            f'mutation($id: ID!) {{ bookingDecline(input: {{id: $id, reason: "Nej"}}) {{ {E} }} }}',
            BOOKING,
        ),
        (U, F, F, F, OK, OK),
    ),
    "bookingCancel": (
        mutation_of(
            f'mutation($id: ID!) {{ bookingCancel(input: {{id: $id, reason: "Ändrat"}}) {{ {E} }} }}',
            BOOKING,
        ),
        (U, OK, OK, F, OK, OK),
    ),
    "bookingSeriesCreate": (
        mutation_of(
            "mutation($input: BookingSeriesCreateInput!) { bookingSeriesCreate(input: $input) "
            f"{{ {E} }} }}",
            _series,
        ),
        (U, OK, OK, F, F, OK),
    ),
    "bookingSeriesCancel": (
        mutation_of(
            'mutation($id: ID!) { bookingSeriesCancel(input: {id: $id, reason: "Slut"}) '
            f"{{ {E} }} }}",
            lambda s: {"id": s.series},
        ),
        (U, OK, OK, F, F, OK),
    ),
    "premisesBookingEvents": (follow, (H, V, V, H, V, V)),
}

CELLS = [
    pytest.param(operation, role, expected, id=f"{operation}-{role}")
    for operation, (_, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("operation", "role", "expected"), CELLS)
async def test_cell(setting: Setting, operation: str, role: str, expected: str) -> None:
    run, _ = MATRIX[operation]
    assert await run(setting, role) == expected
