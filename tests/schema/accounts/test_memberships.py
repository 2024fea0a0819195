"""Asking to join, approval by the association's admins, and managing members."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from db.models import JoinRequest, Membership
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import Person, global_id, make_association, make_person

ASK = """mutation($id: ID!, $message: String) {
  joinRequestCreate(input: {associationId: $id, message: $message}) {
    joinRequest { id status message user { displayName } association { name } viewerCanDecide }
    errors { field code } } }"""
APPROVE = "mutation($id: ID!) { joinRequestApprove(input: {id: $id}) { joinRequest { status decidedAt } errors { code } } }"
DECLINE = "mutation($id: ID!) { joinRequestDecline(input: {id: $id}) { joinRequest { status } errors { code } } }"
CANCEL = "mutation($id: ID!) { joinRequestCancel(input: {id: $id}) { joinRequest { status } errors { code } } }"
SET_ROLE = """mutation($id: ID!, $role: MembershipRole!) {
  membershipUpdate(input: {id: $id, role: $role}) { membership { role user { displayName } } errors { code } } }"""
REMOVE = """mutation($id: ID!) { membershipRemove(input: {id: $id}) {
  removedMembershipId association { name } errors { code } } }"""
MEMBERS = """query($slug: String!) { association(slug: $slug) {
  viewerRole
  members { totalCount edges { node { id role user { displayName } } } }
  joinRequests { totalCount edges { node { id message user { displayName } } } } } }"""


async def count(runtime: Runtime, model: type) -> int:
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
async def club(runtime: Runtime) -> tuple[str, Person]:
    admin = await make_person(runtime.db, "Karin Admin")
    association = await make_association(runtime.db, "Klubben", admins=(admin,))
    return global_id("Association", association), admin


async def test_ask_approve_and_become_a_member(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, admin = club
    newcomer = await make_person(runtime.db, "Nils Ny")
    asked = ok(
        await gql.as_(newcomer.token).mutate(
            ASK, {"id": association, "message": "Får jag vara med?"}
        )
    )
    request = asked["joinRequest"]
    assert request["status"] == "PENDING"
    assert request["viewerCanDecide"] is False
    seen = await gql.as_(admin.token).data(MEMBERS, {"slug": "klubben"})
    assert seen["association"]["joinRequests"]["edges"][0]["node"]["message"] == "Får jag vara med?"
    approved = ok(await gql.as_(admin.token).mutate(APPROVE, {"id": request["id"]}))
    assert approved["joinRequest"]["status"] == "APPROVED"
    assert approved["joinRequest"]["decidedAt"] is not None
    mine = await gql.as_(newcomer.token).data(MEMBERS, {"slug": "klubben"})
    assert mine["association"]["viewerRole"] == "MEMBER"
    assert sorted(
        e["node"]["user"]["displayName"] for e in mine["association"]["members"]["edges"]
    ) == [
        "Karin Admin",
        "Nils Ny",
    ]
    # members see each other, but only admins see join requests
    assert mine["association"]["joinRequests"] is None


async def test_decline_and_cancel(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, admin = club
    first, second = await make_person(runtime.db), await make_person(runtime.db)
    one = ok(await gql.as_(first.token).mutate(ASK, {"id": association}))["joinRequest"]["id"]
    two = ok(await gql.as_(second.token).mutate(ASK, {"id": association}))["joinRequest"]["id"]
    assert (
        ok(await gql.as_(admin.token).mutate(DECLINE, {"id": one}))["joinRequest"]["status"]
        == "DECLINED"
    )
    assert (
        ok(await gql.as_(second.token).mutate(CANCEL, {"id": two}))["joinRequest"]["status"]
        == "CANCELLED"
    )
    assert await count(runtime, Membership) == 1
    # a declined person may ask again
    ok(await gql.as_(first.token).mutate(ASK, {"id": association}))


async def test_join_request_failures(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, admin = club
    newcomer = await make_person(runtime.db)
    assert codes(await gql.mutate(ASK, {"id": association})) == ["UNAUTHENTICATED"]
    assert codes(await gql.as_(admin.token).mutate(ASK, {"id": association})) == ["CONFLICT"]
    assert codes(
        await gql.as_(newcomer.token).mutate(ASK, {"id": global_id("Association", 999)})
    ) == ["NOT_FOUND"]
    too_long = await gql.as_(newcomer.token).mutate(ASK, {"id": association, "message": "x" * 501})
    assert [(e["field"], e["code"]) for e in too_long["errors"]] == [("message", "TOO_LONG")]
    request = ok(await gql.as_(newcomer.token).mutate(ASK, {"id": association}))["joinRequest"][
        "id"
    ]
    assert codes(await gql.as_(newcomer.token).mutate(ASK, {"id": association})) == ["DUPLICATE"]
    # only admins decide; only the asker withdraws; a decided request cannot be decided again
    assert codes(await gql.as_(newcomer.token).mutate(APPROVE, {"id": request})) == ["FORBIDDEN"]
    assert codes(await gql.as_(admin.token).mutate(CANCEL, {"id": request})) == ["FORBIDDEN"]
    ok(await gql.as_(admin.token).mutate(APPROVE, {"id": request}))
    assert codes(await gql.as_(admin.token).mutate(DECLINE, {"id": request})) == ["CONFLICT"]
    for decision in (APPROVE, DECLINE, CANCEL):
        unknown = {"id": global_id("JoinRequest", 999)}
        assert codes(await gql.as_(admin.token).mutate(decision, unknown)) == ["NOT_FOUND"]
        assert codes(await gql.as_(admin.token).mutate(decision, {"id": "nonsense"})) == [
            "NOT_FOUND"
        ]
    assert await count(runtime, JoinRequest) == 1
    assert await count(runtime, Membership) == 2


async def test_admin_of_another_association_cannot_decide(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, _ = club
    other_admin, newcomer = await make_person(runtime.db), await make_person(runtime.db)
    await make_association(runtime.db, "Annan", admins=(other_admin,))
    request = ok(await gql.as_(newcomer.token).mutate(ASK, {"id": association}))["joinRequest"][
        "id"
    ]
    assert codes(await gql.as_(other_admin.token).mutate(APPROVE, {"id": request})) == ["FORBIDDEN"]


async def test_coordinator_may_decide(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, _ = club
    coordinator, newcomer = (
        await make_person(runtime.db, coordinator=True),
        await make_person(runtime.db),
    )
    request = ok(await gql.as_(newcomer.token).mutate(ASK, {"id": association}))["joinRequest"][
        "id"
    ]
    ok(await gql.as_(coordinator.token).mutate(APPROVE, {"id": request}))


async def member_id(gql: GraphQLClient, token: str, name: str) -> str:
    data = await gql.as_(token).data(MEMBERS, {"slug": "klubben"})
    return next(
        str(e["node"]["id"])
        for e in data["association"]["members"]["edges"]
        if e["node"]["user"]["displayName"] == name
    )


async def test_admin_promotes_and_removes_members(gql: GraphQLClient, runtime: Runtime) -> None:
    admin, member = await make_person(runtime.db, "Admin"), await make_person(runtime.db, "Medlem")
    await make_association(runtime.db, "Klubben", admins=(admin,), members=(member,))
    membership = await member_id(gql, admin.token, "Medlem")
    promoted = ok(await gql.as_(admin.token).mutate(SET_ROLE, {"id": membership, "role": "ADMIN"}))
    assert promoted["membership"]["role"] == "ADMIN"
    # the promoted member can now edit the association
    can_edit = await gql.as_(member.token).data(
        '{ association(slug: "klubben") { viewerCanEdit } }'
    )
    assert can_edit["association"]["viewerCanEdit"] is True
    ok(await gql.as_(admin.token).mutate(SET_ROLE, {"id": membership, "role": "MEMBER"}))
    removed = ok(await gql.as_(admin.token).mutate(REMOVE, {"id": membership}))
    assert removed["removedMembershipId"] == membership
    assert removed["association"] == {"name": "Klubben"}
    assert await count(runtime, Membership) == 1


async def test_a_member_may_leave_but_not_manage(gql: GraphQLClient, runtime: Runtime) -> None:
    admin, member = await make_person(runtime.db, "Admin"), await make_person(runtime.db, "Medlem")
    await make_association(runtime.db, "Klubben", admins=(admin,), members=(member,))
    admin_membership = await member_id(gql, member.token, "Admin")
    own = await member_id(gql, member.token, "Medlem")
    assert codes(await gql.as_(member.token).mutate(SET_ROLE, {"id": own, "role": "ADMIN"})) == [
        "FORBIDDEN"
    ]
    assert codes(await gql.as_(member.token).mutate(REMOVE, {"id": admin_membership})) == [
        "FORBIDDEN"
    ]
    ok(await gql.as_(member.token).mutate(REMOVE, {"id": own}))
    assert await count(runtime, Membership) == 1


async def test_the_last_admin_stays(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db, "Admin")
    await make_association(runtime.db, "Klubben", admins=(admin,))
    own = await member_id(gql, admin.token, "Admin")
    assert codes(await gql.as_(admin.token).mutate(SET_ROLE, {"id": own, "role": "MEMBER"})) == [
        "CONFLICT"
    ]
    assert codes(await gql.as_(admin.token).mutate(REMOVE, {"id": own})) == ["CONFLICT"]
    assert await count(runtime, Membership) == 1


async def test_membership_mutations_on_unknown_ids(gql: GraphQLClient, runtime: Runtime) -> None:
    admin = await make_person(runtime.db)
    for mutation, variables in ((SET_ROLE, {"role": "ADMIN"}), (REMOVE, {})):
        payload = await gql.as_(admin.token).mutate(
            mutation, {"id": global_id("Membership", 999)} | variables
        )
        assert codes(payload) == ["NOT_FOUND"]
        assert codes(
            await gql.mutate(mutation, {"id": global_id("Membership", 999)} | variables)
        ) == ["UNAUTHENTICATED"]


async def test_member_lists_are_hidden_from_outsiders(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    stranger = await make_person(runtime.db)
    for client in (gql, gql.as_(stranger.token)):
        data = await client.data(MEMBERS, {"slug": "klubben"})
        assert data["association"]["members"] is None
        assert data["association"]["joinRequests"] is None
    coordinator = await make_person(runtime.db, coordinator=True)
    data = await gql.as_(coordinator.token).data(MEMBERS, {"slug": "klubben"})
    assert data["association"]["members"]["totalCount"] == 1


async def test_viewer_sees_own_memberships_and_requests(
    gql: GraphQLClient, runtime: Runtime, club: tuple[str, Person]
) -> None:
    association, admin = club
    newcomer = await make_person(runtime.db)
    ok(await gql.as_(newcomer.token).mutate(ASK, {"id": association}))
    data = await gql.as_(newcomer.token).data(
        "{ viewer { memberships { totalCount nodes { role } }"
        " joinRequests { totalCount nodes { status association { name } } } } }"
    )
    assert data["viewer"] == {
        "memberships": {"totalCount": 0, "nodes": []},
        "joinRequests": {
            "totalCount": 1,
            "nodes": [{"status": "PENDING", "association": {"name": "Klubben"}}],
        },
    }
    admin_view = await gql.as_(admin.token).data(
        "{ viewer { memberships(first: 10) { nodes { role association { name } } } } }"
    )
    assert admin_view["viewer"]["memberships"]["nodes"] == [
        {"role": "ADMIN", "association": {"name": "Klubben"}}
    ]


MY_MEMBERSHIPS = """query($after: String) { viewer { memberships(first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { association { name } } } } }"""


async def test_ones_memberships_page(gql: GraphQLClient, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    for name in ("Första", "Andra", "Tredje"):
        await make_association(runtime.db, name, members=(person,))
    client = gql.as_(person.token)
    first = (await client.data(MY_MEMBERSHIPS))["viewer"]["memberships"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await client.data(MY_MEMBERSHIPS, {"after": after}))["viewer"]["memberships"]
    names = [n["association"]["name"] for n in first["nodes"] + rest["nodes"]]
    assert names == ["Första", "Andra", "Tredje"]  # in the order they were made
    assert rest["pageInfo"]["hasNextPage"] is False
