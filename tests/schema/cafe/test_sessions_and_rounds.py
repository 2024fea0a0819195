"""Planning and running a café: sessions, rounds with a server-kept timebox, tables."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from app.clock import now
from app.runtime import Runtime
from app.services.cafe.rounds import end_expired_rounds
from app.services.outbox import Message
from tests.support.cafe import ADD_ROUND, ADD_TABLE, CREATE, START_ROUND, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

SESSION = """query($id: ID!) { cafeSession(id: $id) {
  title status isPublic voteBudget lastSeq viewerRole viewerCanControl joinCode
  rounds { position question principle running startedAt endsAt endedAt remainingSeconds }
  currentRound { position } tables { name facilitators { displayName } } } }"""
CLOSE = "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { session { status } errors { code } } }"
END_ROUND = (
    "mutation($id: ID!) { cafeRoundEnd(input: {id: $id}) { round { endedAt } errors { code } } }"
)
UPDATE = """mutation($input: CafeSessionUpdateInput!) { cafeSessionUpdate(input: $input) {
  session { title place voteBudget isPublic } errors { field code } } }"""


def session_input(**overrides: Any) -> dict[str, Any]:
    return {"input": {"title": "Dialogmöte", "startsAt": "2026-11-21T15:30:00+01:00"} | overrides}


async def test_any_logged_in_user_creates_a_session_and_organises_it(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db)
    created = ok(await gql.as_(person.token).mutate(CREATE, session_input(place="Rådhuset")))
    session = await gql.as_(person.token).data(SESSION, {"id": created["session"]["id"]})
    assert session["cafeSession"] | {"joinCode": None} == {
        "title": "Dialogmöte",
        "status": "DRAFT",
        "isPublic": False,
        "voteBudget": 3,
        "lastSeq": 0,
        "viewerRole": "ORGANISER",
        "viewerCanControl": True,
        "joinCode": None,
        "rounds": [],
        "currentRound": None,
        "tables": [],
    }
    assert len(session["cafeSession"]["joinCode"]) == 8


async def test_anonymous_cannot_create(gql: GraphQLClient) -> None:
    assert codes(await gql.mutate(CREATE, session_input())) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": ""}, "title", "REQUIRED"),
        ({"title": "x" * 201}, "title", "TOO_LONG"),
        ({"voteBudget": 21}, "voteBudget", "INVALID"),
        ({"voteBudget": -1}, "voteBudget", "INVALID"),
        ({"endsAt": "2026-11-21T15:00:00+01:00"}, "endsAt", "INVALID"),
        ({"place": "x" * 201}, "place", "TOO_LONG"),
        ({"associationIds": ["QXNzb2NpYXRpb246OTk5OQ=="]}, "associationIds", "NOT_FOUND"),
        ({"associationIds": ["inte-ett-id"]}, "associationIds", "NOT_FOUND"),
    ],
)
async def test_create_rejects_bad_input(
    gql: GraphQLClient, runtime: Runtime, overrides: dict[str, Any], field: str, code: str
) -> None:
    person = await make_person(runtime.db)
    payload = await gql.as_(person.token).mutate(CREATE, session_input(**overrides))
    assert payload["session"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert (await gql.as_(person.token).data("{ cafeSessions { totalCount } }"))["cafeSessions"][
        "totalCount"
    ] == 0


async def test_times_without_offset_are_helsingborg_time(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db)
    created = ok(
        await gql.as_(person.token).mutate(CREATE, session_input(startsAt="2026-06-01T10:00:00"))
    )
    data = await gql.as_(person.token).data(
        "query($id: ID!) { cafeSession(id: $id) { startsAt } }", {"id": created["session"]["id"]}
    )
    assert data["cafeSession"]["startsAt"] == "2026-06-01T10:00:00+02:00"


async def test_starting_the_first_round_makes_a_draft_session_live(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, start=False, timebox=600)
    client = cafe.as_organiser()
    before = now()
    started = ok(await client.mutate(START_ROUND, {"id": cafe.rounds[0]}))["round"]
    ends_at = datetime.fromisoformat(started["endsAt"])
    assert timedelta(seconds=599) <= ends_at - before <= timedelta(seconds=602)
    session = (await client.data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["status"] == "LIVE"
    assert session["currentRound"] == {"position": 1}
    assert 590 <= session["rounds"][0]["remainingSeconds"] <= 600
    # starting the next round ends the first
    ok(await client.mutate(START_ROUND, {"id": cafe.rounds[1]}))
    rounds = (await client.data(SESSION, {"id": cafe.session_id}))["cafeSession"]["rounds"]
    assert [r["running"] for r in rounds] == [False, True]
    assert rounds[0]["endedAt"] is not None


async def test_a_round_runs_once(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    client = cafe.as_organiser()
    assert codes(await client.mutate(START_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]
    ok(await client.mutate(END_ROUND, {"id": cafe.rounds[0]}))
    assert codes(await client.mutate(END_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]
    assert codes(await client.mutate(START_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]


async def test_the_timekeeper_ends_rounds_when_time_is_up(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe = await make_cafe(gql, runtime, timebox=30)
    published: list[Message] = []

    async def publish(messages: list[Message]) -> None:
        published.extend(messages)

    assert await end_expired_rounds(runtime.db, publish) == 0
    import app.services.cafe.rounds as rounds_module

    later = now() + timedelta(seconds=31)
    monkeypatch.setattr(rounds_module, "now", lambda: later)
    assert await end_expired_rounds(runtime.db, publish) == 1
    assert await end_expired_rounds(runtime.db, publish) == 0  # only once
    assert len(published) == 1
    session = (await cafe.as_organiser().data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["currentRound"] is None
    assert session["rounds"][0]["endedAt"] is not None


async def test_two_timekeepers_end_a_round_once(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_cafe(gql, runtime, timebox=30)
    import app.services.cafe.rounds as rounds_module

    later = now() + timedelta(seconds=31)
    monkeypatch.setattr(rounds_module, "now", lambda: later)

    async def publish(_messages: list[Message]) -> None:
        return None

    ended = await asyncio.gather(
        end_expired_rounds(runtime.db, publish), end_expired_rounds(runtime.db, publish)
    )
    assert sorted(ended) == [0, 1]


async def test_close_ends_the_round_and_freezes_the_session(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    client = cafe.as_organiser()
    assert ok(await client.mutate(CLOSE, {"id": cafe.session_id}))["session"]["status"] == "CLOSED"
    assert codes(await client.mutate(CLOSE, {"id": cafe.session_id})) == ["CONFLICT"]
    assert codes(await client.mutate(ADD_TABLE, {"s": cafe.session_id, "name": "Nytt bord"})) == [
        "CONFLICT"
    ]
    assert codes(await client.mutate(ADD_ROUND, {"s": cafe.session_id, "q": "Mer?"})) == [
        "CONFLICT"
    ]
    session = (await client.data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["currentRound"] is None


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"q": ""}, "REQUIRED"),
        ({"q": "x" * 501}, "TOO_LONG"),
        ({"q": "Ok?", "t": 5}, "INVALID"),
        ({"q": "Ok?", "t": 999999}, "INVALID"),
    ],
)
async def test_round_input_is_checked(
    gql: GraphQLClient, runtime: Runtime, variables: dict[str, Any], code: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    assert codes(
        await cafe.as_organiser().mutate(ADD_ROUND, {"s": cafe.session_id} | variables)
    ) == [code]


async def test_table_names_are_unique_in_a_session(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    assert codes(
        await cafe.as_organiser().mutate(ADD_TABLE, {"s": cafe.session_id, "name": "Bord 1"})
    ) == ["DUPLICATE"]


async def test_facilitators_are_named_by_email(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    tables = (await cafe.as_organiser().data(SESSION, {"id": cafe.session_id}))["cafeSession"][
        "tables"
    ]
    assert tables[0]["facilitators"] == [{"displayName": "Facilitator"}]
    payload = await cafe.as_organiser().mutate(
        'mutation($t: ID!) { cafeFacilitatorAdd(input: {tableId: $t, email: "nobody@x.se"}) { errors { field code } } }',
        {"t": cafe.tables[1]},
    )
    assert payload["errors"] == [{"field": "email", "code": "NOT_FOUND"}]


async def test_only_the_organiser_and_coordinator_run_the_session(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, start=False)
    stranger = await make_person(runtime.db)
    for client, expected in (
        (gql, "UNAUTHENTICATED"),
        (gql.as_(stranger.token), "NOT_FOUND"),
        (cafe.as_facilitator(), "FORBIDDEN"),
    ):
        assert codes(await client.mutate(START_ROUND, {"id": cafe.rounds[0]})) == [expected]
        assert codes(await client.mutate(ADD_TABLE, {"s": cafe.session_id, "name": "X"})) == [
            expected
        ]
    coordinator = await make_person(runtime.db, coordinator=True)
    ok(await gql.as_(coordinator.token).mutate(START_ROUND, {"id": cafe.rounds[0]}))


async def test_update_changes_only_what_is_given(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    payload = ok(
        await cafe.as_organiser().mutate(
            UPDATE,
            {"input": {"id": cafe.session_id, "place": "Dunkers kulturhus", "voteBudget": 5}},
        )
    )
    assert payload["session"] == {
        "title": "Dialogmöte",
        "place": "Dunkers kulturhus",
        "voteBudget": 5,
        "isPublic": False,
    }
    refused = await cafe.as_facilitator().mutate(
        UPDATE, {"input": {"id": cafe.session_id, "title": "Kapad"}}
    )
    assert codes(refused) == ["FORBIDDEN"]


async def test_the_organiser_and_the_associations_taking_part(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    person = await make_person(runtime.db, "Organisatören")
    first = global_id("Association", await make_association(runtime.db, "Första föreningen"))
    second = global_id("Association", await make_association(runtime.db, "Andra föreningen"))
    client = gql.as_(person.token)
    created = ok(await client.mutate(CREATE, session_input(associationIds=[first])))
    session_id = created["session"]["id"]
    query = "query($id: ID!) { cafeSession(id: $id) { organiser { displayName } associations { name } } }"
    assert (await client.data(query, {"id": session_id}))["cafeSession"] == {
        "organiser": {"displayName": "Organisatören"},
        "associations": [{"name": "Första föreningen"}],
    }
    change = {"id": session_id, "associationIds": [second, first]}
    ok(await client.mutate(UPDATE, {"input": change}))
    names = (await client.data(query, {"id": session_id}))["cafeSession"]["associations"]
    assert sorted(a["name"] for a in names) == ["Andra föreningen", "Första föreningen"]
    unknown = {"id": session_id, "associationIds": [first, "QXNzb2NpYXRpb246OTk5OQ=="]}
    wrong = await client.mutate(UPDATE, {"input": unknown})
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("associationIds", "NOT_FOUND")]
    names = (await client.data(query, {"id": session_id}))["cafeSession"]["associations"]
    assert len(names) == 2  # unchanged
