"""Live events: a client showing an event sees its seats change as people register, the
organisers see who, and a promoted person learns of it on the same stream."""

from __future__ import annotations

from typing import Any

from app.runtime import Runtime
from app.services.events.registrations import cancel_registration
from tests.support.events import make_calendar
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import global_id
from tests.support.ws import ws_client

UPDATES = """subscription($e: ID!, $a: Int) { eventUpdates(eventId: $e, afterSeq: $a) {
  seq kind seatsLeft waitlistedSeats registrationStatus mine registration { name seats status } } }"""
REGISTER = """mutation($e: ID!) { eventRegister(input: {eventId: $e}) {
  registration { id status } errors { code } } }"""


async def next_update(ws: Any) -> dict[str, Any]:
    message = await ws.receive()
    assert message["type"] == "next", message
    update: dict[str, Any] = message["payload"]["data"]["eventUpdates"]
    return update


async def test_seats_drop_live_and_a_promotion_reaches_the_person(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cal = await make_calendar(runtime)
    event = await cal.event(capacity=1, waitlist=True)
    event_id = global_id("Event", event.id)
    first = await cal.register(None, event.id, name="Ada", email="ada@example.org")
    async with ws_client(server) as kiosk, ws_client(server) as organiser, ws_client(server) as me:
        await kiosk.init()
        await organiser.init(cal.admin.token)
        await me.init(cal.person.token)
        for ws in (kiosk, organiser, me):
            await ws.subscribe("s", UPDATES, {"e": event_id, "a": 0})
        for ws in (kiosk, organiser, me):
            update = await next_update(ws)
            assert (update["seq"], update["seatsLeft"]) == (1, 0)
        waiting = ok(await gql.as_(cal.person.token).mutate(REGISTER, {"e": event_id}))
        assert waiting["registration"]["status"] == "WAITLISTED"
        seen = [await next_update(ws) for ws in (kiosk, organiser, me)]
        assert [s["waitlistedSeats"] for s in seen] == [1, 1, 1]
        assert seen[0]["registration"] is None  # the kiosk does not see who
        assert seen[1]["registration"] == {"name": None, "seats": 1, "status": "WAITLISTED"}
        assert seen[2]["mine"] is True
        async with runtime.writes.transaction() as session:
            await cancel_registration(
                session, cal.viewer(None), first.registration.id, first.cancellation_code
            )
        cancelled = [await next_update(ws) for ws in (kiosk, organiser, me)]
        assert {c["kind"] for c in cancelled} == {"REGISTRATION_CANCELLED"}
        promoted = [await next_update(ws) for ws in (kiosk, organiser, me)]
        assert {p["kind"] for p in promoted} == {"REGISTRATION_PROMOTED"}
        assert [p["seatsLeft"] for p in promoted] == [0, 0, 0]
        assert promoted[2]["mine"] is True
        assert promoted[2]["registrationStatus"] == "ATTENDING"
        assert promoted[0]["mine"] is False
