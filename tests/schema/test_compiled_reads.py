"""Compiled reads answer exactly as the ordinary path does: document by document, for every
kind of viewer, on the demo's register and cafés (two closed public ones, and a private live
one of the test's own). A document either path can answer is answered by both and compared;
documents out of the catalogue's reach are left to the ordinary path."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from starlette.applications import Starlette

from app.demo.load import load_demo
from app.runtime import Runtime
from app.services.agreement.signatories import join_agreement
from app.services.associations.vocabulary import District
from app.services.viewer import Viewer
from db.models import AgreementMembership, Association
from schema import READS
from schema.compiled.reads import CompiledReads
from schema.context import Context
from tests.support.cafe import make_cafe
from tests.support.databases import empty_tables
from tests.support.graphql import GraphQLClient
from tests.support.people import make_person
from tests.support.statements import count_statements

ASSOCIATION_LEAVES = [
    "id", "slug", "name", "organisationNumber", "district", "website", "foundedYear",
    "memberCount", "contactPublic", "createdAt", "updatedAt", "description", "inAgreement",
    "viewerCanEdit", "__typename", "contactPerson { name email phone __typename }",
]  # fmt: skip
SESSION_LEAVES = [
    "id", "title", "description", "place", "startsAt", "endsAt", "status", "isPublic",
    "anonymousNotes", "voteBudget", "__typename",
]  # fmt: skip
CLUSTER_LEAVES = ["id", "name", "__typename"]
NOTE_LEAVES = [
    "id", "text", "version", "clientId", "principle", "deleted", "createdAt", "editedAt",
    "__typename",
]  # fmt: skip
EVENT_LEAVES = [
    "id", "title", "description", "type", "status", "statusReason", "draft", "startsAt",
    "endsAt", "allDay", "organisedByCity", "place { address district onlineUrl __typename }",
    "price", "free", "externalRegistrationUrl", "ageMin", "ageMax", "targetGroups",
    "languages", "accessibility", "topics", "attendingSeats", "waitlistedSeats", "seatsLeft",
    "seriesId", "bookingId", "cafeSessionId", "updatedAt", "__typename",
    "registration { capacity waitlist waitlistCapacity maxSeatsPerRegistration opensAt closesAt"
    " __typename }",
    "organisers { id name slug __typename }",
]  # fmt: skip
LISTING_LEAVES = [
    "id", "title", "description", "direction", "kind", "topics", "district", "availableFrom",
    "availableUntil", "status", "terms { kind text __typename }", "quantity", "unitsLeft",
    "condition", "lendingDays", "volunteersNeeded", "volunteersAccepted", "taskWhen", "asks",
    "createdAt", "__typename", "association { id name slug district __typename }",
]  # fmt: skip
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }"


@dataclass
class World:
    runtime: Runtime
    reads: CompiledReads
    viewers: dict[str, Viewer]
    slugs: list[str]


@pytest.fixture(scope="module")
async def world(app: Starlette) -> AsyncIterator[World]:
    runtime: Runtime = app.state.runtime
    assert await load_demo(runtime.writes, runtime.passwords)
    member, coordinator = await make_person(runtime.db), await make_person(runtime.db)
    async with runtime.writes.transaction() as session:
        ids = list((await session.scalars(select(Association.id).order_by(Association.id))).all())
        # some in a district, some in the agreement, one with its contact made public
        await session.execute(
            update(Association).where(Association.id.in_(ids[::3])).values(district=District.NORR)
        )
        await session.execute(
            update(Association).where(Association.id == ids[1]).values(contact_public=True)
        )
        joined = set((await session.scalars(select(AgreementMembership.association_id))).all())
        city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
        for association_id in ids[::4]:
            if association_id not in joined:
                await join_agreement(session, city, association_id)
    # a private live café with notes, seen only by the people in it
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http:
        cafe = await make_cafe(GraphQLClient(http), runtime)
        await cafe.note(GraphQLClient(http).as_(cafe.organiser.token), "En anteckning")
    async with runtime.db.read() as session:
        slugs = list((await session.scalars(select(Association.slug))).all())
    viewers = {
        "anonymous": Viewer(),
        "member": Viewer(user_id=member.user_id, token_id=1),
        "coordinator": Viewer(user_id=coordinator.user_id, token_id=2, is_coordinator=True),
        "organiser": Viewer(user_id=cafe.organiser.user_id, token_id=3),
    }
    reads = CompiledReads(runtime.schema._schema, READS, runtime.settings, runtime.db)
    yield World(runtime, reads, viewers, slugs)
    await empty_tables(runtime.db)


async def both(
    world: World, query: str, variables: dict[str, Any] | None, viewer: str
) -> tuple[Any, Any]:
    """The compiled answer (None if it declined) and the ordinary one, as JSON values."""
    who = world.viewers[viewer]
    compiled = await world.reads.answer(query, None, variables, who)
    context = Context(shared=world.runtime.shared, viewer=who)
    ordinary = await world.runtime.schema.execute(
        query, variable_values=variables, context_value=context
    )
    assert not ordinary.errors, ordinary.errors
    return (
        None if compiled is None else json.loads(json.dumps(compiled)),
        json.loads(json.dumps({"data": ordinary.data})),
    )


def association(fields: list[str]) -> str:
    return " ".join(fields)


# documents written out with %: GraphQL's braces would all need doubling in a format string
CORPUS = [
    ('query($s: String!) { association(slug: $s) { %s } }' % " ".join(ASSOCIATION_LEAVES), {"s": 0}),
    ('{ associations(first: 7) { totalCount %s edges { cursor __typename node { %s } } __typename } }'
     % (PAGE_INFO, " ".join(ASSOCIATION_LEAVES)), None),
    ('{ associations(first: 5, filter: {district: NORR}) { nodes { name district } } }', None),
    ('{ associations(first: 5, filter: {inAgreement: true}) { totalCount nodes { name inAgreement } } }', None),
    ('{ associations(filter: {search: "helsingborg"}) { totalCount nodes { name slug } } }', None),
    ('{ associations(last: 3) { pageInfo { hasNextPage hasPreviousPage } nodes { name } } }', None),
    ('{ a: associations(first: 2) { nodes { n: name ...F } } b: association(slug: "ingen") { id } }'
     ' fragment F on Association { slug ... on Node { id } }', None),
    ('{ cafeSessions(first: 5) { totalCount %s nodes { %s clusters(first: 3) { totalCount %s'
     ' edges { cursor node { %s notes(first: 2) { totalCount nodes { %s } } } } } } } }'
     % (PAGE_INFO, " ".join(SESSION_LEAVES), PAGE_INFO, " ".join(CLUSTER_LEAVES),
        " ".join(NOTE_LEAVES)), None),
    ('{ cafeSessions(status: CLOSED) { nodes { title clusters { nodes { name notes(first: 3) { nodes { text } } } } } } }', None),
    ('{ __typename cafeSessions(first: 1) { edges { node { id } } } }', None),
    ('{ events(first: 30) { totalCount %s edges { cursor node { %s } } } }'
     % (PAGE_INFO, " ".join(EVENT_LEAVES)), None),
    ('{ events(first: 50, filter: {from: "2020-01-01T00:00:00+00:00", onePerSeries: true}) {'
     ' totalCount nodes { title startsAt seriesId organisers { name } } } }', None),
    ('{ events(filter: {types: [FAIR, CONFERENCE, DIALOGUE_MEETING]}) { nodes { title type place { address } } } }', None),
    ('{ events(filter: {freeOnly: true, hasSeatsLeft: true}) { totalCount nodes { title seatsLeft free } } }', None),
    ('{ events(filter: {language: "SV", search: "styrelse"}) { nodes { title languages } } }', None),
    ('{ events(filter: {targetGroup: YOUTH, enrolmentOpen: true}) { nodes { title targetGroups } } }', None),
    ('{ trainings(first: 20) { totalCount nodes { title type topics organisers { name } } } }', None),
    ('{ trainings(filter: {types: [LECTURE, FAIR], online: false}) { nodes { title type } } }', None),
    ('{ listings(first: 30) { totalCount %s edges { cursor node { %s } } } }'
     % (PAGE_INFO, " ".join(LISTING_LEAVES)), None),
    ('{ listings(filter: {direction: OFFER, kinds: [EQUIPMENT, MENTORSHIP]}) { nodes { title kind unitsLeft association { name } } } }', None),
    ('{ listings(filter: {anyStatus: true, search: "bokföring"}) { totalCount nodes { title status } } }', None),
    ('{ listings(filter: {status: CLOSED}) { nodes { title } } }', None),
]  # fmt: skip


@pytest.mark.parametrize("viewer", ["anonymous", "member", "coordinator", "organiser"])
@pytest.mark.parametrize(("query", "variables"), CORPUS)
async def test_a_compiled_answer_is_the_ordinary_one(
    world: World, viewer: str, query: str, variables: dict[str, Any] | None
) -> None:
    if variables is not None:
        variables = {"s": world.slugs[variables["s"]]}
    compiled, ordinary = await both(world, query, variables, viewer)
    assert compiled is not None, "the catalogue declares everything this document asks for"
    assert compiled == ordinary


async def test_pages_continue_from_their_cursors_as_the_ordinary_ones_do(world: World) -> None:
    query = (
        "query($a: String) { associations(first: 4, after: $a) { edges { cursor node { name } } } }"
    )
    after = None
    for _ in range(3):
        compiled, ordinary = await both(world, query, {"a": after}, "anonymous")
        assert compiled == ordinary
        after = compiled["data"]["associations"]["edges"][-1]["cursor"]
    query = "query($a: String) { cafeSessions { nodes { clusters(first: 2, after: $a) { edges { cursor } } } } }"
    compiled, ordinary = await both(world, query, {"a": None}, "anonymous")
    assert compiled == ordinary


@pytest.mark.parametrize(
    "query",
    [
        "{ associations { nodes { categories } } }",  # not declared: a table of its own
        '{ associations { nodes { description(language: "en") } } }',  # an argument
        "{ associations(first: 2) { nodes { id @include(if: true) } } }",  # a directive
        "{ associations(first: 2) { nodes { name } edges { node { slug } } } }",  # two shapes
        "{ viewer { id } }",  # not a compiled root
        '{ events(filter: {modifiedSince: "2020-01-01T00:00:00+00:00"}) { nodes { id } } }',
        '{ events { nodes { title(language: "en") } } }',
        "{ events { nodes { place { premises { name } } } } }",  # a node inside an object
        "{ events { nodes { viewerCanEdit } } }",  # not declared: it asks the database
        "{ listings(filter: {newestFirst: true}) { nodes { title } } }",  # another order
        "{ listings { nodes { matches { totalCount } } } }",
        "{ events { nodes { organisers(x: 1) { name } } } }",
        "mutation { logOut { ok } }",
        "{ associations(first: 1000) { nodes { name } } }",  # refused: the ordinary path says why
        '{ associations(after: "not a cursor") { nodes { name } } }',
    ],
)
async def test_what_the_catalogue_does_not_cover_goes_the_ordinary_way(
    world: World, query: str
) -> None:
    assert await world.reads.answer(query, None, None, world.viewers["anonymous"]) is None


async def test_a_list_is_one_statement_and_each_level_one_more(world: World) -> None:
    engine = world.runtime.db.engine
    anyone = world.viewers["anonymous"]
    with count_statements(engine) as log:
        assert await world.reads.answer(
            "{ associations(first: 50) { nodes { id name slug district } } }", None, None, anyone
        )
    assert log.count == 1
    nested = "{ cafeSessions(first: %d) { nodes { title clusters(first: %d) { nodes { name notes(first: %d) { nodes { text } } } } } } }"
    for sizes in ((1, 1, 1), (5, 10, 10)):
        with count_statements(engine) as log:
            assert await world.reads.answer(nested % sizes, None, None, anyone)
        assert log.count == 3
    # the calendar: its page and its organisers, whatever the page's size
    calendar = "{ events(first: %d) { nodes { title place { address } organisers { name } } } }"
    for size in (1, 15):
        with count_statements(engine) as log:
            answer = await world.reads.answer(calendar % size, None, None, anyone)
        assert answer is not None
        assert len(answer["data"]["events"]["nodes"]) == size
        assert log.count == 2
    # the exchange: its page and the listings' associations
    exchange = "{ listings(first: %d) { nodes { title terms { kind } association { name } } } }"
    for size in (1, 7):
        with count_statements(engine) as log:
            answer = await world.reads.answer(exchange % size, None, None, anyone)
        assert answer is not None
        assert len(answer["data"]["listings"]["nodes"]) == size
        assert all(n["association"]["name"] for n in answer["data"]["listings"]["nodes"])
        assert log.count == 2


LEAVES = {
    "Event": EVENT_LEAVES,
    "Listing": LISTING_LEAVES,
    "Association": ASSOCIATION_LEAVES,
    "CafeSession": SESSION_LEAVES,
    "CafeCluster": CLUSTER_LEAVES,
    "CafeNote": NOTE_LEAVES,
}


def test_every_declared_field_is_compared() -> None:
    for type_name, spec in READS.nodes.items():
        compared = {leaf.split()[0] for leaf in LEAVES[type_name]}
        nested = {"clusters", "notes", "organisers", "association"}
        assert set(spec.fields) - nested <= compared, type_name


@st.composite
def documents(draw: st.DrawFn) -> str:
    def pick(leaves: list[str]) -> str:
        chosen = draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=5, unique=True))
        aliased = [
            f"a{i}: {leaf}" if draw(st.booleans()) else leaf for i, leaf in enumerate(chosen)
        ]
        return " ".join(aliased)

    def connection(body: str) -> str:
        parts = draw(st.lists(st.sampled_from(["nodes", "edges", "pageInfo", "totalCount"]),
                              min_size=1, max_size=3, unique=True))  # fmt: skip
        if "nodes" in parts and "edges" in parts:
            parts.remove("edges")
        shown = []
        for part in parts:
            if part == "nodes":
                shown.append(f"nodes {{ {body} }}")
            elif part == "edges":
                shown.append(f"edges {{ cursor node {{ {body} }} }}")
            elif part == "pageInfo":
                shown.append(PAGE_INFO)
            else:
                shown.append(part)
        return " ".join(shown)

    first = draw(st.sampled_from(["", "(first: 1)", "(first: 3)", "(first: 0)"]))
    root = draw(st.sampled_from(["associations", "events", "listings", "cafeSessions"]))
    if root == "associations":
        return f"{{ associations{first} {{ {connection(pick(ASSOCIATION_LEAVES))} }} }}"
    if root == "events":
        return f"{{ events{first} {{ {connection(pick(EVENT_LEAVES))} }} }}"
    if root == "listings":
        return f"{{ listings{first} {{ {connection(pick(LISTING_LEAVES))} }} }}"
    # pages small enough at every level for the result-size limit
    note_page = draw(st.sampled_from(["(first: 1)", "(first: 2)"]))
    notes = f"notes{note_page} {{ {connection(pick(NOTE_LEAVES))} }}"
    clusters = (
        f"clusters{first or '(first: 5)'} {{ {connection(pick(CLUSTER_LEAVES) + ' ' + notes)} }}"
    )
    return f"{{ cafeSessions(first: 3) {{ {connection(pick(SESSION_LEAVES) + ' ' + clusters)} }} }}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents(), viewer=st.sampled_from(["anonymous", "member", "organiser"]))
async def test_any_selection_of_declared_fields_is_answered_alike(
    world: World, document: str, viewer: str
) -> None:
    compiled, ordinary = await both(world, document, None, viewer)
    assert compiled is not None
    assert compiled == ordinary
