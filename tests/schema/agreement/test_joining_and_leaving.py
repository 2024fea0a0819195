"""Joining is asked for any time of year and confirmed by signing at the conference
(associationJoinAgreement, conferenceConfirmSignings); leaving takes effect at once; the
history is dated."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.clock import CITY_ZONE, now
from app.services.plans.conferences import create_conference
from app.services.viewer import Viewer
from db.models import AgreementMembership
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

JOIN = """mutation($id: ID!) { associationJoinAgreement(input: {id: $id}) {
  association { inAgreement agreementRequestedAt agreementHistory { joinedAt leftAt } }
  errors { code } } }"""
CONFIRM = """mutation($c: ID!, $ids: [ID!]) { conferenceConfirmSignings(input: {conferenceId: $c,
  associationIds: $ids}) { associations { name inAgreement agreementRequestedAt
  agreementHistory { joinedAt leftAt } } errors { code field } } }"""
LEAVE = """mutation($id: ID!) { associationLeaveAgreement(input: {id: $id}) {
  association { inAgreement agreementHistory { joinedAt leftAt } } errors { code } } }"""


_days = itertools.count()


async def conference(runtime: Runtime) -> str:
    """A conference of its own day (one a day)."""
    coordinator = await make_person(runtime.db, coordinator=True)
    async with runtime.writes.transaction() as session:
        made = await create_conference(
            session,
            Viewer(user_id=coordinator.user_id, is_coordinator=True),
            "Överenskommelsekonferensen",
            date(2026, 10, 8) + timedelta(days=next(_days)),
        )
    return global_id("Conference", made.id)


async def confirmed(gql: GraphQLClient, runtime: Runtime, association: str) -> dict[str, Any]:
    """The association's signing confirmed at a conference, as the coordinator does it."""
    coordinator = await make_person(runtime.db, coordinator=True)
    payload = ok(
        await gql.as_(coordinator.token).mutate(
            CONFIRM, {"c": await conference(runtime), "ids": [association]}
        )
    )
    (made,) = payload["associations"]
    return dict(made)


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
    asked = ok(await client.mutate(JOIN, {"id": association}))["association"]
    assert (asked["inAgreement"], asked["agreementHistory"]) == (False, [])
    assert asked["agreementRequestedAt"] is not None
    joined = await confirmed(gql, runtime, association)
    assert (joined["inAgreement"], joined["agreementRequestedAt"]) == (True, None)
    assert joined["agreementHistory"][0]["leftAt"] is None
    left = ok(await client.mutate(LEAVE, {"id": association}))["association"]
    assert left["inAgreement"] is False
    (period,) = left["agreementHistory"]
    assert period["joinedAt"] <= period["leftAt"]
    ok(await client.mutate(JOIN, {"id": association}))
    again = await confirmed(gql, runtime, association)
    assert again["inAgreement"] is True
    assert len(again["agreementHistory"]) == 2
    listed = await gql.data("{ associations(filter: {inAgreement: true}) { totalCount } }")
    assert listed["associations"]["totalCount"] == 1


async def test_times_are_in_the_city_zone(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    ok(await gql.as_(admin.token).mutate(JOIN, {"id": association}))
    joined = await confirmed(gql, runtime, association)
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
    assert codes(await client.mutate(JOIN, {"id": association})) == ["CONFLICT"]  # asked already
    await confirmed(gql, runtime, association)
    assert codes(await client.mutate(JOIN, {"id": association})) == ["CONFLICT"]  # a party
    assert await periods(runtime) == 1


async def test_a_request_not_yet_confirmed_is_withdrawn_by_leaving(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    client = gql.as_(admin.token)
    ok(await client.mutate(JOIN, {"id": association}))
    left = ok(await client.mutate(LEAVE, {"id": association}))["association"]
    assert (left["inAgreement"], left["agreementHistory"]) == (False, [])
    coordinator = await make_person(runtime.db, coordinator=True)
    refused = await gql.as_(coordinator.token).mutate(
        CONFIRM, {"c": await conference(runtime), "ids": [association]}
    )
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", "associationIds")]
    assert await periods(runtime) == 0


async def test_signings_need_a_conference_and_the_coordinator(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    admin = await make_person(runtime.db)
    association = global_id(
        "Association", await make_association(runtime.db, "Klubben", admins=(admin,))
    )
    ok(await gql.as_(admin.token).mutate(JOIN, {"id": association}))
    held = await conference(runtime)
    assert codes(await gql.as_(admin.token).mutate(CONFIRM, {"c": held})) == ["FORBIDDEN"]
    coordinator = await make_person(runtime.db, coordinator=True)
    missing = await gql.as_(coordinator.token).mutate(CONFIRM, {"c": global_id("Conference", 999)})
    assert codes(missing) == ["NOT_FOUND"]
    assert await periods(runtime) == 0
    everyone = ok(await gql.as_(coordinator.token).mutate(CONFIRM, {"c": held}))
    assert [a["name"] for a in everyone["associations"]] == ["Klubben"]
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
        asked = ok(await gql.as_(coordinator.token).mutate(JOIN, {"id": association}))
        assert asked["association"]["agreementRequestedAt"] is not None
    assert await periods(runtime) == 0


async def test_unknown_association(gql: GraphQLClient, runtime: Runtime) -> None:
    coordinator = await make_person(runtime.db, coordinator=True)
    for mutation in (JOIN, LEAVE):
        for unknown in (global_id("Association", 404), global_id("User", 1), "nonsense"):
            payload = await gql.as_(coordinator.token).mutate(mutation, {"id": unknown})
            assert codes(payload) == ["NOT_FOUND"], (mutation, unknown)
    assert await periods(runtime) == 0
