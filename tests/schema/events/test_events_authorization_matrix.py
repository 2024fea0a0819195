"""Calendar authorization as a matrix: every calendar query, mutation and subscription ×
every role.

Roles: anonymous; a registered person (logged in, registered for the event); the organiser
(an admin of the organising association); a member of it; an admin of another association;
the coordinator. The event has a guest's registration too, whose name and email are personal
data for the organisers alone. Each cell is asserted on its own fresh data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.events.calendar import NewEvent, create_event
from app.services.events.fields import EventFields
from app.services.events.vocabulary import EventType
from tests.support.events import Calendar, local, make_calendar
from tests.support.graphql import GraphQLClient
from tests.support.people import global_id
from tests.support.ws import ws_client

ROLES = ["anonymous", "registered", "organiser", "member", "other_admin", "coordinator"]


@dataclass
class Setting:
    cal: Calendar
    gql: GraphQLClient
    server: str
    event: str
    series: str
    mine: str  # the registered person's registration
    guest: str  # a guest's registration
    guest_code: str  # and its cancellation code

    def token(self, role: str) -> str | None:
        c = self.cal
        person = {
            "anonymous": None,
            "registered": c.person,
            "organiser": c.admin,
            "member": c.member,
            "other_admin": c.other_admin,
            "coordinator": c.coordinator,
        }[role]
        return person.token if person is not None else None

    def client(self, role: str) -> GraphQLClient:
        return self.gql.as_(self.token(role))


@pytest.fixture
async def setting(gql: GraphQLClient, runtime: Runtime, server: str) -> Setting:
    cal = await make_calendar(runtime)
    event = await cal.event(capacity=10, waitlist=True, most=2)
    mine = await cal.register(cal.person, event.id)
    guest = await cal.register(None, event.id, name="Gäst Gästsson", email="gast@example.org")
    starts = local(14, 18)
    async with runtime.writes.transaction() as session:
        from app.services.events.calendar import Recurrence

        occurrences = await create_event(
            session,
            cal.viewer(cal.admin),
            NewEvent(
                fields=EventFields(
                    title="Kör",
                    type=EventType.CULTURE,
                    starts_at=starts,
                    ends_at=starts.replace(hour=20),
                ),
                organiser_ids=[cal.organiser],
                recurrence=Recurrence(weekdays=[starts.weekday()], count=2),
            ),
        )
    return Setting(
        cal,
        gql,
        server,
        global_id("Event", event.id),
        global_id("EventSeries", occurrences[0].series_id or 0),
        global_id("Registration", mine.registration.id),
        global_id("Registration", guest.registration.id),
        guest.cancellation_code or "",
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
            "subscription($e: ID!) { eventUpdates(eventId: $e, afterSeq: 1) "
            "{ seq kind seatsLeft registration { name email } } }"
        )
        await ws.subscribe("s", query, {"e": setting.event})
        message = await ws.receive()
        assert message["type"] == "next", message
        update = message["payload"]["data"]["eventUpdates"]
        assert (update["seq"], update["kind"], update["seatsLeft"]) == (2, "REGISTRATION_ADDED", 8)
        # that a seat was taken, anyone sees; whose, only the organisers
        return "visible" if update["registration"] is not None else "hidden"


def EVENT(s: Setting) -> dict[str, Any]:
    return {"id": s.event}


def NONE(_s: Setting) -> dict[str, Any]:
    return {}


def _create(s: Setting) -> dict[str, Any]:
    starts = local(21, 18)
    return {
        "input": {
            "title": "Ny kurs",
            "type": "TRAINING",
            "startsAt": starts.isoformat(),
            "endsAt": starts.replace(hour=20).isoformat(),
            "organiserAssociationIds": [s.cal.organiser_id],
        }
    }


U, F, N, C, OK = "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "ok"
V, H = "visible", "hidden"
E = "errors { code }"
# role order: anonymous registered organiser member other_admin coordinator
MATRIX: dict[str, tuple[Callable[[Setting, str], Awaitable[str]], tuple[str, ...]]] = {
    "events": (
        query_of("{ events { nodes { id } } }", NONE, lambda d: d["events"]["nodes"]),
        (V, V, V, V, V, V),
    ),
    "trainings": (
        query_of("{ trainings { nodes { id } } }", NONE, lambda d: d["trainings"]["nodes"]),
        (V, V, V, V, V, V),
    ),
    # the code is the key: whoever holds it reads the registration, no one else
    "registrationByCode": (
        query_of(
            "query($c: String!) { registrationByCode(code: $c) { status messages { text } } }",
            lambda s: {"c": s.guest_code},
            lambda d: d["registrationByCode"],
        ),
        (V, V, V, V, V, V),
    ),
    "registrationByCode, another code": (
        query_of(
            "query($c: String!) { registrationByCode(code: $c) { status } }",
            lambda s: {"c": s.guest_code[:-2] + "xx"},
            lambda d: d["registrationByCode"],
        ),
        (H, H, H, H, H, H),
    ),
    "Event.registrations": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Event { registrations { nodes { id } } } } }",
            EVENT,
            lambda d: d["node"]["registrations"],
        ),
        (H, H, V, H, H, V),
    ),
    "Registration.email": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Registration { email name } } }",
            lambda s: {"id": s.guest},
            lambda d: (d["node"] or {}).get("email"),
        ),
        (H, H, V, H, H, V),
    ),
    "Event.viewerRegistration": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Event { viewerRegistration { id } } } }",
            EVENT,
            lambda d: d["node"]["viewerRegistration"],
        ),
        (H, V, H, H, H, H),
    ),
    "Event.viewerCanEdit": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Event { viewerCanEdit } } }",
            EVENT,
            lambda d: d["node"]["viewerCanEdit"],
        ),
        (H, H, V, H, H, V),
    ),
    "eventCreate": (
        mutation_of(
            f"mutation($input: EventCreateInput!) {{ eventCreate(input: $input) {{ {E} }} }}",
            _create,
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventUpdate": (
        mutation_of(
            f'mutation($id: ID!) {{ eventUpdate(input: {{id: $id, title: "Nytt"}}) {{ {E} }} }}',
            EVENT,
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventSeriesUpdate": (
        mutation_of(
            'mutation($id: ID!) { eventSeriesUpdate(input: {seriesId: $id, price: "20 kr"}) '
            f"{{ {E} }} }}",
            lambda s: {"id": s.series},
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventCancel": (
        mutation_of(
            f'mutation($id: ID!) {{ eventCancel(input: {{id: $id, reason: "Sjuk"}}) {{ {E} }} }}',
            EVENT,
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventPostpone": (
        mutation_of(
            f'mutation($id: ID!) {{ eventPostpone(input: {{id: $id, reason: "Snö"}}) {{ {E} }} }}',
            EVENT,
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventDelete": (
        mutation_of(f"mutation($id: ID!) {{ eventDelete(input: {{id: $id}}) {{ {E} }} }}", EVENT),
        (U, F, OK, F, F, OK),
    ),
    "eventRegister": (
        mutation_of(
            'mutation($id: ID!) { eventRegister(input: {eventId: $id, name: "Ny", '
            f'email: "ny@example.org"}}) {{ {E} }} }}',
            EVENT,
        ),
        # anonymous by name and email; logged in, the name is refused (you register as yourself)
        (OK, "INVALID", "INVALID", "INVALID", "INVALID", "INVALID"),
    ),
    "registrationCancel": (
        mutation_of(
            f"mutation($id: ID!) {{ registrationCancel(input: {{id: $id}}) {{ {E} }} }}",
            lambda s: {"id": s.mine},
        ),
        (F, OK, OK, F, F, OK),
    ),
    "registrationMarkAttendance": (
        mutation_of(
            "mutation($id: ID!) { registrationMarkAttendance(input: {id: $id, attended: true}) "
            f"{{ {E} }} }}",
            lambda s: {"id": s.mine},
        ),
        (U, F, OK, F, F, OK),
    ),
    "eventMessageSend": (
        mutation_of(
            f'mutation($id: ID!) {{ eventMessageSend(input: {{eventId: $id, text: "Hej"}}) {{ {E} }} }}',
            EVENT,
        ),
        (U, F, OK, F, F, OK),
    ),
    "Event.messages": (
        query_of(
            "query($id: ID!) { node(id: $id) { ... on Event { messages { text } } } }",
            EVENT,
            lambda d: d["node"]["messages"] is not None,
        ),
        (H, V, V, H, H, V),
    ),
    "eventUpdates": (follow, (H, H, V, H, H, V)),
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
