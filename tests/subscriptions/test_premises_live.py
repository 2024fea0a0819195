"""Live availability: a premises' booking changes reach its followers at once, in order, with
replay after a reconnect, across two apps over Redis; who booked only for those allowed."""

from __future__ import annotations

from typing import Any

from app.runtime import Runtime
from tests.conftest import REDIS_URL, need_services, settings_for
from tests.support.graphql import GraphQLClient, ok
from tests.support.premises import PremisesWorld, evening, make_world
from tests.support.servers import serving
from tests.support.ws import ws_client

EVENTS = """subscription($p: ID!, $a: Int) {
  premisesBookingEvents(premisesId: $p, afterSeq: $a) {
    seq kind booking { id status startsAt purpose association { name } }
  }
}"""
BOOK = """mutation($input: BookingCreateInput!) {
  bookingCreate(input: $input) { booking { id } errors { code } } }"""
APPROVE = "mutation($id: ID!) { bookingApprove(input: {id: $id}) { errors { code } } }"
NEVER = 600.0


def booking_input(world: PremisesWorld, days: int) -> dict[str, Any]:
    starts, ends = evening(days)
    return {
        "input": {
            "premisesId": world.room_id,
            "associationId": world.booker_id,
            "startsAt": starts.isoformat(),
            "endsAt": ends.isoformat(),
            "purpose": "Årsmöte",
            "attendees": 12,
        }
    }


async def next_event(ws: Any) -> dict[str, Any]:
    message = await ws.receive()
    assert message["type"] == "next", message
    event: dict[str, Any] = message["payload"]["data"]["premisesBookingEvents"]
    return event


async def test_a_slot_taken_elsewhere_shows_at_once_and_the_owner_sees_the_request(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    world = await make_world(runtime)
    async with ws_client(server) as anyone, ws_client(server) as owner:
        await anyone.init()
        await owner.init(world.owner_admin.token)
        # from seq 0: whether the booking commits before or after the subscription starts,
        # it arrives once (replayed from the log, or live)
        await anyone.subscribe("a", EVENTS, {"p": world.room_id, "a": 0})
        await owner.subscribe("o", EVENTS, {"p": world.room_id, "a": 0})
        made = ok(await gql.as_(world.member.token).mutate(BOOK, booking_input(world, 7)))
        seen, managed = await next_event(anyone), await next_event(owner)
        assert (seen["seq"], seen["kind"]) == (1, "BOOKING_REQUESTED")
        assert seen["booking"]["id"] == made["booking"]["id"]
        assert (seen["booking"]["purpose"], seen["booking"]["association"]) == (None, None)
        assert managed["booking"]["purpose"] == "Årsmöte"
        assert managed["booking"]["association"] == {"name": "Bokarföreningen"}
        ok(await gql.as_(world.owner_admin.token).mutate(APPROVE, {"id": made["booking"]["id"]}))
        approved = await next_event(anyone)
        assert (approved["seq"], approved["kind"], approved["booking"]["status"]) == (
            2,
            "BOOKING_CONFIRMED",
            "CONFIRMED",
        )


async def test_a_reconnecting_calendar_gets_what_it_missed_once(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    world = await make_world(runtime)
    member = gql.as_(world.member.token)
    for days in (5, 6, 7):
        ok(await member.mutate(BOOK, booking_input(world, days)))
    async with ws_client(server) as ws:
        await ws.init()
        await ws.subscribe("s", EVENTS, {"p": world.room_id, "a": 1})
        replayed = [await next_event(ws), await next_event(ws)]
        assert [e["seq"] for e in replayed] == [2, 3]
        ok(await member.mutate(BOOK, booking_input(world, 8)))
        assert (await next_event(ws))["seq"] == 4
    async with ws_client(server) as ws:
        await ws.init()
        await ws.subscribe("s", EVENTS, {"p": "UHJlbWlzZXM6OTk5OTk=", "a": 0})
        refused = await ws.receive()
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_booking_on_one_app_reaches_a_calendar_on_another_over_redis(
    database_url: str, runtime: Runtime
) -> None:
    need_services()
    settings = settings_for(database_url, broadcast_url=REDIS_URL, live_feed_poll_seconds=NEVER)
    async with serving(settings) as writing, serving(settings) as reading:
        world = await make_world(runtime)
        member = writing.gql.as_(world.member.token)
        ok(await member.mutate(BOOK, booking_input(world, 9)))
        async with ws_client(reading.address) as ws:
            await ws.init()
            await ws.subscribe("s", EVENTS, {"p": world.room_id, "a": 0})
            assert (await next_event(ws))["seq"] == 1  # from the log: the subscription is live
            # the reading app polls its log only every ten minutes: this one came over Redis
            made = ok(await member.mutate(BOOK, booking_input(world, 10)))
            event = await next_event(ws)
            assert (event["seq"], event["booking"]["id"]) == (2, made["booking"]["id"])
            assert reading.runtime.hub.failed_publishes == 0
