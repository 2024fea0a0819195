"""Hosts who write without joining get a seat so their notes have an author; the seat goes with
the hosting, and is never announced: a host is no participant. Joining again at another table
is a move."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.runtime import Runtime
from db.models import CafeFacilitator, FeedEvent
from tests.support.cafe import ADD_FACILITATOR, JOIN, REMOVE_FACILITATOR, Cafe, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import make_person

ROLE = (
    "query($id: ID!) { cafeSession(id: $id) { viewerRole viewerParticipant { table { name } } } }"
)


async def kinds_after(runtime: Runtime, seq: int) -> list[str]:
    async with runtime.db.read() as session:
        kinds = await session.scalars(
            select(FeedEvent.kind).where(FeedEvent.seq > seq).order_by(FeedEvent.seq)
        )
        return [str(kind) for kind in kinds]


async def remove_facilitator(cafe: Cafe, table: int = 0) -> None:
    variables = {"t": cafe.tables[table], "u": cafe.facilitator.global_id}
    ok(await cafe.as_organiser().mutate(REMOVE_FACILITATOR, variables))


async def test_a_removed_facilitator_seated_by_writing_loses_the_seat(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    ok(await cafe.note(cafe.as_facilitator(), "Skrivet som värd"))
    seen = await cafe.last_seq()
    await remove_facilitator(cafe)
    assert await kinds_after(runtime, seen) == ["FACILITATOR_REMOVED"]  # seats go unannounced
    # neither the table nor the private session is theirs any more
    written = await cafe.note(cafe.as_facilitator(), "Skrivet efteråt")
    assert codes(written) == ["NOT_FOUND"]
    assert (await cafe.as_facilitator().data(ROLE, {"id": cafe.session_id})) == {
        "cafeSession": None
    }
    assert await cafe.last_seq() == seen + 1


async def test_a_removed_facilitator_who_joined_keeps_the_seat_they_took(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    await cafe.join(cafe.facilitator, table=0)
    ok(await cafe.note(cafe.as_facilitator(), "Skrivet som deltagare och värd"))
    seen = await cafe.last_seq()
    await remove_facilitator(cafe)
    assert await kinds_after(runtime, seen) == ["FACILITATOR_REMOVED"]
    role = (await cafe.as_facilitator().data(ROLE, {"id": cafe.session_id}))["cafeSession"]
    assert role == {"viewerRole": "PARTICIPANT", "viewerParticipant": {"table": {"name": "Bord 1"}}}
    ok(await cafe.note(cafe.as_facilitator(), "Fortfarande vid mitt bord"))


async def test_a_host_who_joins_after_writing_keeps_the_seat_when_no_longer_hosting(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    ok(await cafe.note(cafe.as_facilitator(), "Skrivet som värd"))
    await cafe.join(cafe.facilitator, table=0)  # now a participant of their own
    await remove_facilitator(cafe)
    role = (await cafe.as_facilitator().data(ROLE, {"id": cafe.session_id}))["cafeSession"]
    assert role["viewerRole"] == "PARTICIPANT"


async def test_joining_again_at_another_table_is_a_move(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    person = await make_person(runtime.db, "Flyttare")
    await cafe.join(person, table=0)
    seen = await cafe.last_seq()
    client = gql.as_(person.token)
    ok(await client.mutate(JOIN, {"code": cafe.join_code, "table": cafe.tables[1]}))
    role = (await client.data(ROLE, {"id": cafe.session_id}))["cafeSession"]
    assert role["viewerParticipant"] == {"table": {"name": "Bord 2"}}
    # the same table again changes nothing
    ok(await client.mutate(JOIN, {"code": cafe.join_code, "table": cafe.tables[1]}))
    assert await kinds_after(runtime, seen) == ["PARTICIPANT_MOVED"]


async def hosting_both_tables(gql: GraphQLClient, runtime: Runtime) -> Cafe:
    cafe = await make_cafe(gql, runtime)  # the facilitator hosts the first table
    variables = {"t": cafe.tables[1], "email": cafe.facilitator.email}
    ok(await cafe.as_organiser().mutate(ADD_FACILITATOR, variables))
    return cafe


async def test_removed_from_another_table_a_host_keeps_the_seat_where_they_write(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await hosting_both_tables(gql, runtime)
    ok(await cafe.note(cafe.as_facilitator(), "Vid första bordet", table=0))
    seen = await cafe.last_seq()
    await remove_facilitator(cafe, table=1)
    assert await kinds_after(runtime, seen) == ["FACILITATOR_REMOVED"]
    role = (await cafe.as_facilitator().data(ROLE, {"id": cafe.session_id}))["cafeSession"]
    assert role == {"viewerRole": "FACILITATOR", "viewerParticipant": {"table": {"name": "Bord 1"}}}


async def test_removed_from_the_table_they_sit_at_a_host_moves_to_one_they_still_host(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await hosting_both_tables(gql, runtime)
    ok(await cafe.note(cafe.as_facilitator(), "Vid andra bordet", table=1))
    seen = await cafe.last_seq()
    await remove_facilitator(cafe, table=1)
    assert await kinds_after(runtime, seen) == ["FACILITATOR_REMOVED"]
    role = (await cafe.as_facilitator().data(ROLE, {"id": cafe.session_id}))["cafeSession"]
    assert role == {"viewerRole": "FACILITATOR", "viewerParticipant": {"table": {"name": "Bord 1"}}}
    assert codes(await cafe.note(cafe.as_facilitator(), "Igen", table=1)) == ["FORBIDDEN"]
    ok(await cafe.note(cafe.as_facilitator(), "Vid första bordet", table=0))


PEOPLE = """query($id: ID!) { cafeSession(id: $id) {
  participants { totalCount nodes { displayName } } tables { nodes { participants { nodes { displayName } } } } } }"""


async def test_a_host_writing_is_not_announced_as_a_participant_until_they_join(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=True)
    seen = await cafe.last_seq()
    ok(await cafe.note(cafe.as_facilitator(), "Ingen ska veta vem som skrev"))
    # nothing in the log ties the note to a name: no join just before it
    assert await kinds_after(runtime, seen) == ["NOTE_ADDED"]
    people = (await cafe.as_organiser().data(PEOPLE, {"id": cafe.session_id}))["cafeSession"]
    assert people["participants"] == {"totalCount": 0, "nodes": []}
    assert people["tables"]["nodes"][0]["participants"] == {"nodes": []}
    # joining with the code, they take part and are announced
    await cafe.join(cafe.facilitator, table=0)
    assert (await kinds_after(runtime, seen))[-1] == "PARTICIPANT_JOINED"
    people = (await cafe.as_organiser().data(PEOPLE, {"id": cafe.session_id}))["cafeSession"]
    assert people["participants"]["nodes"] == [{"displayName": "Facilitator"}]
    assert people["tables"]["nodes"][0]["participants"] == {
        "nodes": [{"displayName": "Facilitator"}]
    }


ME = """query($id: ID!) { cafeSession(id: $id) {
  viewerParticipant { displayName hosting table { name } } } }"""


async def test_a_hosts_seat_says_it_is_one_until_they_join(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    facilitator = cafe.as_facilitator()
    assert await facilitator.data(ME, {"id": cafe.session_id}) == {
        "cafeSession": {"viewerParticipant": None}
    }
    ok(await cafe.note(facilitator, "Som värd"))
    seat = (await facilitator.data(ME, {"id": cafe.session_id}))["cafeSession"]
    assert seat["viewerParticipant"] == {
        "displayName": "Facilitator",
        "hosting": True,
        "table": {"name": "Bord 1"},
    }
    await cafe.join(cafe.facilitator, table=0)
    joined = (await facilitator.data(ME, {"id": cafe.session_id}))["cafeSession"]
    assert joined["viewerParticipant"]["hosting"] is False


async def test_a_hosts_seat_alone_gives_no_rights(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime)
    facilitator = cafe.as_facilitator()
    ok(await cafe.note(facilitator, "Som värd"))
    # the hosting ends behind the API's back (no unseating): the seat is left as it was
    async with runtime.db.write() as session:
        await session.execute(delete(CafeFacilitator))
    assert codes(await cafe.note(facilitator, "Utan värdskap")) == ["NOT_FOUND"]
    assert await facilitator.data(ME, {"id": cafe.session_id}) == {"cafeSession": None}
