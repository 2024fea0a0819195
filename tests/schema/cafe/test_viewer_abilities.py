"""What the viewer may do in a café, as the API tells it, so clients need not know the rules:
write and vote per table, cluster, and the dots left."""

from __future__ import annotations

from typing import Any

from app.runtime import Runtime
from tests.support.cafe import Cafe, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person

ABILITIES = """query($id: ID!) { cafeSession(id: $id) {
  viewerCanCluster viewerDotsLeft tables { nodes { name viewerCanWrite viewerCanVote } } } }"""
CLOSE = "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }"
VOTE = """mutation($id: ID!, $dots: Int!) {
  cafeNoteVote(input: {noteId: $id, dots: $dots}) { errors { code } } }"""
DELETE = "mutation($id: ID!) { cafeNoteDelete(input: {id: $id}) { errors { code } } }"


async def abilities(client: GraphQLClient, cafe: Cafe) -> dict[str, Any] | None:
    session: dict[str, Any] | None = (await client.data(ABILITIES, {"id": cafe.session_id}))[
        "cafeSession"
    ]
    return session


def per_table(session: dict[str, Any]) -> list[tuple[bool, bool]]:
    return [(t["viewerCanWrite"], t["viewerCanVote"]) for t in session["tables"]["nodes"]]


async def test_each_role_is_told_what_it_may_do_while_the_session_is_live(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)  # the facilitator hosts the first table
    guest = gql.as_(await cafe.join_guest("Gäst", table=1))
    stranger = gql.as_((await make_person(runtime.db)).token)
    organiser = await abilities(cafe.as_organiser(), cafe)
    assert organiser is not None
    assert (organiser["viewerCanCluster"], organiser["viewerDotsLeft"]) == (True, None)
    assert per_table(organiser) == [(True, False), (True, False)]
    facilitator = await abilities(cafe.as_facilitator(), cafe)
    assert facilitator is not None
    assert (facilitator["viewerCanCluster"], facilitator["viewerDotsLeft"]) == (True, None)
    assert per_table(facilitator) == [(True, False), (False, False)]
    seated = await abilities(guest, cafe)
    assert seated is not None
    assert (seated["viewerCanCluster"], seated["viewerDotsLeft"]) == (False, 3)
    assert per_table(seated) == [(False, False), (True, True)]
    assert await abilities(stranger, cafe) is None


async def test_dots_left_follow_votes_and_deleted_notes(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    notes = [ok(await cafe.note(cafe.as_facilitator(), t))["note"]["id"] for t in ("Ett", "Två")]
    ok(await guest.mutate(VOTE, {"id": notes[0], "dots": 2}))
    ok(await guest.mutate(VOTE, {"id": notes[1], "dots": 1}))
    assert (await abilities(guest, cafe) or {})["viewerDotsLeft"] == 0
    ok(await cafe.as_facilitator().mutate(DELETE, {"id": notes[0]}))
    assert (await abilities(guest, cafe) or {})["viewerDotsLeft"] == 2


async def test_closed_no_one_writes_or_votes_and_hosts_may_still_cluster(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    for client, clusters in ((cafe.as_organiser(), True), (cafe.as_facilitator(), True)):
        session = await abilities(client, cafe)
        assert session is not None
        assert session["viewerCanCluster"] is clusters
        assert per_table(session) == [(False, False), (False, False)]
    # the guest keeps their seat, but nothing more can be added
    seated = await abilities(guest, cafe)
    assert seated is not None
    assert (seated["viewerCanCluster"], per_table(seated)) == (
        False,
        [(False, False), (False, False)],
    )


async def test_in_a_draft_nothing_is_written_yet(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime, start=False)
    session = await abilities(cafe.as_organiser(), cafe)
    assert session is not None
    assert session["viewerCanCluster"] is False
    assert per_table(session) == [(False, False), (False, False)]


async def test_a_host_seated_to_write_does_not_vote_until_they_join(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)
    facilitator = cafe.as_facilitator()
    note = ok(await cafe.note(facilitator, "Skrivet av värden"))["note"]["id"]
    seated = await abilities(facilitator, cafe)
    assert seated is not None
    assert (seated["viewerDotsLeft"], per_table(seated)[0]) == (None, (True, False))
    refused = await facilitator.mutate(VOTE, {"id": note, "dots": 1})
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    # joining with the code, they take part like anyone at the table
    await cafe.join(cafe.facilitator, table=0)
    joined = await abilities(facilitator, cafe)
    assert joined is not None
    assert (joined["viewerDotsLeft"], per_table(joined)[0]) == (3, (True, True))
    ok(await facilitator.mutate(VOTE, {"id": note, "dots": 1}))
