"""The calendar list and its .ics feed cost the same number of SQL statements for 3 events as
for 30, with organisers, place, seats and the viewer's registration."""

from __future__ import annotations

import httpx

from app.runtime import Runtime
from tests.support.events import Calendar
from tests.support.graphql import GraphQLClient
from tests.support.statements import count_statements

LIST = """{ events(first: 50) { totalCount edges { cursor node {
  id title description type status startsAt endsAt organisers { name } place { address district
  onlineUrl premises { name } } price free seatsLeft attendingSeats registration { capacity }
  viewerRegistration { status } viewerCanEdit viewerCanRegister registrations(first: 5) {
  nodes { status seats name } } } } } }"""


async def test_the_list_and_the_feed_cost_the_same_statements_for_more_events(
    gql: GraphQLClient, http: httpx.AsyncClient, runtime: Runtime, cal: Calendar
) -> None:
    async def add(n: int) -> None:
        for i in range(n):
            event = await cal.event(capacity=5, title=f"Kurs {i}", days=3 + i % 20)
            await cal.register(cal.person, event.id)

    await add(3)
    client = gql.as_(cal.admin.token)
    with count_statements(runtime.db.engine) as few:
        small = await client.data(LIST)
    with count_statements(runtime.db.engine) as few_feed:
        assert (await http.get("/calendar/events.ics")).status_code == 200
    await add(27)
    with count_statements(runtime.db.engine) as many:
        large = await client.data(LIST)
    with count_statements(runtime.db.engine) as many_feed:
        assert (await http.get("/calendar/events.ics")).status_code == 200
    assert (small["events"]["totalCount"], large["events"]["totalCount"]) == (3, 30)
    assert many.count == few.count
    # whether any event changed, then the events; unchanged, the same bytes from the first
    assert many_feed.count == few_feed.count == 2
    with count_statements(runtime.db.engine) as again:
        assert (await http.get("/calendar/events.ics")).status_code == 200
    assert again.count == 1
    seated = [e["node"]["viewerRegistration"] for e in large["events"]["edges"]]
    assert seated == [None] * 30  # the admin registered for none; the person did


async def test_events_by_id_cost_the_same_statements_for_more_ids(
    gql: GraphQLClient, runtime: Runtime, cal: Calendar
) -> None:
    from tests.support.people import global_id

    made = [await cal.event(capacity=5, title=f"Kurs {i}", days=3 + i) for i in range(12)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { title } } }"
    client = gql.as_(cal.admin.token)
    with count_statements(runtime.db.engine) as few:
        small = await client.data(query, {"ids": [global_id("Event", e.id) for e in made[:2]]})
    with count_statements(runtime.db.engine) as many:
        large = await client.data(query, {"ids": [global_id("Event", e.id) for e in made]})
    assert [n["title"] for n in large["nodes"]] == [e.title for e in made]
    assert len(small["nodes"]) == 2
    assert many.count == few.count
