"""The calendar through GraphQL: creating events (and refusals that write nothing), drafts,
finding events and trainings, series across daylight saving, booking premises in the same
step, and `modifiedSince` as a mirror's feed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.clock import CITY_ZONE
from tests.support.events import Calendar, local
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id
from tests.support.premises import make_world

CREATE = """mutation($input: EventCreateInput!) { eventCreate(input: $input) {
  event { id title type status draft startsAt endsAt seatsLeft organisers { name }
          registration { capacity waitlist waitlistCapacity } viewerCanEdit }
  events { id startsAt }
  errors { field code message } } }"""
FIND = """query($filter: EventFilter) { events(first: 100, filter: $filter) {
  totalCount nodes { id title status } } }"""


def event_input(cal: Calendar, **more: Any) -> dict[str, Any]:
    starts = local(7, 18)
    return {
        "title": "Styrelsearbete för nya ledamöter",
        "type": "TRAINING",
        "startsAt": starts.isoformat(),
        "endsAt": (starts + timedelta(hours=2)).isoformat(),
        "organiserAssociationIds": [cal.organiser_id],
    } | more


async def titles(gql: GraphQLClient, **filter: Any) -> list[str]:
    data = await gql.data(FIND, {"filter": filter})
    return [n["title"] for n in data["events"]["nodes"]]


async def test_an_association_puts_a_training_in_the_calendar(
    gql: GraphQLClient, cal: Calendar
) -> None:
    made = ok(
        await gql.as_(cal.admin.token).mutate(
            CREATE,
            {
                "input": event_input(
                    cal,
                    registration={"capacity": 20, "waitlistCapacity": 5},
                    topics=["Styrelsearbete"],
                    languages=["sv"],
                )
            },
        )
    )["event"]
    assert (made["status"], made["draft"], made["seatsLeft"]) == ("SCHEDULED", False, 20)
    assert made["registration"] == {"capacity": 20, "waitlist": True, "waitlistCapacity": 5}
    assert made["organisers"] == [{"name": "Studieförbundet"}]
    assert made["viewerCanEdit"] is True
    assert await titles(gql.as_(None)) == ["Styrelsearbete för nya ledamöter"]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": " "}, "title", "REQUIRED"),
        ({"endsAt": local(7, 17).isoformat()}, "endsAt", "INVALID"),
        ({"registration": {"capacity": 0}}, "registration.capacity", "INVALID"),
        (
            {"registration": {"maxSeatsPerRegistration": 99}},
            "registration.maxSeatsPerRegistration",
            "INVALID",
        ),
        ({"onlineUrl": "inte en adress"}, "onlineUrl", "INVALID"),
        ({"ageMin": 18, "ageMax": 12}, "ageMin", "INVALID"),
        ({"languages": ["svenska"]}, "languages", "INVALID"),
        ({"recurrence": {"weekdays": ["TUESDAY"]}}, "recurrence.until", "INVALID"),
    ],
)
async def test_bad_events_are_refused_and_nothing_is_written(
    gql: GraphQLClient, cal: Calendar, change: dict[str, Any], field: str, code: str
) -> None:
    before = await cal.counts()
    payload = await gql.as_(cal.admin.token).mutate(CREATE, {"input": event_input(cal) | change})
    assert payload["event"] is None
    assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == (field, code)
    assert await cal.counts() == before


async def test_who_may_organise(gql: GraphQLClient, cal: Calendar) -> None:
    for token, expected in (
        (None, "UNAUTHENTICATED"),
        (cal.member.token, "FORBIDDEN"),
        (cal.other_admin.token, "FORBIDDEN"),
    ):
        assert codes(await gql.as_(token).mutate(CREATE, {"input": event_input(cal)})) == [expected]
    city = event_input(cal, organiserAssociationIds=[], type="CONFERENCE", title="Konferensen")
    assert codes(await gql.as_(cal.admin.token).mutate(CREATE, {"input": city})) == ["FORBIDDEN"]
    done = ok(await gql.as_(cal.coordinator.token).mutate(CREATE, {"input": city}))
    assert done["event"]["organisers"] == []


async def test_drafts_are_the_organisers_alone(gql: GraphQLClient, cal: Calendar) -> None:
    draft = ok(
        await gql.as_(cal.admin.token).mutate(CREATE, {"input": event_input(cal, draft=True)})
    )
    event_id = draft["event"]["id"]
    node = "query($id: ID!) { node(id: $id) { ... on Event { title draft } } }"
    assert (await gql.as_(None).data(node, {"id": event_id}))["node"] is None
    assert (await gql.as_(cal.other_admin.token).data(node, {"id": event_id}))["node"] is None
    assert await titles(gql.as_(None)) == []
    assert await titles(gql.as_(cal.admin.token)) == ["Styrelsearbete för nya ledamöter"]
    publish = "mutation($id: ID!) { eventUpdate(input: {id: $id, draft: false}) { event { draft } errors { code } } }"
    assert ok(await gql.as_(cal.admin.token).mutate(publish, {"id": event_id}))["event"] == {
        "draft": False
    }
    assert (await gql.as_(None).data(node, {"id": event_id}))["node"]["draft"] is False


async def test_filters_and_the_training_catalogue(gql: GraphQLClient, cal: Calendar) -> None:
    admin = gql.as_(cal.admin.token)
    for title, more in (
        ("Ledarskap i föreningen", {"topics": ["Ledarskap"], "languages": ["sv", "ar"]}),
        ("Föreningsmässan", {"type": "FAIR", "district": "CENTRUM", "price": "50 kr"}),
        ("Digitalt årsmöte", {"type": "MEETING", "onlineUrl": "https://meet.example/x"}),
    ):
        ok(await admin.mutate(CREATE, {"input": event_input(cal, title=title) | more}))
    anyone = gql.as_(None)
    assert await titles(anyone, search="förenings") == ["Föreningsmässan"]
    assert await titles(anyone, types=["FAIR"]) == ["Föreningsmässan"]
    assert await titles(anyone, district="CENTRUM") == ["Föreningsmässan"]
    assert await titles(anyone, language="AR") == ["Ledarskap i föreningen"]
    assert await titles(anyone, topic="ledarskap") == ["Ledarskap i föreningen"]
    assert sorted(await titles(anyone, freeOnly=True)) == [
        "Digitalt årsmöte",
        "Ledarskap i föreningen",
    ]
    assert await titles(anyone, online=True) == ["Digitalt årsmöte"]
    assert await titles(anyone, organiserId=global_id("Association", cal.other)) == []
    catalogue = await anyone.data(
        '{ trainings(filter: {topic: "Ledarskap"}) { nodes { title topics } } }'
    )
    assert catalogue["trainings"]["nodes"] == [
        {"title": "Ledarskap i föreningen", "topics": ["Ledarskap"]}
    ]
    everything = await anyone.data("{ trainings { totalCount } }")
    assert everything["trainings"]["totalCount"] == 1  # the fair and the meeting are not trainings


async def test_a_weekly_series_keeps_local_times_across_both_changes(
    gql: GraphQLClient, cal: Calendar
) -> None:
    starts = datetime(2027, 3, 16, 18, 0, tzinfo=CITY_ZONE)
    series = event_input(
        cal,
        startsAt=starts.isoformat(),
        endsAt=(starts + timedelta(hours=2)).isoformat(),
        recurrence={"weekdays": ["TUESDAY"], "until": "2027-11-02", "skipDates": ["2027-07-06"]},
    )
    made = ok(await gql.as_(cal.admin.token).mutate(CREATE, {"input": series}))
    times = [datetime.fromisoformat(e["startsAt"]) for e in made["events"]]
    assert len(times) == 34 - 1  # 16 March to 2 November: 34 Tuesdays, one skipped
    assert {(t.hour, t.minute) for t in times} == {(18, 0)}
    assert {t.utcoffset() for t in times} == {timedelta(hours=1), timedelta(hours=2)}
    assert datetime(2027, 7, 6).date() not in [t.date() for t in times]
    one_row = await gql.as_(None).data(
        'query { events(filter: {from: "2027-03-01T00:00:00+01:00", onePerSeries: true}) { totalCount } }'
    )
    assert one_row["events"]["totalCount"] == 1


async def test_an_event_at_platform_premises_books_them_or_is_refused_whole(
    gql: GraphQLClient, runtime: Runtime, cal: Calendar
) -> None:
    world = await make_world(runtime)
    starts = local(9, 18)
    hall_id = world.hall_id
    book = event_input(
        cal,
        organiserAssociationIds=[],
        title="Föreningsmässan",
        type="FAIR",
        startsAt=starts.isoformat(),
        endsAt=(starts + timedelta(hours=3)).isoformat(),
        premisesId=hall_id,
        bookPremises=True,
    )
    coordinator = gql.as_(world.coordinator.token)
    made = ok(await coordinator.mutate(CREATE, {"input": book}))
    assert made["event"]["title"] == "Föreningsmässan"
    before = await cal.counts()
    again = await coordinator.mutate(CREATE, {"input": book | {"title": "Krock"}})
    assert codes(again) == ["CONFLICT"]
    assert await cal.counts() == before


async def test_modified_since_lets_a_mirror_follow_the_calendar(
    gql: GraphQLClient, cal: Calendar
) -> None:
    rng = random.Random(11)
    admin = gql.as_(cal.admin.token)
    mirror: dict[str, dict[str, Any]] = {}
    since = "2000-01-01T00:00:00+00:00"
    changes = """query($since: DateTime!, $after: String) { events(first: 7, after: $after,
      filter: {modifiedSince: $since}) { pageInfo { hasNextPage endCursor }
      nodes { id title status updatedAt } } }"""

    async def sync() -> None:
        nonlocal since
        after = None
        while True:
            page = (await gql.as_(None).data(changes, {"since": since, "after": after}))["events"]
            for node in page["nodes"]:
                if node["status"] == "DELETED":
                    mirror.pop(node["id"], None)
                else:
                    mirror[node["id"]] = {"title": node["title"], "status": node["status"]}
                since = max(since, node["updatedAt"], key=datetime.fromisoformat)
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    made: list[str] = []
    for step in range(40):
        action = rng.choice(["create", "create", "edit", "cancel", "delete"]) if made else "create"
        if action == "create":
            payload = ok(
                await admin.mutate(CREATE, {"input": event_input(cal, title=f"Träff {step}")})
            )
            made.append(payload["event"]["id"])
        else:
            target = rng.choice(made)
            if action == "edit":
                query = "mutation($id: ID!, $t: String!) { eventUpdate(input: {id: $id, title: $t}) { errors { code } } }"
                await admin.mutate(query, {"id": target, "t": f"Ändrad {step}"})
            elif action == "cancel":
                query = 'mutation($id: ID!) { eventCancel(input: {id: $id, reason: "Inställt"}) { errors { code } } }'
                await admin.mutate(query, {"id": target})
            else:
                query = "mutation($id: ID!) { eventDelete(input: {id: $id}) { deletedId errors { code } } }"
                await admin.mutate(query, {"id": target})
                made.remove(target)
        if rng.random() < 0.3:
            await sync()
    await sync()
    fresh = (await gql.as_(None).data(FIND))["events"]["nodes"]
    assert mirror == {n["id"]: {"title": n["title"], "status": n["status"]} for n in fresh}
