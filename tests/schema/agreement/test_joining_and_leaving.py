"""associationJoinAgreement / associationLeaveAgreement, all year round, with dated history."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.clock import CITY_ZONE, now
from db.models import AgreementMembership
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

JOIN = """mutation($id: ID!) { associationJoinAgreement(input: {id: $id}) {
  association { inAgreement agreementHistory { joinedAt leftAt } } errors { code } } }"""
LEAVE = """mutation($id: ID!) { associationLeaveAgreement(input: {id: $id}) {
  association { inAgreement agreementHistory { joinedAt leftAt } } errors { code } } }"""


async def periods(runtime: Runtime) -> int:
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(AgreementMembership)) or 0


async def test_join_leave_and_join_again_keeps_the_history(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    client = gql.as_(admin.token)
    joined = ok(await client.mutate(JOIN, {"id": association}))["association"]
    assert joined["inAgreement"] is True
    assert joined["agreementHistory"][0]["leftAt"] is None
    left = ok(await client.mutate(LEAVE, {"id": association}))["association"]
    assert left["inAgreement"] is False
    (period,) = left["agreementHistory"]
    assert period["joinedAt"] <= period["leftAt"]
    again = ok(await client.mutate(JOIN, {"id": association}))["association"]
    assert again["inAgreement"] is True
    assert len(again["agreementHistory"]) == 2
    listed = await gql.data("{ associations(filter: {inAgreement: true}) { totalCount } }")
    assert listed["associations"]["totalCount"] == 1


async def test_times_are_in_the_city_zone(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    joined = ok(await gql.as_(admin.token).mutate(JOIN, {"id": association}))["association"]
    joined_at = datetime.fromisoformat(joined["agreementHistory"][0]["joinedAt"])
    # shown in Helsingborg's time: +01:00 in winter, +02:00 in summer
    assert joined_at.utcoffset() == joined_at.astimezone(CITY_ZONE).utcoffset()
    assert abs((joined_at - now()).total_seconds()) < 60


async def test_joining_twice_and_leaving_when_out_are_conflicts(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    client = gql.as_(admin.token)
    assert codes(await client.mutate(LEAVE, {"id": association})) == ["CONFLICT"]
    ok(await client.mutate(JOIN, {"id": association}))
    assert codes(await client.mutate(JOIN, {"id": association})) == ["CONFLICT"]
    assert await periods(runtime) == 1


@pytest.mark.parametrize("mutation", [JOIN, LEAVE])
async def test_only_admins_and_the_coordinator(
    gql: GraphQLClient, runtime: Runtime, mutation: str
) -> None:
    member, other_admin, coordinator = [
        await make_person(runtime.db, coordinator=i == 2) for i in range(3)
    ]
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", members=(member,))
    )
    await make_association(runtime.db, "Annan", admins=(other_admin,))
    assert codes(await gql.mutate(mutation, {"id": association})) == ["UNAUTHENTICATED"]
    for person in (member, other_admin):
        assert codes(await gql.as_(person.token).mutate(mutation, {"id": association})) == [
            "FORBIDDEN"
        ]
    if mutation == JOIN:
        ok(await gql.as_(coordinator.token).mutate(JOIN, {"id": association}))
        assert await periods(runtime) == 1
    else:
        assert await periods(runtime) == 0


async def test_unknown_association(gql: GraphQLClient, runtime: Runtime) -> None:
    coordinator = await make_person(runtime.db, coordinator=True)
    for mutation in (JOIN, LEAVE):
        for unknown in (global_id("Association", 404), global_id("User", 1), "nonsense"):
            payload = await gql.as_(coordinator.token).mutate(mutation, {"id": unknown})
            assert codes(payload) == ["NOT_FOUND"], (mutation, unknown)
    assert await periods(runtime) == 0
