"""Café mutations refused: wrong ids, ids of another session, bad input, the wrong session
status. Each refusal names its code (and field), and leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.runtime import Runtime
from tests.support.cafe import CREATE, EDIT_NOTE, Cafe, make_cafe, stored_notes
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import global_id, make_person

CLOSE = "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }"
MOVE = """mutation($s: ID!, $t: ID!) { cafeParticipantMove(input: {sessionId: $s, tableId: $t}) {
  participant { id } errors { field code } } }"""
SEAT = """query($id: ID!) { cafeSession(id: $id) { viewerParticipant { table { id } } } }"""
START_ROUND = """mutation($id: ID!) { cafeRoundStart(input: {id: $id}) {
  round { id } errors { field code message } } }"""
END_ROUND = """mutation($id: ID!) { cafeRoundEnd(input: {id: $id}) {
  round { id } errors { field code message } } }"""
UPDATE = """mutation($input: CafeSessionUpdateInput!) { cafeSessionUpdate(input: $input) {
  session { title } errors { field code } } }"""
ADD_TABLE = """mutation($s: ID!, $name: String!) { cafeTableAdd(input: {sessionId: $s, name: $name}) {
  table { id } errors { field code } } }"""
ADD_FACILITATOR = """mutation($t: ID!, $email: String!) {
  cafeFacilitatorAdd(input: {tableId: $t, email: $email}) { table { id } errors { field code } } }"""
REMOVE_FACILITATOR = """mutation($t: ID!, $u: ID!) {
  cafeFacilitatorRemove(input: {tableId: $t, userId: $u}) { table { id } errors { field code } } }"""
CLUSTER = """mutation($s: ID!, $name: String!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: $name, noteIds: $ids}) {
    cluster { id } errors { field code } } }"""
RENAME = """mutation($id: ID!, $name: String!) { cafeClusterRename(input: {id: $id, name: $name}) {
  cluster { name } errors { field code } } }"""
MOVE_NOTES = """mutation($s: ID!, $ids: [ID!]!, $c: ID) {
  cafeNotesCluster(input: {sessionId: $s, noteIds: $ids, clusterId: $c}) {
    notes { id } errors { field code } } }"""
TYPING = """mutation($s: ID!, $t: ID!) { cafeTyping(input: {sessionId: $s, tableId: $t}) {
  ok errors { field code } } }"""
STATE = """query($id: ID!) { cafeSession(id: $id) {
  title status voteBudget startsAt endsAt lastSeq
  rounds { nodes { id startedAt endedAt } }
  tables { nodes { id name facilitators { nodes { displayName } } } }
  clusters { nodes { id name } }
  notes { edges { node { id text version cluster { id } } } } } }"""
NOTE = "query($id: ID!) { node(id: $id) { ... on CafeNote { text version } } }"

UNKNOWN_TABLE = global_id("CafeTable", 999999)


def errors(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


async def state(cafe: Cafe) -> dict[str, Any]:
    """Everything about the session, as its organiser reads it."""
    session: dict[str, Any] = (await cafe.as_organiser().data(STATE, {"id": cafe.session_id}))[
        "cafeSession"
    ]
    return session


async def close(cafe: Cafe) -> None:
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))


async def note_id(cafe: Cafe, text: str) -> str:
    value: str = ok(await cafe.note(cafe.as_organiser(), text))["note"]["id"]
    return value


# -- cafeParticipantMove ---------------------------------------------------------------------


@pytest.mark.parametrize("where", ["another session", "unknown"])
async def test_move_to_a_table_not_in_the_session(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime, where: str
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    table = (await make_cafe(gql, runtime)).tables[1] if where != "unknown" else UNKNOWN_TABLE
    before = await state(cafe)
    payload = await guest.mutate(MOVE, {"s": cafe.session_id, "t": table})
    assert errors(payload) == [("tableId", "NOT_FOUND")]
    assert payload["participant"] is None
    seat = await guest.data(SEAT, {"id": cafe.session_id})
    assert seat["cafeSession"]["viewerParticipant"] == {"table": {"id": cafe.tables[0]}}
    assert await state(cafe) == before


async def test_no_moving_in_a_closed_session(cafe: Cafe, gql: GraphQLClient) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    await close(cafe)
    payload = await guest.mutate(MOVE, {"s": cafe.session_id, "t": cafe.tables[1]})
    assert errors(payload) == [(None, "CONFLICT")]
    seat = await guest.data(SEAT, {"id": cafe.session_id})
    assert seat["cafeSession"]["viewerParticipant"] == {"table": {"id": cafe.tables[0]}}


# -- cafeNotesCluster ------------------------------------------------------------------------


async def test_notes_go_only_into_a_cluster_of_their_session(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    other = await make_cafe(gql, runtime)
    theirs = ok(
        await other.as_organiser().mutate(
            CLUSTER, {"s": other.session_id, "name": "Deras", "ids": [await note_id(other, "B")]}
        )
    )["cluster"]["id"]
    mine = await note_id(cafe, "A")
    before, other_before = await state(cafe), await state(other)
    for cluster in (theirs, global_id("CafeCluster", 999999)):
        payload = await cafe.as_organiser().mutate(
            MOVE_NOTES, {"s": cafe.session_id, "ids": [mine], "c": cluster}
        )
        assert errors(payload) == [("clusterId", "NOT_FOUND")]
        assert payload["notes"] is None
    assert await state(cafe) == before
    assert await state(other) == other_before


async def test_notes_of_another_session_are_not_clustered(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    other = await make_cafe(gql, runtime)
    foreign = await note_id(other, "Annan session")
    first, second = await note_id(cafe, "Ett"), await note_id(cafe, "Två")
    cluster = ok(
        await cafe.as_organiser().mutate(
            CLUSTER, {"s": cafe.session_id, "name": "Ettan", "ids": [first]}
        )
    )["cluster"]["id"]
    before, other_before = await state(cafe), await state(other)
    payload = await cafe.as_organiser().mutate(
        MOVE_NOTES, {"s": cafe.session_id, "ids": [second, foreign], "c": cluster}
    )
    assert errors(payload) == [("noteIds", "NOT_FOUND")]
    assert await state(cafe) == before  # the second note stays out of the cluster
    assert await state(other) == other_before


# -- cafeRoundStart / cafeRoundEnd -----------------------------------------------------------


async def test_rounds_neither_start_nor_end_in_a_closed_session(cafe: Cafe) -> None:
    await close(cafe)
    before = await state(cafe)
    for mutation, round_id in ((START_ROUND, cafe.rounds[1]), (END_ROUND, cafe.rounds[0])):
        payload = await cafe.as_organiser().mutate(mutation, {"id": round_id})
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(None, "CONFLICT")]
        assert "closed" in payload["errors"][0]["message"]
        assert payload["round"] is None
    assert await state(cafe) == before


@pytest.mark.parametrize("mutation", [START_ROUND, END_ROUND], ids=["start", "end"])
async def test_unknown_and_wrong_type_round_ids(cafe: Cafe, mutation: str) -> None:
    before = await state(cafe)
    for round_id in (global_id("CafeRound", 999999), cafe.tables[0], cafe.session_id, "x"):
        payload = await cafe.as_organiser().mutate(mutation, {"id": round_id})
        assert errors(payload) == [("id", "NOT_FOUND")]
    assert await state(cafe) == before


# -- cafeSessionUpdate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": ""}, "title", "REQUIRED"),
        ({"title": "   "}, "title", "REQUIRED"),
        ({"title": "x" * 201}, "title", "TOO_LONG"),
        ({"voteBudget": 21}, "voteBudget", "INVALID"),
        ({"voteBudget": -1}, "voteBudget", "INVALID"),
        ({"endsAt": "2026-11-21T15:00:00+01:00"}, "endsAt", "INVALID"),  # before startsAt
        ({"endsAt": "2026-11-21T15:30:00+01:00"}, "endsAt", "INVALID"),  # at startsAt
    ],
)
async def test_update_refuses_bad_input_and_changes_nothing(
    cafe: Cafe, change: dict[str, Any], field: str, code: str
) -> None:
    before = await state(cafe)
    payload = await cafe.as_organiser().mutate(
        UPDATE, {"input": {"id": cafe.session_id, "place": "Dunkers"} | change}
    )
    assert errors(payload) == [(field, code)]
    assert payload["session"] is None
    assert await state(cafe) == before


# -- cafeNoteEdit / cafeNoteAdd --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"), [("", "REQUIRED"), ("  \n ", "REQUIRED"), ("x" * 1001, "TOO_LONG")]
)
async def test_an_edit_to_bad_text_keeps_the_note(
    cafe: Cafe, gql: GraphQLClient, text: str, code: str
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Lokaler"))["note"]["id"]
    seq = await cafe.last_seq()
    payload = await guest.mutate(EDIT_NOTE, {"id": note, "text": text, "v": 1})
    assert errors(payload) == [("text", code)]
    assert (await guest.data(NOTE, {"id": note}))["node"] == {"text": "Lokaler", "version": 1}
    assert await cafe.last_seq() == seq


async def test_a_note_in_a_round_of_another_session_is_not_stored(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    other = await make_cafe(gql, runtime)
    cafe.rounds.append(other.rounds[0])  # started, in its own session
    seq = await cafe.last_seq()
    payload = await cafe.note(cafe.as_organiser(), "Fel omgång", round_=2)
    assert errors(payload) == [("roundId", "NOT_FOUND")]
    assert payload["note"] is None
    assert await stored_notes(runtime) == 0
    assert await cafe.last_seq() == seq


# -- cafeFacilitatorAdd / cafeFacilitatorRemove ----------------------------------------------


async def test_removing_someone_who_does_not_host_the_table(cafe: Cafe, runtime: Runtime) -> None:
    stranger = await make_person(runtime.db)
    before = await state(cafe)
    for table, user in ((cafe.tables[1], cafe.facilitator), (cafe.tables[0], stranger)):
        payload = await cafe.as_organiser().mutate(
            REMOVE_FACILITATOR, {"t": table, "u": user.global_id}
        )
        assert errors(payload) == [("userId", "NOT_FOUND")]
        assert payload["table"] is None
    assert await state(cafe) == before


async def test_no_facilitator_changes_in_a_closed_session(cafe: Cafe) -> None:
    await close(cafe)
    before = await state(cafe)
    organiser = cafe.as_organiser()
    added = await organiser.mutate(
        ADD_FACILITATOR, {"t": cafe.tables[1], "email": cafe.facilitator.email}
    )
    removed = await organiser.mutate(
        REMOVE_FACILITATOR, {"t": cafe.tables[0], "u": cafe.facilitator.global_id}
    )
    assert errors(added) == errors(removed) == [(None, "CONFLICT")]
    assert await state(cafe) == before


@pytest.mark.parametrize("table", [UNKNOWN_TABLE, "inte-ett-id"])
async def test_facilitators_of_an_unknown_table(cafe: Cafe, table: str) -> None:
    before = await state(cafe)
    organiser = cafe.as_organiser()
    added = await organiser.mutate(ADD_FACILITATOR, {"t": table, "email": cafe.facilitator.email})
    removed = await organiser.mutate(
        REMOVE_FACILITATOR, {"t": table, "u": cafe.facilitator.global_id}
    )
    assert errors(added) == errors(removed) == [("tableId", "NOT_FOUND")]
    assert await state(cafe) == before


# -- names of tables and clusters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"), [("", "REQUIRED"), (" ", "REQUIRED"), ("x" * 81, "TOO_LONG")]
)
async def test_table_names_are_checked(cafe: Cafe, name: str, code: str) -> None:
    before = await state(cafe)
    payload = await cafe.as_organiser().mutate(ADD_TABLE, {"s": cafe.session_id, "name": name})
    assert errors(payload) == [("name", code)]
    assert payload["table"] is None
    assert await state(cafe) == before


async def test_a_too_long_cluster_name_makes_no_cluster(cafe: Cafe) -> None:
    note = await note_id(cafe, "Lokaler")
    before = await state(cafe)
    payload = await cafe.as_organiser().mutate(
        CLUSTER, {"s": cafe.session_id, "name": "x" * 201, "ids": [note]}
    )
    assert errors(payload) == [("name", "TOO_LONG")]
    assert payload["cluster"] is None
    assert await state(cafe) == before


@pytest.mark.parametrize(
    ("name", "code"), [("", "REQUIRED"), ("  ", "REQUIRED"), ("x" * 201, "TOO_LONG")]
)
async def test_a_cluster_keeps_its_name_when_renamed_badly(
    cafe: Cafe, name: str, code: str
) -> None:
    note = await note_id(cafe, "Lokaler")
    cluster = ok(
        await cafe.as_organiser().mutate(
            CLUSTER, {"s": cafe.session_id, "name": "Lokaler", "ids": [note]}
        )
    )["cluster"]["id"]
    before = await state(cafe)
    payload = await cafe.as_organiser().mutate(RENAME, {"id": cluster, "name": name})
    assert errors(payload) == [("name", code)]
    assert payload["cluster"] is None
    after = await state(cafe)
    assert after["clusters"]["nodes"] == [{"id": cluster, "name": "Lokaler"}]
    assert after == before


# -- cafeTyping ------------------------------------------------------------------------------


@pytest.fixture
def typed(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """What reaches the live layer as typing."""
    calls: list[tuple[int, int, int]] = []

    async def typing(_feed: object, session_id: int, participant_id: int, table_id: int) -> None:
        calls.append((session_id, participant_id, table_id))

    monkeypatch.setattr(runtime.feeds, "typing", typing)
    return calls


@pytest.mark.parametrize("status", ["DRAFT", "CLOSED"])
async def test_no_typing_unless_the_session_is_live(
    gql: GraphQLClient, runtime: Runtime, typed: list[tuple[int, int, int]], status: str
) -> None:
    cafe = await make_cafe(gql, runtime, start=status != "DRAFT")
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    if status == "CLOSED":
        await close(cafe)
    assert (await state(cafe))["status"] == status
    payload = await guest.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[0]})
    assert payload == {"ok": False, "errors": [{"field": None, "code": "CONFLICT"}]}
    assert typed == []


async def test_no_typing_at_a_table_of_another_session(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime, typed: list[tuple[int, int, int]]
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    other = await make_cafe(gql, runtime)
    for table in (other.tables[0], UNKNOWN_TABLE):
        payload = await guest.mutate(TYPING, {"s": cafe.session_id, "t": table})
        assert payload == {"ok": False, "errors": [{"field": "tableId", "code": "NOT_FOUND"}]}
    assert typed == []
    # at the guest's own table, typing gets through
    ok(await guest.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[0]}))
    assert len(typed) == 1


# -- ids beyond what a column holds ------------------------------------------------------------

TOO_BIG = 2**31  # one more than an integer column holds: not found, on PostgreSQL too

BIG_ID_MUTATIONS: dict[str, tuple[str, Callable[[Cafe], dict[str, Any]], str]] = {
    "cafeNoteEdit": (
        'mutation($id: ID!) { cafeNoteEdit(input: {id: $id, text: "x", expectedVersion: 1}) {'
        " errors { field code } } }",
        lambda cafe: {"id": global_id("CafeNote", TOO_BIG)},
        "id",
    ),
    "cafeNoteVote": (
        "mutation($id: ID!) { cafeNoteVote(input: {noteId: $id, dots: 1}) { errors { field code } } }",
        lambda cafe: {"id": global_id("CafeNote", TOO_BIG)},
        "noteId",
    ),
    "cafeNoteAdd": (
        """mutation($s: ID!, $t: ID!, $r: ID!) { cafeNoteAdd(input: {sessionId: $s, tableId: $t,
        roundId: $r, text: "x", clientId: "c-1"}) { errors { field code } } }""",
        lambda cafe: {
            "s": cafe.session_id,
            "t": global_id("CafeTable", TOO_BIG),
            "r": cafe.rounds[0],
        },
        "tableId",
    ),
    "cafeClusterCreate": (
        """mutation($s: ID!, $id: ID!) { cafeClusterCreate(input: {sessionId: $s, name: "x",
        noteIds: [$id]}) { errors { field code } } }""",
        lambda cafe: {"s": cafe.session_id, "id": global_id("CafeNote", TOO_BIG)},
        "noteIds",
    ),
    "cafeSessionLeave": (
        "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { errors { field code } } }",
        lambda cafe: {"id": global_id("CafeSession", TOO_BIG)},
        "id",
    ),
}


@pytest.mark.parametrize("name", sorted(BIG_ID_MUTATIONS))
async def test_an_id_beyond_an_integer_column_is_not_found(cafe: Cafe, name: str) -> None:
    query, variables, field = BIG_ID_MUTATIONS[name]
    before = await state(cafe)
    payload = await cafe.as_organiser().mutate(query, variables(cafe))
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert payload["errors"][0]["field"] in (field, "id", "sessionId")
    assert await state(cafe) == before


async def test_reading_by_an_id_beyond_an_integer_column_finds_nothing(cafe: Cafe) -> None:
    client = cafe.as_organiser()
    session = global_id("CafeSession", TOO_BIG)
    assert await client.data(
        "query($id: ID!) { cafeSession(id: $id) { title } node(id: $id) { id } }", {"id": session}
    ) == {"cafeSession": None, "node": None}
    filtered = await client.data(
        "query($id: ID!, $r: ID!) { cafeSession(id: $id) { notes(roundId: $r) { totalCount } } }",
        {"id": cafe.session_id, "r": global_id("CafeRound", TOO_BIG)},
    )
    assert filtered == {"cafeSession": {"notes": {"totalCount": 0}}}


async def test_a_guest_is_told_that_a_guest_may_not_do_what_needs_an_account(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    starts = "2026-12-24T15:00:00+01:00"
    created = await guest.mutate(CREATE, {"input": {"title": "Gästens kafé", "startsAt": starts}})
    assert created == {
        "session": None,
        "errors": [
            {
                "field": None,
                "code": "UNAUTHENTICATED",
                "message": "A café guest may not do that: log in with an account.",
            }
        ],
    }
