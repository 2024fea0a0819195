"""The premises walk-through on the demo: find a free room for 30 with step-free access next
Tuesday evening, book it, see the owner decide, and the demo admins' rights."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from app.demo.accounts import DEMO_PASSWORD
from app.demo.load import load_demo
from app.runtime import Runtime
from app.services.clock import CITY_ZONE, now
from tests.support.graphql import GraphQLClient, codes, ok

LOG_IN = """mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) {
  token user { memberships { nodes { association { id name } } } } } }"""


def next_tuesday(hour: int) -> datetime:
    today = now().astimezone(CITY_ZONE).date() + timedelta(days=2)
    day = today + timedelta(days=(1 - today.weekday()) % 7)
    return datetime.combine(day, time(hour), tzinfo=CITY_ZONE)


async def test_a_newcomer_finds_books_and_sees_the_owner_decide(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    starts, ends = next_tuesday(18), next_tuesday(20)
    found = await gql.data(
        """query($f: DateTime!, $t: DateTime!) { premises(filter: {minCapacity: 30,
           accessibility: [STEP_FREE_ACCESS], freeFrom: $f, freeTo: $t}) {
           nodes { id name ownedByCity requiresApproval owner { name } } } }""",
        {"f": starts.isoformat(), "t": ends.isoformat()},
    )
    rooms = {p["name"]: p for p in found["premises"]["nodes"]}
    assert "Mötesrummet på Dalhems fritidsgård" in rooms
    klubbrum = rooms["Klubbrummet på Olympia"]
    assert klubbrum["owner"] == {"name": "Helsingborgs IF"}
    raa = await gql.mutate(LOG_IN, {"e": "admin.raa@samverka.example", "p": DEMO_PASSWORD})
    (membership,) = raa["user"]["memberships"]["nodes"]
    booked = ok(
        await gql.as_(raa["token"]).mutate(
            """mutation($input: BookingCreateInput!) { bookingCreate(input: $input) {
               booking { id status } errors { code field message } } }""",
            {
                "input": {
                    "premisesId": klubbrum["id"],
                    "associationId": membership["association"]["id"],
                    "startsAt": starts.isoformat(),
                    "endsAt": ends.isoformat(),
                    "purpose": "Styrelsemöte",
                    "attendees": 30,
                    "offeredHelp": "Två personer i kiosken på nästa hemmamatch",
                }
            },
        )
    )["booking"]
    assert booked["status"] == "REQUESTED"
    hif = await gql.mutate(LOG_IN, {"e": "admin.hif@samverka.example", "p": DEMO_PASSWORD})
    waiting = await gql.as_(hif["token"]).data(
        "{ bookingRequests { nodes { id offeredHelp association { name } } } }"
    )
    requests = waiting["bookingRequests"]["nodes"]
    assert booked["id"] in [r["id"] for r in requests]
    assert {r["association"]["name"] for r in requests} == {"Råå IF"}
    approve = "mutation($id: ID!) { bookingApprove(input: {id: $id}) { booking { status } errors { code } } }"
    approved = ok(await gql.as_(hif["token"]).mutate(approve, {"id": booked["id"]}))
    assert approved["booking"]["status"] == "CONFIRMED"
    # Helsingborgs IF's own request to Råå IF's cabin is Råå IF's to decide, not theirs
    mine = await gql.as_(raa["token"]).data(
        "{ bookingRequests { nodes { id association { name } premises { name } } } }"
    )
    (to_raa,) = mine["bookingRequests"]["nodes"]
    assert to_raa["premises"]["name"] == "Föreningsstugan i Råå"
    assert codes(await gql.as_(hif["token"]).mutate(approve, {"id": to_raa["id"]})) == ["FORBIDDEN"]


async def check_the_demo_has_a_series_across_the_end_of_march(gql: GraphQLClient) -> None:
    """Run by tests/app/demo/test_demo_plans.py, which loads the demo once for every reader."""
    found = await gql.data(
        '{ premises(filter: {search: "idrottshallen"}) { nodes { bookings(first: 20) { nodes { '
        "startsAt status series { id } } } } } }"
    )
    (hall,) = found["premises"]["nodes"]
    series = [b for b in hall["bookings"]["nodes"] if b["series"] is not None]
    assert len(series) == 6
    offsets = {b["startsAt"][-6:] for b in series}
    assert offsets == {"+01:00", "+02:00"}  # across the change to summer time
    assert {b["startsAt"][11:16] for b in series} == {"18:00"}
    assert "CONFIRMED" in [b["status"] for b in hall["bookings"]["nodes"]]
