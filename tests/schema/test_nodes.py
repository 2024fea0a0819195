"""node(id) and nodes(ids): malformed, unknown or foreign ids are simply no node."""

from __future__ import annotations

import base64

import pytest

from app.runtime import Runtime
from tests.support.graphql import GraphQLClient
from tests.support.people import global_id, make_association, make_person

NODE = "query($id: ID!) { node(id: $id) { id __typename } }"


def raw_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def test_an_association_by_its_id(gql: GraphQLClient, runtime: Runtime) -> None:
    association = global_id("Association", await make_association(runtime.db, "Klubben"))
    assert await gql.data(NODE, {"id": association}) == {
        "node": {"id": association, "__typename": "Association"}
    }


@pytest.mark.parametrize(
    "bad",
    [
        raw_id("Association:99999999999999999999"),
        raw_id("Association:2147483648"),  # one more than an integer column holds
        raw_id("Association:-1"),
        raw_id("Association:abc"),
        raw_id("Foo:1"),
        raw_id("UserError:1"),
        raw_id("Node:1"),
        "not base64 at all!",
    ],
)
async def test_bad_ids_are_no_node(gql: GraphQLClient, bad: str) -> None:
    assert await gql.data(NODE, {"id": bad}) == {"node": None}


async def test_nodes_in_order_with_gaps(gql: GraphQLClient, runtime: Runtime) -> None:
    first = global_id("Association", await make_association(runtime.db, "A"))
    second = global_id("Association", await make_association(runtime.db, "B"))
    data = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [second, raw_id("Foo:1"), first]}
    )
    assert data == {"nodes": [{"id": second}, None, {"id": first}]}


async def test_nodes_are_limited(gql: GraphQLClient) -> None:
    answer = await gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [raw_id("Foo:1")] * 101}
    )
    assert "at most 100" in answer.errors[0]["message"]


async def test_an_oversized_id_in_a_mutation_is_not_found(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    coordinator = await make_person(runtime.db, coordinator=True)
    payload = await gql.as_(coordinator.token).mutate(
        'mutation($id: ID!) { associationUpdate(input: {id: $id, name: "X"}) { errors { field code } } }',
        {"id": raw_id("Association:99999999999999999999")},
    )
    assert payload == {"errors": [{"field": "id", "code": "NOT_FOUND"}]}
