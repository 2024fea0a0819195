"""A list of café sessions with their notes and other lists costs the same statements for 2
sessions as for 6 (the notes of every session in the list page in one statement, and so on)."""

from __future__ import annotations

from app.runtime import Runtime
from tests.support.cafe import Cafe, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person
from tests.support.statements import count_statements

SESSIONS = """query($round: ID) { cafeSessions(first: 50) { edges { node { title
  all: notes(first: 2) { totalCount edges { cursor node { text } } }
  inRound: notes(roundId: $round, first: 5) { totalCount edges { node { text } } }
  rounds(first: 5) { totalCount nodes { question } }
  tables(first: 5) { totalCount nodes { name facilitators(first: 5) { totalCount nodes { displayName } }
    participants(first: 5) { totalCount nodes { displayName } } } }
  clusters(first: 5) { totalCount nodes { name notes(first: 5) { totalCount nodes { text } } } }
  associations(first: 5) { totalCount nodes { name } }
  participants(first: 5) { totalCount nodes { displayName } } } } } }"""
CLUSTER = """mutation($s: ID!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: "Ett", noteIds: $ids}) { errors { code } } }"""


async def test_notes_of_many_sessions_cost_no_more_statements(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    coordinator = gql.as_((await make_person(runtime.db, coordinator=True)).token)
    counts = []
    cafes: list[Cafe] = []
    for wanted in (2, 6):
        while len(cafes) < wanted:
            cafe = await make_cafe(gql, runtime)
            notes = [
                ok(await cafe.note(cafe.as_organiser(), f"Anteckning {n}"))["note"]["id"]
                for n in range(3)
            ]
            ok(await cafe.as_organiser().mutate(CLUSTER, {"s": cafe.session_id, "ids": notes[:2]}))
            await cafe.join_guest("Gäst")
            cafes.append(cafe)
        with count_statements(runtime.db.engine) as log:
            data = await coordinator.data(SESSIONS, {"round": cafes[0].rounds[0]})
        nodes = [edge["node"] for edge in data["cafeSessions"]["edges"]]
        assert len(nodes) == wanted
        assert all(node["all"]["totalCount"] == 3 for node in nodes)
        assert all(len(node["all"]["edges"]) == 2 for node in nodes)
        # the round filter: only the first session has notes in that round
        assert sorted(node["inRound"]["totalCount"] for node in nodes) == [0] * (wanted - 1) + [3]
        for node in nodes:
            assert (node["rounds"]["totalCount"], node["tables"]["totalCount"]) == (2, 2)
            first_table = node["tables"]["nodes"][0]
            assert first_table["facilitators"]["nodes"] == [{"displayName": "Facilitator"}]
            assert first_table["participants"]["nodes"] == [{"displayName": "Gäst"}]
            assert node["clusters"]["nodes"][0]["notes"]["totalCount"] == 2
            assert node["participants"]["totalCount"] == 1
        counts.append(log.count)
    assert counts[0] == counts[1]
