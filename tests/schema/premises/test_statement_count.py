"""The premises list costs the same number of SQL statements for 2 premises as for 8, with
everything on them (owner, features, hours, translations, bookings and who booked)."""

from __future__ import annotations

from app.runtime import Runtime
from app.services.premises.fields import PremisesFields, Translation
from app.services.premises.premises import create_premises
from tests.support.graphql import GraphQLClient
from tests.support.premises import PremisesWorld, evening
from tests.support.statements import count_statements

EVERYTHING = """{
  premises(first: 50) { totalCount edges { cursor node {
    id name description(language: "en") translations { language } address district capacity
    accessibility openingHours { weekday opens closes } equipment photos terms { kind text }
    owner { name } ownedByCity viewerCanBook viewerCanManage
    bookings(first: 5) { totalCount nodes { id status startsAt purpose attendees
      association { name } contact { name email } premises { name } series { id }
      viewerCanCancel viewerCanDecide } }
  } } }
}"""


async def add(world: PremisesWorld, n: int) -> None:
    async with world.runtime.writes.transaction() as session:
        for i in range(n):
            premises = await create_premises(
                session,
                world.viewer(world.owner_admin),
                world.owner,
                PremisesFields(
                    name=f"Rum {i}",
                    address="Gatan 1",
                    capacity=20,
                    translations=[Translation("en", "A room")],
                ),
            )
            premises_id = premises.id
    starts, ends = evening(4)
    await world.book(world.member, premises_id, starts, ends)


async def test_the_list_costs_the_same_statements_for_more_premises(
    gql: GraphQLClient, runtime: Runtime, world: PremisesWorld
) -> None:
    starts, ends = evening(3)
    await world.book(world.member, world.room, starts, ends)
    client = gql.as_(world.owner_admin.token)
    with count_statements(runtime.db.engine) as few:
        small = await client.data(EVERYTHING)
    await add(world, 6)
    with count_statements(runtime.db.engine) as many:
        large = await client.data(EVERYTHING)
    assert small["premises"]["totalCount"] == 2
    assert large["premises"]["totalCount"] == 8
    booked = [e["node"] for e in large["premises"]["edges"] if e["node"]["bookings"]["nodes"]]
    assert len(booked) == 2
    assert many.count == few.count
