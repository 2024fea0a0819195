"""associations(first, after, filter): prefix search, Swedish folding and order, filters, cursors."""

from __future__ import annotations

from typing import Any

import pytest

from app.runtime import Runtime
from app.services.associations.fields import AssociationFields
from app.services.associations.register import update_association
from app.services.associations.vocabulary import Category, District
from app.services.clock import now
from app.services.pagination import encode_cursor
from app.services.viewer import Viewer
from db.models import AgreementMembership
from tests.support.graphql import GraphQLClient, send_escaped
from tests.support.people import make_association

SEARCH = """
query Search($filter: AssociationFilter, $first: Int, $after: String, $last: Int, $before: String) {
  associations(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""

NAMES = [
    "Helsingborgs IF",
    "Helsingborgs brukshundsklubb",
    "IFK Helsingborg konståkning",
    "Råå IF",
    "Råå museiförening",
    "Raan Schack",
    "Café Étoile",
    "Öresunds Seglare",
    "Ängelholms Vänner",
    "Åkerbo Hembygd",
    "Zorro Fäktning",
    "Ärö Club",
]


async def names(gql: GraphQLClient, **variables: object) -> list[str]:
    data = await gql.data(SEARCH, variables)
    return [edge["node"]["name"] for edge in data["associations"]["edges"]]


@pytest.fixture
async def register(runtime: Runtime) -> dict[str, int]:
    return {name: await make_association(runtime.db, name) for name in NAMES}


async def test_whole_name_in_any_case_finds_it(
    gql: GraphQLClient, register: dict[str, int]
) -> None:
    assert await names(gql, filter={"search": "helsingborgs if"}) == ["Helsingborgs IF"]
    assert await names(gql, filter={"search": "HELSINGBORGS IF"}) == ["Helsingborgs IF"]


async def test_prefixes_match(gql: GraphQLClient, register: dict[str, int]) -> None:
    assert await names(gql, filter={"search": "helsingb"}) == [
        "Helsingborgs brukshundsklubb",
        "Helsingborgs IF",
        "IFK Helsingborg konståkning",
    ]
    assert await names(gql, filter={"search": "konst"}) == ["IFK Helsingborg konståkning"]


async def test_every_word_must_match(gql: GraphQLClient, register: dict[str, int]) -> None:
    assert await names(gql, filter={"search": "helsingborg konst"}) == [
        "IFK Helsingborg konståkning"
    ]
    assert await names(gql, filter={"search": "helsingborgs schack"}) == []


async def test_words_match_at_their_start_only(
    gql: GraphQLClient, register: dict[str, int]
) -> None:
    assert await names(gql, filter={"search": "singborg"}) == []


async def test_accents_fold(gql: GraphQLClient, register: dict[str, int]) -> None:
    assert await names(gql, filter={"search": "cafe etoile"}) == ["Café Étoile"]
    assert await names(gql, filter={"search": "CAFÉ"}) == ["Café Étoile"]


async def test_swedish_letters_are_letters_not_accents(
    gql: GraphQLClient, register: dict[str, int]
) -> None:
    assert await names(gql, filter={"search": "råå"}) == ["Råå IF", "Råå museiförening"]
    assert await names(gql, filter={"search": "RÅÅ"}) == ["Råå IF", "Råå museiförening"]
    assert await names(gql, filter={"search": "raa"}) == ["Raan Schack"]
    assert await names(gql, filter={"search": "oresund"}) == []
    assert await names(gql, filter={"search": "öresund"}) == ["Öresunds Seglare"]


async def test_danish_letters_fold_to_swedish(gql: GraphQLClient, register: dict[str, int]) -> None:
    assert await names(gql, filter={"search": "ærø"}) == ["Ärö Club"]


async def test_swedish_alphabetical_order(gql: GraphQLClient, register: dict[str, int]) -> None:
    assert await names(gql, first=100) == [
        "Café Étoile",
        "Helsingborgs brukshundsklubb",
        "Helsingborgs IF",
        "IFK Helsingborg konståkning",
        "Raan Schack",
        "Råå IF",
        "Råå museiförening",
        "Zorro Fäktning",
        "Åkerbo Hembygd",
        "Ängelholms Vänner",
        "Ärö Club",
        "Öresunds Seglare",
    ]


async def test_search_covers_description_and_category_names(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await make_association(runtime.db, "Klubben", description="Vi paddlar kajak på Öresund.")
    sport = await make_association(runtime.db, "Föreningen")
    async with runtime.db.write() as session:
        await update_association(
            session,
            Viewer(user_id=1, is_coordinator=True),
            sport,
            AssociationFields(categories=[Category.SPORT]),
        )
    assert await names(gql, filter={"search": "kajak"}) == ["Klubben"]
    assert await names(gql, filter={"search": "idrott"}) == ["Föreningen"]


@pytest.mark.parametrize("search", [" – !! ", "!!!", "_%", "🎉"])
async def test_text_without_letters_or_digits_finds_nothing(
    gql: GraphQLClient, register: dict[str, int], search: str
) -> None:
    data = await gql.data(SEARCH, {"filter": {"search": search}})
    assert data["associations"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
    }


@pytest.mark.parametrize("search", ["", "   "])
async def test_empty_text_does_not_filter(
    gql: GraphQLClient, register: dict[str, int], search: str
) -> None:
    data = await gql.data(SEARCH, {"filter": {"search": search}})
    assert data["associations"]["totalCount"] == len(NAMES)


async def test_words_of_other_scripts_are_found_and_sort_after_o_umlaut(
    gql: GraphQLClient, register: dict[str, int], runtime: Runtime
) -> None:
    await make_association(runtime.db, "Общество Дружба")
    await make_association(runtime.db, "Ελληνική Κοινότητα")
    await make_association(runtime.db, "جمعية الصداقة")
    assert await names(gql, filter={"search": "дружба"}) == ["Общество Дружба"]
    assert await names(gql, filter={"search": "ДРУЖ"}) == ["Общество Дружба"]
    assert await names(gql, filter={"search": "κοινοτητα"}) == ["Ελληνική Κοινότητα"]
    assert await names(gql, filter={"search": "الصداقة"}) == ["جمعية الصداقة"]
    assert await names(gql, filter={"search": "дружба helsingborgs"}) == []
    everything = await names(gql, first=100)
    assert everything[len(NAMES) - 1 :] == [
        "Öresunds Seglare",
        "Ελληνική Κοινότητα",
        "Общество Дружба",
        "جمعية الصداقة",
    ]


async def test_control_characters_and_lone_surrogates_only_separate_words(
    gql: GraphQLClient, register: dict[str, int]
) -> None:
    for search in ["helsingborgs\x00if", "helsingborgs\ud800if"]:
        answer = await send_escaped(gql, SEARCH, {"filter": {"search": search}})
        assert [e["node"]["name"] for e in answer.data["associations"]["edges"]] == [
            "Helsingborgs IF"
        ]


async def test_filters(gql: GraphQLClient, runtime: Runtime) -> None:
    viewer = Viewer(user_id=1, is_coordinator=True)
    raa = await make_association(runtime.db, "Råå IF")
    museum = await make_association(runtime.db, "Råå museiförening")
    await make_association(runtime.db, "Tågaborgs Schack")
    async with runtime.db.write() as session:
        await update_association(
            session,
            viewer,
            raa,
            AssociationFields(categories=[Category.SPORT], district=District.RAA),
        )
        await update_association(
            session,
            viewer,
            museum,
            AssociationFields(categories=[Category.HERITAGE], district=District.RAA),
        )
        session.add(AgreementMembership(association_id=museum, joined_at=now()))
    assert await names(gql, filter={"categories": ["SPORT"]}) == ["Råå IF"]
    assert await names(gql, filter={"categories": ["SPORT", "HERITAGE"]}) == [
        "Råå IF",
        "Råå museiförening",
    ]
    assert await names(gql, filter={"district": "RAA"}) == ["Råå IF", "Råå museiförening"]
    assert await names(gql, filter={"inAgreement": True}) == ["Råå museiförening"]
    assert await names(gql, filter={"inAgreement": False}) == ["Råå IF", "Tågaborgs Schack"]
    assert await names(
        gql, filter={"district": "RAA", "categories": ["SPORT"], "search": "råå"}
    ) == ["Råå IF"]


async def test_paging_forwards_and_backwards(gql: GraphQLClient, register: dict[str, int]) -> None:
    everything = await names(gql, first=100)
    seen: list[str] = []
    after = None
    while True:
        data = (await gql.data(SEARCH, {"first": 5, "after": after}))["associations"]
        assert data["totalCount"] == len(NAMES)
        seen += [edge["node"]["name"] for edge in data["edges"]]
        assert data["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == everything
    last_page = (await gql.data(SEARCH, {"last": 3}))["associations"]
    assert [e["node"]["name"] for e in last_page["edges"]] == everything[-3:]
    assert last_page["pageInfo"]["hasPreviousPage"] is True
    before = last_page["pageInfo"]["startCursor"]
    previous = await names(gql, last=2, before=before)
    assert previous == everything[-5:-3]


async def test_an_empty_page(gql: GraphQLClient, register: dict[str, int]) -> None:
    data = (await gql.data(SEARCH, {"first": 0}))["associations"]
    assert data["edges"] == []
    assert data["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": -1}, "cannot be negative"),
        ({"first": 101}, "at most 100"),
        ({"first": 1, "last": 1}, "either first or last"),
        ({"after": "not-a-cursor"}, "cursor"),
        ({"after": "WzEsMiwzXQ"}, "cursor"),  # a valid encoding of the wrong shape
        ({"after": encode_cursor([1, "abc"])}, "cursor"),  # values of the wrong types
        ({"after": encode_cursor(["a", 10**30])}, "cursor"),  # an integer too large
        ({"after": encode_cursor(["a\x00", 1])}, "cursor"),  # text no database compares
    ],
)
async def test_bad_page_requests_are_clear_errors(
    gql: GraphQLClient, variables: dict[str, Any], message: str
) -> None:
    answer = await gql(SEARCH, variables)
    assert answer.status == 200
    assert message in answer.errors[0]["message"]
    assert answer.errors[0]["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_association_by_slug(gql: GraphQLClient, register: dict[str, int]) -> None:
    data = await gql.data(
        '{ a: association(slug: "raa-if") { name } b: association(slug: "nope") { name } }'
    )
    assert data == {"a": {"name": "Råå IF"}, "b": None}


@pytest.mark.parametrize("slug", ["raa-if\x00", "\x00", "raa-if\ud800", "x" * 1000])
async def test_a_slug_no_association_can_have_finds_nothing(
    gql: GraphQLClient, register: dict[str, int], slug: str
) -> None:
    answer = await send_escaped(
        gql, "query($slug: String!) { association(slug: $slug) { name } }", {"slug": slug}
    )
    assert answer.data == {"association": None}
