"""Finding listings through GraphQL: text with Swedish folding, the filters, both orders, and
matches as a page."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services.associations.vocabulary import District
from app.services.exchange.vocabulary import Direction, ListingKind
from tests.support.exchange import Market
from tests.support.graphql import GraphQLClient

FIND = "query($f: ListingFilter) { listings(first: 50, filter: $f) { totalCount nodes { title } } }"


async def titles(gql: GraphQLClient, **filter: Any) -> list[str]:
    data = await gql.data(FIND, {"f": filter})
    return [n["title"] for n in data["listings"]["nodes"]]


async def test_search_filters_and_orders(gql: GraphQLClient, market: Market) -> None:
    await market.listing(
        title="Bokföring för kassörer", topics=["Bokföring"], district=District.CENTRUM
    )
    await market.listing(
        Direction.REQUEST,
        ListingKind.SKILL,
        title="Ärendehantering",
        association=market.other,
        person=market.other_member,
    )
    await market.listing(
        kind=ListingKind.EQUIPMENT, title="Projektor", quantity=1, available_until=date(2027, 1, 31)
    )
    anyone = gql.as_(None)
    assert await titles(anyone) == [
        "Bokföring för kassörer",
        "Projektor",
        "Ärendehantering",
    ]  # Swedish order
    assert await titles(anyone, newestFirst=True) == [
        "Projektor",
        "Ärendehantering",
        "Bokföring för kassörer",
    ]
    assert await titles(anyone, search="BOKFÖR") == ["Bokföring för kassörer"]
    assert await titles(anyone, search="arende") == []  # ä is a letter of its own
    assert await titles(anyone, direction="REQUEST") == ["Ärendehantering"]
    assert await titles(anyone, kinds=["EQUIPMENT"]) == ["Projektor"]
    assert await titles(anyone, topics=["bokföring"]) == ["Bokföring för kassörer"]
    assert await titles(anyone, district="CENTRUM") == ["Bokföring för kassörer"]
    assert await titles(anyone, availableFrom="2027-02-01") == [
        "Bokföring för kassörer",
        "Ärendehantering",
    ]
    assert await titles(anyone, associationId=market.gid("Association", market.other)) == [
        "Ärendehantering"
    ]


async def test_a_request_pages_through_its_matches(gql: GraphQLClient, market: Market) -> None:
    request = await market.listing(
        Direction.REQUEST, ListingKind.SKILL, title="Bokföring", topics=["bokföring"]
    )
    for n in range(3):
        await market.listing(
            title=f"Bokföring {n}",
            topics=["bokföring"],
            association=market.other,
            person=market.other_member,
        )
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Listing {
      matches(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { score listing { title } } } } } }"""
    first = (await gql.data(query, {"id": market.gid("Listing", request.id)}))["node"]["matches"]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"], len(first["nodes"])) == (
        3,
        True,
        2,
    )
    rest = (
        await gql.data(
            query,
            {"id": market.gid("Listing", request.id), "after": first["pageInfo"]["endCursor"]},
        )
    )["node"]["matches"]
    assert len(rest["nodes"]) == 1
    seen = {n["listing"]["title"] for n in first["nodes"] + rest["nodes"]}
    assert seen == {"Bokföring 0", "Bokföring 1", "Bokföring 2"}
