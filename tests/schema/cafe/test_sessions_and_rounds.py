"""Planning and running a café: sessions, rounds with a server-kept timebox, tables."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.cafe.rounds import end_expired_rounds
from app.services.clock import now
from app.services.outbox import Message
from app.services.unit_of_work import UnitOfWork
from tests.support.cafe import ADD_ROUND, ADD_TABLE, CREATE, START_ROUND, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

SESSION = """query($id: ID!) { cafeSession(id: $id) {
  title status isPublic voteBudget lastSeq viewerRole viewerCanControl joinCode
  rounds { nodes { position question principle running startedAt endsAt endedAt remainingSeconds } }
  currentRound { position } tables { nodes { name facilitators { nodes { displayName } } } } } }"""
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
        "rounds": {"nodes": []},
        "currentRound": None,
        "tables": {"nodes": []},
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
    before = now() - timedelta(seconds=1)  # however precisely times are stored
    started = ok(await client.mutate(START_ROUND, {"id": cafe.rounds[0]}))["round"]
    ends_at = datetime.fromisoformat(started["endsAt"])
    assert timedelta(seconds=599) <= ends_at - before <= timedelta(seconds=602)
    session = (await client.data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["status"] == "LIVE"
    assert session["currentRound"] == {"position": 1}
    assert 590 <= session["rounds"]["nodes"][0]["remainingSeconds"] <= 600
    # starting the next round ends the first
    ok(await client.mutate(START_ROUND, {"id": cafe.rounds[1]}))
    session = (await client.data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    rounds = session["rounds"]["nodes"]
    assert [r["running"] for r in rounds] == [False, True]
    assert rounds[0]["endedAt"] is not None


async def test_a_round_runs_once(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    client = cafe.as_organiser()
    assert codes(await client.mutate(START_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]
    ok(await client.mutate(END_ROUND, {"id": cafe.rounds[0]}))
    assert codes(await client.mutate(END_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]
    assert codes(await client.mutate(START_ROUND, {"id": cafe.rounds[0]})) == ["CONFLICT"]


class Recorded:
    """A publisher that keeps what it is given."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages

    async def publish_many(self, messages: Iterable[Message]) -> None:
        self.messages.extend(messages)


