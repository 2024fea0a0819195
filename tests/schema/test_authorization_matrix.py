"""Authorization as a matrix: every query and mutation of the foundation × every role.

Roles: anonymous, member of association A, admin of A, admin of another association B,
and the city's coordinator. Each cell is asserted on its own fresh data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.associations.fields import ContactPerson
from tests.support.graphql import GraphQLClient
from tests.support.people import (
    Person,
    global_id,
    make_association,
    make_person,
    organisation_number,
)

ROLES = ["anonymous", "member", "admin", "other_admin", "coordinator"]


@dataclass
class World:
    gql: GraphQLClient
    a: str
    b: str
    member: Person
    admin: Person
    other_admin: Person
    coordinator: Person
    outsider: Person

    def client(self, role: str) -> GraphQLClient:
        person = getattr(self, role, None) if role != "anonymous" else None
        return self.gql.as_(person.token if person else None)

    async def membership_of(self, person: Person) -> str:
        data = await self.gql.as_(self.coordinator.token).data(
            '{ association(slug: "a") { members { edges { node { id user { id } } } } } }'
        )
        return next(
            str(e["node"]["id"])
            for e in data["association"]["members"]["edges"]
            if e["node"]["user"]["id"] == person.global_id
        )

    async def join_request_by_outsider(self) -> str:
        data = await self.gql.as_(self.outsider.token).data(
            "mutation($id: ID!) { joinRequestCreate(input: {associationId: $id}) { joinRequest { id } } }",
            {"id": self.a},
        )
        return str(data["joinRequestCreate"]["joinRequest"]["id"])


@pytest.fixture
async def world(gql: GraphQLClient, runtime: Runtime) -> World:
    member, admin, other_admin, outsider = [
        await make_person(runtime.db, name) for name in ("Medlem", "Admin", "Annan", "Utomstående")
    ]
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    contact = ContactPerson("Kontakt", "kontakt@a.example", "070-174 06 10")
    a = await make_association(runtime.db, "A", admins=(admin,), members=(member,), contact=contact)
    b = await make_association(runtime.db, "B", admins=(other_admin,))
    return World(
        gql,
        global_id("Association", a),
        global_id("Association", b),
        member,
        admin,
        other_admin,
        coordinator,
        outsider,
    )


def payload_outcome(payload: dict[str, Any]) -> str:
    return str(payload["errors"][0]["code"]) if payload["errors"] else "ok"


async def mutate(world: World, role: str, query: str, variables: dict[str, Any]) -> str:
    data = await world.client(role).data(query, variables)
    (payload,) = data.values()
    return payload_outcome(payload)


# -- queries -------------------------------------------------------------------------------------


async def principles(world: World, role: str) -> str:
    data = await world.client(role).data("{ principles { code } }")
    return "visible" if len(data["principles"]) == 6 else "hidden"


async def register(world: World, role: str) -> str:
    data = await world.client(role).data("{ associations { totalCount edges { node { name } } } }")
    return "visible" if data["associations"]["totalCount"] == 2 else "hidden"


def field_of_a(selection: str, key: str) -> Callable[[World, str], Awaitable[str]]:
    async def run(world: World, role: str) -> str:
        data = await world.client(role).data(f'{{ association(slug: "a") {{ {selection} }} }}')
        value = data["association"][key]
        if isinstance(value, bool):
            return str(value).lower()
        return "hidden" if value is None else "visible"

    return run


async def vocabularies(world: World, role: str) -> str:
    data = await world.client(role).data(
        "{ associationCategories { code } districts { code } targetGroups { code } }"
    )
    return "visible" if all(data.values()) else "hidden"


async def association_by_slug(world: World, role: str) -> str:
    data = await world.client(role).data('{ association(slug: "a") { organisationNumber } }')
    return "hidden" if data["association"] is None else "visible"


async def nodes_of_users(world: World, role: str) -> str:
    data = await world.client(role).data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [world.admin.global_id, world.outsider.global_id]},
    )
    return ",".join("hidden" if node is None else "visible" for node in data["nodes"])


async def viewer(world: World, role: str) -> str:
    data = await world.client(role).data("{ viewer { displayName } }")
    return "hidden" if data["viewer"] is None else "visible"


async def node_admin_user(world: World, role: str) -> str:
    data = await world.client(role).data(
        "query($id: ID!) { node(id: $id) { ... on User { displayName } } }",
        {"id": world.admin.global_id},
    )
    return "hidden" if data["node"] is None else "visible"


async def admin_email(world: World, role: str) -> str:
    data = await world.client(role).data(
        "query($id: ID!) { node(id: $id) { ... on User { email } } }", {"id": world.admin.global_id}
    )
    return "hidden" if data["node"] is None or data["node"]["email"] is None else "visible"


async def node_membership(world: World, role: str) -> str:
    membership = await world.membership_of(world.member)
    data = await world.client(role).data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": membership}
    )
    return "hidden" if data["node"] is None else "visible"


async def node_join_request(world: World, role: str) -> str:
    request = await world.join_request_by_outsider()
    data = await world.client(role).data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": request}
    )
    return "hidden" if data["node"] is None else "visible"


# -- mutations -----------------------------------------------------------------------------------


async def sign_up(world: World, role: str) -> str:
    return await mutate(
        world, role,
        "mutation($e: String!) { signUp(input: {email: $e, password: \"tio tecken minst\", displayName: \"Ny\"}) { errors { code } } }",
        {"e": f"ny-{role}@example.se"},
    )  # fmt: skip


async def log_in(world: World, role: str) -> str:
    return await mutate(
        world,
        role,
        'mutation { logIn(input: {email: "nobody@example.se", password: "fel lösenord"}) { errors { code } } }',
        {},
    )


async def log_out(world: World, role: str) -> str:
    return await mutate(world, role, "mutation { logOut { errors { code } } }", {})


async def create(world: World, role: str) -> str:
    return await mutate(
        world, role,
        "mutation($n: String!) { associationCreate(input: {name: \"C\", organisationNumber: $n}) { errors { code } } }",
        {"n": organisation_number()},
    )  # fmt: skip


async def update(world: World, role: str) -> str:
    return await mutate(
        world, role,
        "mutation($id: ID!) { associationUpdate(input: {id: $id, description: \"Ny\"}) { errors { code } } }",
        {"id": world.a},
    )  # fmt: skip


async def join_agreement(world: World, role: str) -> str:
    return await mutate(
        world,
        role,
        "mutation($id: ID!) { associationJoinAgreement(input: {id: $id}) { errors { code } } }",
        {"id": world.a},
    )


async def leave_agreement(world: World, role: str) -> str:
    await mutate(
        world,
        "coordinator",
        "mutation($id: ID!) { associationJoinAgreement(input: {id: $id}) { errors { code } } }",
        {"id": world.a},
    )
    return await mutate(
        world,
        role,
        "mutation($id: ID!) { associationLeaveAgreement(input: {id: $id}) { errors { code } } }",
        {"id": world.a},
    )


async def ask_to_join(world: World, role: str) -> str:
    return await mutate(
        world, role,
        "mutation($id: ID!) { joinRequestCreate(input: {associationId: $id}) { errors { code } } }",
        {"id": world.a},
    )  # fmt: skip


def decide(verb: str) -> Callable[[World, str], Awaitable[str]]:
    async def run(world: World, role: str) -> str:
        request = await world.join_request_by_outsider()
        return await mutate(
            world,
            role,
            f"mutation($id: ID!) {{ joinRequest{verb}(input: {{id: $id}}) {{ errors {{ code }} }} }}",
            {"id": request},
        )

    return run


async def promote_member(world: World, role: str) -> str:
    membership = await world.membership_of(world.member)
    return await mutate(
        world, role,
        "mutation($id: ID!) { membershipUpdate(input: {id: $id, role: ADMIN}) { errors { code } } }",
        {"id": membership},
    )  # fmt: skip


async def remove_member(world: World, role: str) -> str:
    membership = await world.membership_of(world.member)
    return await mutate(
        world,
        role,
        "mutation($id: ID!) { membershipRemove(input: {id: $id}) { errors { code } } }",
        {"id": membership},
    )


U, F, OK = "UNAUTHENTICATED", "FORBIDDEN", "ok"
V, H = "visible", "hidden"

#            operation                                   anonymous  member  admin  other_admin  coordinator
MATRIX: dict[str, tuple[Callable[[World, str], Awaitable[str]], tuple[str, ...]]] = {
    "principles": (principles, (V, V, V, V, V)),
    "associations": (register, (V, V, V, V, V)),
    "associationCategories, districts, targetGroups": (vocabularies, (V, V, V, V, V)),
    "association": (association_by_slug, (V, V, V, V, V)),
    "Association.name": (field_of_a("name", "name"), (V, V, V, V, V)),
    "Association.contactPerson": (
        field_of_a("contactPerson { email }", "contactPerson"),
        (H, V, V, V, V),
    ),
    "Association.viewerCanEdit": (
        field_of_a("viewerCanEdit", "viewerCanEdit"),
        ("false", "false", "true", "false", "true"),
    ),
    "Association.members": (field_of_a("members { totalCount }", "members"), (H, V, V, H, V)),
    "Association.joinRequests": (
        field_of_a("joinRequests { totalCount }", "joinRequests"),
        (H, H, V, H, V),
    ),
    "viewer": (viewer, (H, V, V, V, V)),
    "node(User)": (node_admin_user, (H, V, V, H, V)),
    "User.email": (admin_email, (H, H, V, H, V)),
    "nodes(User, User)": (
        nodes_of_users,
        ("hidden,hidden", "visible,hidden", "visible,hidden", "hidden,hidden", "visible,visible"),
    ),
    "node(Membership)": (node_membership, (H, V, V, H, V)),
    "node(JoinRequest)": (node_join_request, (H, H, V, H, V)),
    "signUp": (sign_up, (OK, OK, OK, OK, OK)),
    "logIn": (log_in, ("INVALID_CREDENTIALS",) * 5),
    "logOut": (log_out, (U, OK, OK, OK, OK)),
    "associationCreate": (create, (U, OK, OK, OK, OK)),
    "associationUpdate": (update, (U, F, OK, F, OK)),
    "associationJoinAgreement": (join_agreement, (U, F, OK, F, OK)),
    "associationLeaveAgreement": (leave_agreement, (U, F, OK, F, OK)),
    "joinRequestCreate": (ask_to_join, (U, "CONFLICT", "CONFLICT", OK, OK)),
    "joinRequestApprove": (decide("Approve"), (U, F, OK, F, OK)),
    "joinRequestDecline": (decide("Decline"), (U, F, OK, F, OK)),
    "joinRequestCancel": (decide("Cancel"), (U, F, F, F, F)),
    "membershipUpdate": (promote_member, (U, F, OK, F, OK)),
    "membershipRemove": (remove_member, (U, OK, OK, F, OK)),
}

CELLS = [
    pytest.param(operation, role, expected[index], id=f"{operation}-{role}")
    for operation, (_, expected) in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("operation", "role", "expected"), CELLS)
async def test_cell(world: World, operation: str, role: str, expected: str) -> None:
    run, _ = MATRIX[operation]
    assert await run(world, role) == expected
