"""A join request is answered once: no withdrawing a decided request, no deciding a withdrawn one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.runtime import Runtime
from db.models import JoinRequest, Membership
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import Person, global_id, make_association, make_person

ASK = """mutation($id: ID!) { joinRequestCreate(input: {associationId: $id}) {
  joinRequest { id } errors { field code } } }"""
APPROVE = "mutation($id: ID!) { joinRequestApprove(input: {id: $id}) { joinRequest { status } errors { field code } } }"
DECLINE = "mutation($id: ID!) { joinRequestDecline(input: {id: $id}) { joinRequest { status } errors { field code } } }"
CANCEL = "mutation($id: ID!) { joinRequestCancel(input: {id: $id}) { joinRequest { status } errors { field code } } }"


async def stored(runtime: Runtime) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The join requests (user, status, decided by, decided at) and the memberships (user,
    role), as stored."""
    async with runtime.db.read() as session:
        requests = await session.execute(
            select(
                JoinRequest.user_id,
                JoinRequest.status,
                JoinRequest.decided_by_id,
                JoinRequest.decided_at,
            ).order_by(JoinRequest.id)
        )
        memberships = await session.execute(
            select(Membership.user_id, Membership.role).order_by(Membership.id)
        )
        return [tuple(row) for row in requests], [tuple(row) for row in memberships]


@pytest.fixture
async def asked(gql: GraphQLClient, runtime: Runtime) -> tuple[str, Person, Person]:
    """A pending request to join Klubben, its admin, and the person asking."""
    admin, newcomer = await make_person(runtime.db, "Admin"), await make_person(runtime.db, "Ny")
    association = await make_association(runtime.db, "Klubben", admins=(admin,))
    request: str = ok(
        await gql.as_(newcomer.token).mutate(ASK, {"id": global_id("Association", association)})
    )["joinRequest"]["id"]
    return request, admin, newcomer


@pytest.mark.parametrize(
    ("decision", "status"),
    [(APPROVE, "APPROVED"), (DECLINE, "DECLINED")],
    ids=["approved", "declined"],
)
async def test_a_decided_request_cannot_be_withdrawn(
    gql: GraphQLClient,
    runtime: Runtime,
    asked: tuple[str, Person, Person],
    decision: str,
    status: str,
) -> None:
    request, admin, newcomer = asked
    assert ok(await gql.as_(admin.token).mutate(decision, {"id": request}))["joinRequest"] == {
        "status": status
    }
    before = await stored(runtime)
    payload = await gql.as_(newcomer.token).mutate(CANCEL, {"id": request})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(None, "CONFLICT")]
    assert payload["joinRequest"] is None
    assert await stored(runtime) == before
    assert [row[:3] for row in before[0]] == [(newcomer.user_id, status, admin.user_id)]


async def test_a_withdrawn_request_cannot_be_decided(
    gql: GraphQLClient, runtime: Runtime, asked: tuple[str, Person, Person]
) -> None:
    request, admin, newcomer = asked
    ok(await gql.as_(newcomer.token).mutate(CANCEL, {"id": request}))
    before = await stored(runtime)
    for decision in (APPROVE, DECLINE):
        payload = await gql.as_(admin.token).mutate(decision, {"id": request})
        assert codes(payload) == ["CONFLICT"]
        assert payload["joinRequest"] is None
    assert await stored(runtime) == before
    requests, memberships = before
    assert [row[:3] for row in requests] == [(newcomer.user_id, "CANCELLED", newcomer.user_id)]
    assert memberships == [(admin.user_id, "ADMIN")]  # the newcomer did not become a member
