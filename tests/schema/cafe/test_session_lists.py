"""A session's lists (rounds, tables, clusters, associations, participants, facilitators, a
cluster's notes) are connections: they page forwards with `first` and `after`, and count."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from tests.support.cafe import Cafe, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person

PAGE = """query($id: ID!, $first: Int, $after: String) { cafeSession(id: $id) {
  rounds(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { question } }
  tables(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { name } } } }"""
LIST = """query($id: ID!, $first: Int, $after: String) { cafeSession(id: $id) {
  %s(first: $first, after: $after) { totalCount } } }"""
CLUSTER = """mutation($s: ID!, $name: String!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: $name, noteIds: $ids}) { cluster { id } errors { code } } }"""
CLUSTER_NOTES = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on CafeCluster {
  notes(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { text } } } } }"""
DELETE = "mutation($id: ID!) { cafeNoteDelete(input: {id: $id}) { errors { code } } }"
LEAVE = "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { errors { code } } }"
PEOPLE = """query($id: ID!) { cafeSession(id: $id) {
  participants { totalCount nodes { displayName present } }
  tables { nodes { name participants { totalCount nodes { displayName } }
    facilitators { totalCount nodes { displayName } } } } } }"""


async def test_rounds_and_tables_page_forwards_in_their_order(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, tables=3, rounds=3)
    client = cafe.as_organiser()
    first = (await client.data(PAGE, {"id": cafe.session_id, "first": 2}))["cafeSession"]
    assert [r["question"] for r in first["rounds"]["nodes"]] == ["Fråga 1?", "Fråga 2?"]
    assert [t["name"] for t in first["tables"]["nodes"]] == ["Bord 1", "Bord 2"]
    assert first["rounds"]["totalCount"] == first["tables"]["totalCount"] == 3
    assert first["rounds"]["pageInfo"]["hasNextPage"] is True
    rest = (
        await client.data(
            PAGE,
            {"id": cafe.session_id, "first": 2, "after": first["rounds"]["pageInfo"]["endCursor"]},
        )
    )["cafeSession"]
    assert [r["question"] for r in rest["rounds"]["nodes"]] == ["Fråga 3?"]
    assert rest["rounds"]["pageInfo"]["hasNextPage"] is False
    # without `first`, a café's short lists come whole
    whole = (await client.data(PAGE, {"id": cafe.session_id}))["cafeSession"]
    assert len(whole["rounds"]["nodes"]) == len(whole["tables"]["nodes"]) == 3


@pytest.mark.parametrize(
    ("first", "after", "message"),
    [
        (-1, None, "first and last cannot be negative."),
        (101, None, "Ask for at most 100 items at a time."),
        (None, "inte-en-markör", "That cursor is not valid here."),
        (None, "WzFd", "That cursor is not valid here."),  # [1]: a cluster's cursor, not a round's
        (None, "WzIxNDc0ODM2NDgsMV0", "That cursor is not valid here."),  # [2147483648,1]
    ],
)
async def test_bad_paging_is_a_clear_error(
    gql: GraphQLClient, runtime: Runtime, first: int | None, after: str | None, message: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    answer = await cafe.as_organiser()(
        LIST % "rounds", {"id": cafe.session_id, "first": first, "after": after}
    )
    assert [e["message"] for e in answer.errors] == [message]
    assert answer.errors[0]["path"] == ["cafeSession", "rounds"]


async def test_a_clusters_notes_page_and_leave_deleted_notes_out(
    gql: GraphQLClient, cafe_with_notes: tuple[Cafe, list[str]]
) -> None:
    cafe, notes = cafe_with_notes
    client = cafe.as_organiser()
    cluster = ok(
        await client.mutate(CLUSTER, {"s": cafe.session_id, "name": "Lokaler", "ids": notes})
    )["cluster"]["id"]
    ok(await client.mutate(DELETE, {"id": notes[1]}))
    page = (await client.data(CLUSTER_NOTES, {"id": cluster, "first": 1}))["node"]["notes"]
    assert page["totalCount"] == 2
    assert page["nodes"] == [{"text": "Lokaler 0"}]
    after = page["pageInfo"]["endCursor"]
    rest = (await client.data(CLUSTER_NOTES, {"id": cluster, "after": after}))["node"]["notes"]
    assert rest["nodes"] == [{"text": "Lokaler 2"}]
    assert rest["pageInfo"]["hasNextPage"] is False


@pytest.fixture
async def cafe_with_notes(gql: GraphQLClient, runtime: Runtime) -> tuple[Cafe, list[str]]:
    cafe = await make_cafe(gql, runtime)
    notes = [
        ok(await cafe.note(cafe.as_organiser(), f"Lokaler {n}", table=n % 2))["note"]["id"]
        for n in range(3)
    ]
    return cafe, notes


async def test_a_table_lists_who_sits_there_now_and_the_session_everyone_who_joined(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    stays = await make_person(runtime.db, "Stannar")
    leaves = await make_person(runtime.db, "Går")
    await cafe.join(stays, table=0)
    await cafe.join(leaves, table=0)
    ok(await gql.as_(leaves.token).mutate(LEAVE, {"id": cafe.session_id}))
    seen = (await cafe.as_organiser().data(PEOPLE, {"id": cafe.session_id}))["cafeSession"]
    assert seen["participants"] == {
        "totalCount": 2,
        "nodes": [
            {"displayName": "Stannar", "present": True},
            {"displayName": "Går", "present": False},
        ],
    }
    first_table, second_table = seen["tables"]["nodes"]
    assert first_table["participants"] == {"totalCount": 1, "nodes": [{"displayName": "Stannar"}]}
    assert first_table["facilitators"] == {
        "totalCount": 1,
        "nodes": [{"displayName": "Facilitator"}],
    }
    assert second_table["participants"] == {"totalCount": 0, "nodes": []}
    assert second_table["facilitators"] == {"totalCount": 0, "nodes": []}
