"""How many items a document may ask for: pages of nested connections multiply, and the
estimate refuses a document whose product is too large before anything runs."""

from __future__ import annotations

import pytest
from graphql import parse

from app.runtime import Runtime
from app.services.settings import Settings
from schema import build_schema
from schema.result_size import items_asked
from tests.support.graphql import GraphQLClient

PAGE = 100
GRAPHQL_SCHEMA = build_schema(Settings())._schema


def asked(document: str) -> int:
    return items_asked(GRAPHQL_SCHEMA, parse(document), PAGE)


def test_nested_pages_multiply() -> None:
    assert asked("{ associations(first: 10) { nodes { name } } }") == 10
    nested = """{ associations(first: 10) { nodes {
      umbrellaOrganisations(first: 3) { nodes { memberOrganisations(first: 2) { nodes { name } } } }
    } } }"""
    assert asked(nested) == 10 + 10 * (3 + 3 * 2)
    # edges and nodes of one page are the same items
    both = "{ associations(first: 10) { edges { node { name } } nodes { slug } } }"
    assert asked(both) == 10


def test_a_page_without_a_size_counts_the_largest_page() -> None:
    assert asked("{ associations { nodes { name } } }") == PAGE
    assert asked("{ associations(first: 1000) { totalCount } }") == PAGE  # refused when run
    assert asked('{ association(slug: "x") { umbrellaOrganisations { totalCount } } }') == PAGE


def test_variables_count_the_largest_page_whatever_their_default() -> None:
    # validation is cached per document; the value sent with it may be anything
    assert asked("query($n: Int = 1) { associations(first: $n) { totalCount } }") == PAGE
    assert asked("query($n: Int) { associations(first: $n) { totalCount } }") == PAGE


def test_plain_lists_of_objects_count_as_a_page() -> None:
    summary = """query($id: ID!) { cafeSummary(sessionId: $id) {
      answers { notes { cluster { notes(first: 100) { nodes { id } } } } } } }"""
    assert asked(summary) == PAGE + PAGE * (PAGE + PAGE * 100)
    assert asked("query($id: ID!) { cafeSummary(sessionId: $id) { answers { label } } }") == PAGE
    # lists of scalars (categories) are no items of their own
    assert asked("{ associations(first: 3) { nodes { categories } } }") == 3


def test_aliases_and_nodes_by_id_count() -> None:
    assert (
        asked(
            "{ a: associations(first: 5) { totalCount } b: associations(first: 6) { totalCount } }"
        )
        == 11
    )
    assert asked('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3


def test_fragments_count_where_they_are_spread() -> None:
    document = """{ associations(first: 4) { nodes { ...Umbrellas } } }
    fragment Umbrellas on Association { umbrellaOrganisations(first: 5) { nodes { ...Members } } }
    fragment Members on Association { memberOrganisations(first: 2) { totalCount } }"""
    assert asked(document) == 4 + 4 * (5 + 5 * 2)
    inline = """{ node(id: "x") { ... on Association { memberOrganisations(first: 9) { totalCount } } } }"""
    assert asked(inline) == 9


def test_fragments_that_double_are_costed_without_walking_every_spread() -> None:
    levels = 60
    fragments = [f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ associations(first: 1) {{ totalCount }} }}")
    assert asked("{ ...F0 } " + " ".join(fragments)) == 2**levels


async def test_a_variable_with_a_small_default_does_not_get_a_large_page_past_the_limit(
    gql: GraphQLClient,
) -> None:
    document = """query($n: Int = 1) { associations(first: $n) { nodes {
      umbrellaOrganisations(first: $n) { nodes { memberOrganisations(first: $n) {
        nodes { name } } } } } } }"""
    answer = await gql(document, {"n": 100})
    assert answer.status == 400
    assert answer.errors[0]["message"].startswith("The document may ask for ")


async def test_a_document_asking_for_too_much_is_refused_before_it_runs(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    levels = "umbrellaOrganisations(first: 100) { nodes { memberOrganisations(first: 100) { nodes { name } } } }"
    answer = await gql("{ associations(first: 100) { nodes { " + levels + " } } }")
    assert answer.status == 400
    limit = runtime.settings.max_result_items
    assert answer.errors == [
        {
            "message": f"The document may ask for more than {10 * limit} items; at most {limit}"
            " are allowed. Ask for smaller pages (first) of nested lists."
        }
    ]


@pytest.mark.parametrize(("last_page", "status"), [(99, 200), (100, 400)])
async def test_the_limit_is_exact(
    gql: GraphQLClient, runtime: Runtime, last_page: int, status: int
) -> None:
    assert runtime.settings.max_result_items == 50_000
    # 100 associations, each with 4 pages of 100 umbrellas and one of `last_page`
    pages = [f"u{n}: umbrellaOrganisations(first: 100) {{ totalCount }}" for n in range(4)]
    pages.append(f"u4: umbrellaOrganisations(first: {last_page}) {{ totalCount }}")
    document = "{ associations(first: 100) { nodes { " + " ".join(pages) + " } } }"
    assert asked(document) == 100 + 100 * (400 + last_page)
    answer = await gql(document)
    assert answer.status == status
    if status == 400:
        assert answer.errors[0]["message"].startswith("The document may ask for 50100 items;")