async def test_the_timekeeper_ends_rounds_when_time_is_up(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe = await make_cafe(gql, runtime, timebox=30)
    published: list[Message] = []
    writes = UnitOfWork(runtime.db, Recorded(published))
    assert await end_expired_rounds(writes) == 0
    import app.services.cafe.rounds as rounds_module

    later = now() + timedelta(seconds=31)
    monkeypatch.setattr(rounds_module, "now", lambda: later)
    assert await end_expired_rounds(writes) == 1
    assert await end_expired_rounds(writes) == 0  # only once
    assert len(published) == 1
    session = (await cafe.as_organiser().data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["currentRound"] is None
    assert session["rounds"]["nodes"][0]["endedAt"] is not None


async def test_two_timekeepers_end_a_round_once(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_cafe(gql, runtime, timebox=30)
    import app.services.cafe.rounds as rounds_module

    later = now() + timedelta(seconds=31)
    monkeypatch.setattr(rounds_module, "now", lambda: later)

    writes = UnitOfWork(runtime.db, Recorded([]))
    ended = await asyncio.gather(end_expired_rounds(writes), end_expired_rounds(writes))
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
    session = (await cafe.as_organiser().data(SESSION, {"id": cafe.session_id}))["cafeSession"]
    assert session["tables"]["nodes"][0]["facilitators"]["nodes"] == [
        {"displayName": "Facilitator"}
    ]
    payload = await cafe.as_organiser().mutate(
        NAME_BY_EMAIL, {"t": cafe.tables[1], "e": "nobody@x.se"}
    )
    assert payload["errors"] == [{"field": "email", "code": "NOT_FOUND"}]


NAME_BY_EMAIL = """mutation($t: ID!, $e: String!) {
  cafeFacilitatorAdd(input: {tableId: $t, email: $e}) { table { name } errors { field code } } }"""


async def test_naming_facilitators_is_no_way_to_find_out_who_has_an_account(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = cafe.as_organiser()
    limit = runtime.settings.accounts.login_max_failures_per_account_and_address
    for n in range(limit):
        unknown = await organiser.mutate(NAME_BY_EMAIL, {"t": cafe.tables[1], "e": f"x{n}@x.se"})
        assert unknown["errors"] == [{"field": "email", "code": "NOT_FOUND"}]
    # then even an email that has an account gets no answer about it
    real = await make_person(runtime.db, "Finns")
    limited = await organiser.mutate(NAME_BY_EMAIL, {"t": cafe.tables[1], "e": real.email})
    assert limited["errors"] == [{"field": None, "code": "RATE_LIMITED"}]
    assert limited["table"] is None
    # the limit is the organiser's own: another organiser names facilitators as usual
    other = await make_cafe(gql, runtime)
    named = await other.as_organiser().mutate(
        NAME_BY_EMAIL, {"t": other.tables[1], "e": real.email}
    )
    assert ok(named)["table"]["name"] == "Bord 2"


@pytest.mark.parametrize("email", ["ingen\x00@x.se", "NUL\x00"])
async def test_an_email_no_account_can_have_is_an_unknown_email(
    gql: GraphQLClient, runtime: Runtime, email: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    named = await cafe.as_organiser().mutate(NAME_BY_EMAIL, {"t": cafe.tables[1], "e": email})
    assert named["errors"] == [{"field": "email", "code": "NOT_FOUND"}]


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
    query = "query($id: ID!) { cafeSession(id: $id) { organiser { displayName } associations { nodes { name } } } }"
    assert (await client.data(query, {"id": session_id}))["cafeSession"] == {
        "organiser": {"displayName": "Organisatören"},
        "associations": {"nodes": [{"name": "Första föreningen"}]},
    }
    change = {"id": session_id, "associationIds": [second, first]}
    ok(await client.mutate(UPDATE, {"input": change}))
    names = (await client.data(query, {"id": session_id}))["cafeSession"]["associations"]["nodes"]
    assert sorted(a["name"] for a in names) == ["Andra föreningen", "Första föreningen"]
    unknown = {"id": session_id, "associationIds": [first, "QXNzb2NpYXRpb246OTk5OQ=="]}
    wrong = await client.mutate(UPDATE, {"input": unknown})
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("associationIds", "NOT_FOUND")]
    names = (await client.data(query, {"id": session_id}))["cafeSession"]["associations"]["nodes"]
    assert len(names) == 2  # unchanged


ANONYMITY = """mutation($id: ID!, $anonymous: Boolean!) {
  cafeSessionUpdate(input: {id: $id, anonymousNotes: $anonymous}) {
    session { anonymousNotes } errors { field code message } } }"""
AUTHORS = """query($id: ID!) { cafeSession(id: $id) {
  notes { edges { node { author { displayName } } } } } }"""


async def test_notes_written_anonymously_stay_anonymous(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    organiser_cafe = await make_cafe(gql, runtime, anonymous=True)
    organiser = organiser_cafe.as_organiser()
    session = {"id": organiser_cafe.session_id}
    # before anything is written, the setting may go either way
    assert ok(await organiser.mutate(ANONYMITY, session | {"anonymous": False}))["session"] == {
        "anonymousNotes": False
    }
    ok(await organiser.mutate(ANONYMITY, session | {"anonymous": True}))
    guest = gql.as_(await organiser_cafe.join_guest("Gäst"))
    ok(await organiser_cafe.note(guest, "Skrivet i förtroende"))
    refused = await organiser.mutate(ANONYMITY, session | {"anonymous": False})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("anonymousNotes", "CONFLICT")]
    assert refused["session"] is None
    notes = (await organiser.data(AUTHORS, session))["cafeSession"]["notes"]["edges"]
    assert notes == [{"node": {"author": None}}]
    # and a session may always become anonymous, notes or not
    open_cafe = await make_cafe(gql, runtime)
    ok(await open_cafe.note(open_cafe.as_organiser(), "Med namn"))
    made_anonymous = await open_cafe.as_organiser().mutate(
        ANONYMITY, {"id": open_cafe.session_id, "anonymous": True}
    )
    assert ok(made_anonymous)["session"] == {"anonymousNotes": True}


async def test_readers_outside_a_public_session_see_no_organiser_or_facilitators(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, public=True)
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    query = """query($id: ID!) { cafeSession(id: $id) {
      title organiser { displayName } tables { nodes { name facilitators { nodes { displayName } } } } } }"""
    stranger = await make_person(runtime.db, "Utomstående")
    for client in (gql, gql.as_(stranger.token)):
        seen = (await client.data(query, {"id": cafe.session_id}))["cafeSession"]
        assert seen["organiser"] is None
        assert [table["facilitators"] for table in seen["tables"]["nodes"]] == [None, None]
    inside = (await cafe.as_organiser().data(query, {"id": cafe.session_id}))["cafeSession"]
    assert inside["organiser"] == {"displayName": "Organisatör"}
    facilitators = inside["tables"]["nodes"][0]["facilitators"]["nodes"]
    assert facilitators == [{"displayName": "Facilitator"}]


@pytest.mark.parametrize(
    "starts_at", ["9999-12-31T23:30:00Z", "0001-01-01T00:00:00+05:00", "2026-13-01T10:00:00"]
)
async def test_times_out_of_range_are_refused_and_nothing_is_stored(
    gql: GraphQLClient, runtime: Runtime, starts_at: str
) -> None:
    person = await make_person(runtime.db)
    client = gql.as_(person.token)
    answer = await client(CREATE, session_input(startsAt=starts_at))
    assert answer.status == 400
    assert answer.errors[0]["message"].startswith(
        "Variable '$input' has invalid value at .startsAt"
    )
    inline = f'mutation {{ cafeSessionCreate(input: {{title: "X", startsAt: "{starts_at}"}}) {{ errors {{ code }} }} }}'
    assert (await client(inline)).status == 400
    listed = await client.data("{ cafeSessions { totalCount } }")
    assert listed == {"cafeSessions": {"totalCount": 0}}


@pytest.mark.parametrize(
    "time",
    ["2026-11-21T15:30:00", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"],
)
async def test_a_cursor_with_an_impossible_time_is_a_clear_error(
    gql: GraphQLClient, runtime: Runtime, time: str
) -> None:
    await make_cafe(gql, runtime, public=True)
    cursor = base64.urlsafe_b64encode(json.dumps([{"t": time}, 1]).encode()).decode()
    answer = await gql(
        "query($after: String) { cafeSessions(after: $after) { totalCount } }", {"after": cursor}
    )
    assert answer.status == 200
    assert "cursor" in answer.errors[0]["message"]
    assert answer.errors[0]["extensions"] == {"code": "BAD_USER_INPUT"}


TIMES = "query($id: ID!) { cafeSession(id: $id) { status startsAt endsAt } }"


async def test_a_session_called_off_before_it_starts_keeps_its_times_and_can_be_changed(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    organiser = gql.as_((await make_person(runtime.db)).token)
    starts = (now() + timedelta(days=7)).replace(microsecond=0)
    values = {"title": "Inställt möte", "startsAt": starts.isoformat()}
    created = ok(await organiser.mutate(CREATE, {"input": values}))["session"]
    ok(await organiser.mutate(CLOSE, {"id": created["id"]}))
    session = (await organiser.data(TIMES, {"id": created["id"]}))["cafeSession"]
    assert (session["status"], session["endsAt"]) == ("CLOSED", None)
    assert datetime.fromisoformat(session["startsAt"]) == starts
    # closed, it may still be made public, and times stay checked when they change
    changed = ok(await organiser.mutate(UPDATE, {"input": {"id": created["id"], "isPublic": True}}))
    assert changed["session"]["isPublic"] is True
    early = (starts - timedelta(hours=1)).isoformat()
    refused = await organiser.mutate(UPDATE, {"input": {"id": created["id"], "endsAt": early}})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("endsAt", "INVALID")]


async def test_a_session_closed_while_it_runs_ends_then(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    before = now() - timedelta(seconds=1)  # however precisely times are stored
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    session = (await cafe.as_organiser().data(TIMES, {"id": cafe.session_id}))["cafeSession"]
    assert before <= datetime.fromisoformat(session["endsAt"]) <= now()


async def test_a_session_begun_early_starts_then_and_ends_when_closed(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    organiser = gql.as_((await make_person(runtime.db)).token)
    planned = (now() + timedelta(days=7)).replace(microsecond=0)
    values = {"title": "Tidigt möte", "startsAt": planned.isoformat()}
    created = ok(await organiser.mutate(CREATE, {"input": values}))["session"]
    round_id = ok(await organiser.mutate(ADD_ROUND, {"s": created["id"], "q": "Fråga?"}))
    before = now() - timedelta(seconds=1)
    ok(await organiser.mutate(START_ROUND, {"id": round_id["round"]["id"]}))
    ok(await organiser.mutate(CLOSE, {"id": created["id"]}))
    session = (await organiser.data(TIMES, {"id": created["id"]}))["cafeSession"]
    starts, ends = (datetime.fromisoformat(session[k]) for k in ("startsAt", "endsAt"))
    assert before <= starts <= ends <= now()
    changed = ok(await organiser.mutate(UPDATE, {"input": {"id": created["id"], "isPublic": True}}))
    assert changed["session"]["isPublic"] is True
