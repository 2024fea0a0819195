"""Joining a café with the join code, with an account or as a guest; moving and leaving."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.cafe.settings import CafeSettings
from db.models import CafeParticipant
from tests.conftest import settings_for
from tests.support.cafe import JOIN, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok, send_escaped
from tests.support.people import make_person
from tests.support.servers import serving

ME = "query($id: ID!) { cafeSession(id: $id) { viewerRole viewerParticipant { displayName guest table { name } } } }"
LEAVE = "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { participant { present } errors { code } } }"
LISTED = "{ cafeSessions { totalCount edges { node { notes { totalCount } } } } }"
MOVE = "mutation($s: ID!, $t: ID!) { cafeParticipantMove(input: {sessionId: $s, tableId: $t}) { participant { table { name } } errors { code } } }"


async def test_a_guest_joins_with_the_code_and_gets_a_token(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    payload = ok(
        await gql.mutate(
            JOIN, {"code": cafe.join_code.lower(), "name": "Gäst Gästsson", "table": cafe.tables[1]}
        )
    )
    assert payload["participant"]["displayName"] == "Gäst Gästsson"
    guest = gql.as_(payload["token"])
    me = (await guest.data(ME, {"id": cafe.session_id}))["cafeSession"]
    assert me == {
        "viewerRole": "PARTICIPANT",
        "viewerParticipant": {
            "displayName": "Gäst Gästsson",
            "guest": True,
            "table": {"name": "Bord 2"},
        },
    }
    # a guest is not logged in: no account data, and no other sessions
    assert (await guest.data("{ viewer { id } }")) == {"viewer": None}
    other = await make_cafe(gql, runtime)
    assert codes(await guest.mutate(JOIN, {"code": other.join_code, "name": "Gäst"})) == [
        "FORBIDDEN"
    ]


async def test_an_account_joins_under_its_own_name(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    person = await make_person(runtime.db, "Anna Andersson")
    payload = ok(await gql.as_(person.token).mutate(JOIN, {"code": cafe.join_code}))
    assert payload["token"] is None
    assert payload["participant"]["displayName"] == "Anna Andersson"
    # joining again is the same participant
    again = ok(await gql.as_(person.token).mutate(JOIN, {"code": cafe.join_code}))
    assert again["participant"]["id"] == payload["participant"]["id"]


async def test_a_guest_needs_a_name(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    payload = await gql.mutate(JOIN, {"code": cafe.join_code, "name": "  "})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("displayName", "REQUIRED")]
    too_long = await gql.mutate(JOIN, {"code": cafe.join_code, "name": "x" * 81})
    assert codes(too_long) == ["TOO_LONG"]


async def test_wrong_codes_are_limited_per_address(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    # a room sharing one address has room for many typos: more than a login allows
    limit = runtime.settings.cafe.join_max_wrong_codes_per_address
    assert limit > 5 * runtime.settings.accounts.login_max_failures_per_address
    for _ in range(limit):
        payload = await gql.mutate(JOIN, {"code": "WRONGCODE", "name": "Gäst"})
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("joinCode", "NOT_FOUND")]
    assert codes(await gql.mutate(JOIN, {"code": cafe.join_code, "name": "Gäst"})) == [
        "RATE_LIMITED"
    ]


SIGN_UP = """mutation { signUp(input: {email: "gast@example.se", password: "ett långt lösenord",
  displayName: "Gäst"}) { errors { code } } }"""
LOG_IN = """mutation { logIn(input: {email: "gast@example.se", password: "ett långt lösenord"}) {
  token errors { code } } }"""


async def test_wrong_codes_do_not_count_against_logging_in_from_the_address(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    ok(await gql.mutate(SIGN_UP, {}))
    for _ in range(runtime.settings.accounts.login_max_failures_per_address):
        assert codes(await gql.mutate(JOIN, {"code": "WRONGCODE", "name": "Gäst"})) == ["NOT_FOUND"]
    # the room's typos lock no one at the venue out of their account
    assert ok(await gql.mutate(LOG_IN, {}))["token"]


@pytest.mark.parametrize("suffix", ["\x00", "\ud800"])
async def test_a_code_no_session_can_have_is_a_wrong_code(
    gql: GraphQLClient, runtime: Runtime, suffix: str
) -> None:
    # PostgreSQL cannot compare text with NUL, and no database takes a lone surrogate
    cafe = await make_cafe(gql, runtime)
    for code in (cafe.join_code + suffix, suffix):
        answer = await send_escaped(gql, JOIN, {"code": code, "name": "Gäst"})
        payload = answer.data["cafeSessionJoin"]
        assert payload["participant"] is None
        assert payload["token"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("joinCode", "NOT_FOUND")]
    async with runtime.db.read() as session:
        joined = await session.scalar(select(func.count()).select_from(CafeParticipant))
    assert joined == 0


async def test_a_closed_session_cannot_be_joined(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    ok(
        await cafe.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": cafe.session_id},
        )
    )
    assert codes(await gql.mutate(JOIN, {"code": cafe.join_code, "name": "Sen"})) == ["CONFLICT"]


async def test_a_table_of_another_session_is_not_found(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe, other = await make_cafe(gql, runtime), await make_cafe(gql, runtime)
    payload = await gql.mutate(
        JOIN, {"code": cafe.join_code, "name": "Gäst", "table": other.tables[0]}
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("tableId", "NOT_FOUND")]


async def test_move_and_leave(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    moved = ok(await guest.mutate(MOVE, {"s": cafe.session_id, "t": cafe.tables[1]}))
    assert moved["participant"]["table"] == {"name": "Bord 2"}
    left = ok(await guest.mutate(LEAVE, {"id": cafe.session_id}))
    assert left["participant"]["present"] is False
    # gone from the room: the private session is closed to them, by id and in lists
    assert (await guest.data(ME, {"id": cafe.session_id})) == {"cafeSession": None}
    assert (await guest.data(LISTED)) == {"cafeSessions": {"totalCount": 0, "edges": []}}
    assert codes(await guest.mutate(LEAVE, {"id": cafe.session_id})) == ["NOT_FOUND"]
    # the join code lets them back in, with the same token
    ok(await guest.mutate(JOIN, {"code": cafe.join_code}))
    assert (await guest.data(LISTED))["cafeSessions"]["totalCount"] == 1
    assert (await guest.data(ME, {"id": cafe.session_id}))["cafeSession"][
        "viewerRole"
    ] == "PARTICIPANT"


async def test_an_account_that_left_no_longer_lists_the_private_session(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    person = await make_person(runtime.db, "Deltagare")
    await cafe.join(person)
    client = gql.as_(person.token)
    assert (await client.data(LISTED))["cafeSessions"]["totalCount"] == 1
    ok(await client.mutate(LEAVE, {"id": cafe.session_id}))
    assert (await client.data(LISTED)) == {"cafeSessions": {"totalCount": 0, "edges": []}}


async def test_a_full_session_lets_no_one_more_in_but_lets_people_back(
    database_url: str, runtime: Runtime
) -> None:
    async with serving(settings_for(database_url, cafe=CafeSettings(max_participants=2))) as app:
        cafe = await make_cafe(app.gql, app.runtime)
        first = app.gql.as_(await cafe.join_guest("Första"))
        await cafe.join_guest("Andra")
        full = await app.gql.mutate(JOIN, {"code": cafe.join_code, "name": "Tredje"})
        assert codes(full) == ["CONFLICT"]
        assert full["errors"][0]["message"] == "The session is full (2 people)."
        person = await make_person(runtime.db)
        with_account = await app.gql.as_(person.token).mutate(JOIN, {"code": cafe.join_code})
        assert codes(with_account) == ["CONFLICT"]
        listed = await cafe.as_organiser().data(
            "query($id: ID!) { cafeSession(id: $id) { participants { totalCount } } }",
            {"id": cafe.session_id},
        )
        assert listed["cafeSession"]["participants"]["totalCount"] == 2
        # someone who left and comes back is no one new
        ok(await first.mutate(LEAVE, {"id": cafe.session_id}))
        ok(await first.mutate(JOIN, {"code": cafe.join_code}))
