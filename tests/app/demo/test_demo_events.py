"""The calendar walk-through on the demo: this week's free trainings in Swedish-language board
work, registering, the seats dropping, the training feed, and the organiser's list."""

from __future__ import annotations

from datetime import timedelta

import httpx
from icalendar import Calendar as ICalendar

from app.demo.accounts import DEMO_PASSWORD
from app.demo.events import DEMO_EVENTS
from app.demo.load import load_demo
from app.runtime import Runtime
from app.services.clock import now
from tests.support.graphql import GraphQLClient, ok

LOG_IN = """mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) {
  token } }"""


async def test_a_newcomer_finds_registers_and_the_organiser_sees_it(
    gql: GraphQLClient, http: httpx.AsyncClient, runtime: Runtime
) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    week = (now() + timedelta(days=7)).isoformat()
    found = await gql.data(
        """query($to: DateTime!) { trainings(filter: {to: $to, topic: "styrelsearbete",
           language: "sv", freeOnly: true, enrolmentOpen: true}) {
           nodes { id title seatsLeft organisers { name } } } }""",
        {"to": week},
    )
    (training,) = found["trainings"]["nodes"]
    assert training["title"] == "Styrelsearbete för idrottsföreningar"
    assert training["organisers"] == [{"name": "HISO"}]
    raa = (await gql.mutate(LOG_IN, {"e": "admin.raa@samverka.example", "p": DEMO_PASSWORD}))[
        "token"
    ]
    registered = ok(
        await gql.as_(raa).mutate(
            """mutation($e: ID!) { eventRegister(input: {eventId: $e, seats: 2}) {
               registration { status seats event { seatsLeft } } errors { code } } }""",
            {"e": training["id"]},
        )
    )["registration"]
    assert registered["status"] == "ATTENDING"
    assert registered["event"]["seatsLeft"] == training["seatsLeft"] - 2
    feed = await http.get("/calendar/events.ics?training=1")
    assert feed.status_code == 200
    titles = {str(e["SUMMARY"]) for e in ICalendar.from_ical(feed.content).walk("VEVENT")}
    assert "Styrelsearbete för idrottsföreningar" in titles
    assert "Föreningsmässan" not in titles
    coordinator = (
        await gql.mutate(LOG_IN, {"e": "samordnare@samverka.example", "p": DEMO_PASSWORD})
    )["token"]
    listed = await gql.as_(coordinator).data(
        "query($id: ID!) { node(id: $id) { ... on Event { registrations { nodes { seats person { displayName } } } } } }",
        {"id": training["id"]},
    )
    assert listed["node"]["registrations"]["nodes"] == [
        {"seats": 2, "person": {"displayName": "Per Möller"}}
    ]


async def check_the_demo_calendar_holds_what_the_seeds_ask_for(gql: GraphQLClient) -> None:
    """Run by tests/app/demo/test_demo_plans.py, which loads the demo once for every reader."""
    listed = await gql.data(
        "{ events(first: 100) { nodes { title type status seatsLeft waitlistedSeats } } }"
    )
    events = listed["events"]["nodes"]
    by_title = {e["title"]: e for e in events}
    assert {"CONFERENCE", "DIALOGUE_MEETING", "FAIR", "TRAINING", "LECTURE", "SPORT"} <= {
        e["type"] for e in events
    }
    assert by_title["Geologi på Kullaberg: föredrag"]["status"] == "CANCELLED"
    full = by_title["Bokföring för kassörer"]
    assert (full["seatsLeft"], full["waitlistedSeats"]) == (0, 1)
    weekly = [e for e in events if e["title"] == "Fotbollsträning för nybörjare"]
    assert len(weekly) == next(d.weekly_count for d in DEMO_EVENTS if d.weekly_count)
