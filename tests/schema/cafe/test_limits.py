"""A session holds a bounded number of tables, rounds and clusters, and a table a bounded
number of facilitators: one more is refused and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.cafe import clusters, notes, rounds, sessions, tables
from db.models import (
    CafeCluster,
    CafeFacilitator,
    CafeNote,
    CafeRound,
    CafeSessionAssociation,
    CafeTable,
)
from tests.support.cafe import ADD_FACILITATOR, ADD_ROUND, ADD_TABLE, Cafe, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

CLUSTER = """mutation($s: ID!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: "Grupp", noteIds: $ids}) {
    errors { code message } } }"""


@pytest.fixture
async def cafe(gql: GraphQLClient, runtime: Runtime) -> Cafe:
    return await make_cafe(gql, runtime, tables=2, rounds=2)


async def rows(runtime: Runtime, model: type) -> int:
    async with runtime.db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_tables(cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_TABLES", 3)
    organiser = cafe.as_organiser()
    ok(await organiser.mutate(ADD_TABLE, {"s": cafe.session_id, "name": "Bord 3"}))
    refused = await organiser.mutate(ADD_TABLE, {"s": cafe.session_id, "name": "Bord 4"})
    assert codes(refused) == ["CONFLICT"]
    assert await rows(runtime, CafeTable) == 3


async def test_rounds(cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rounds, "MAX_ROUNDS", 3)
    organiser = cafe.as_organiser()
    ok(await organiser.mutate(ADD_ROUND, {"s": cafe.session_id, "q": "Tredje frågan?"}))
    refused = await organiser.mutate(ADD_ROUND, {"s": cafe.session_id, "q": "Fjärde?"})
    assert codes(refused) == ["CONFLICT"]
    assert await rows(runtime, CafeRound) == 3


async def test_clusters(cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clusters, "MAX_CLUSTERS", 1)
    facilitator = cafe.as_facilitator()
    notes = [ok(await cafe.note(facilitator, text))["note"]["id"] for text in ("Ett", "Två")]
    ok(await facilitator.mutate(CLUSTER, {"s": cafe.session_id, "ids": notes[:1]}))
    refused = await facilitator.mutate(CLUSTER, {"s": cafe.session_id, "ids": notes[1:]})
    assert [(e["code"], e["message"]) for e in refused["errors"]] == [
        ("CONFLICT", "At most 1 clusters in a session.")
    ]
    assert await rows(runtime, CafeCluster) == 1


async def test_facilitators_per_table(
    cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_FACILITATORS_PER_TABLE", 1)
    another = await make_person(runtime.db, "Till")
    organiser = cafe.as_organiser()
    refused = await organiser.mutate(ADD_FACILITATOR, {"t": cafe.tables[0], "email": another.email})
    assert codes(refused) == ["CONFLICT"]
    # the same person again is no new row, and another table has room
    ok(
        await organiser.mutate(
            ADD_FACILITATOR, {"t": cafe.tables[0], "email": cafe.facilitator.email}
        )
    )
    ok(await organiser.mutate(ADD_FACILITATOR, {"t": cafe.tables[1], "email": another.email}))
    assert await rows(runtime, CafeFacilitator) == 2


async def test_notes(cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notes, "MAX_NOTES", 2)
    writer = cafe.as_facilitator()
    first = ok(await cafe.note(writer, "Ett", client_id="c-1"))["note"]["id"]
    ok(await cafe.note(writer, "Två"))
    refused = await cafe.note(writer, "Tre")
    assert [(e["code"], e["message"]) for e in refused["errors"]] == [
        ("CONFLICT", "At most 2 notes in a session.")
    ]
    assert refused["note"] is None
    assert await rows(runtime, CafeNote) == 2
    # a retry of a note already stored is still answered with it
    again = ok(await cafe.note(writer, "Ett", client_id="c-1"))
    assert again["note"]["id"] == first


UPDATE = """mutation($input: CafeSessionUpdateInput!) { cafeSessionUpdate(input: $input) {
  session { associations { totalCount } } errors { field code message } } }"""


async def test_associations_taking_part(
    cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions, "MAX_ASSOCIATIONS", 2)
    ids = [global_id("Association", await make_association(runtime.db, f"F{n}")) for n in range(3)]
    organiser = cafe.as_organiser()
    kept = ok(
        await organiser.mutate(
            UPDATE, {"input": {"id": cafe.session_id, "associationIds": ids[:2]}}
        )
    )
    assert kept["session"]["associations"]["totalCount"] == 2
    refused = await organiser.mutate(
        UPDATE, {"input": {"id": cafe.session_id, "associationIds": ids}}
    )
    assert refused["errors"] == [
        {"field": "associationIds", "code": "INVALID", "message": "At most 2 associations."}
    ]
    assert await rows(runtime, CafeSessionAssociation) == 2


async def test_notes_clustered_at_once(
    cafe: Cafe, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clusters, "MAX_NOTES", 1)
    facilitator = cafe.as_facilitator()
    notes = [ok(await cafe.note(facilitator, text))["note"]["id"] for text in ("Ett", "Två")]
    refused = await facilitator.mutate(CLUSTER, {"s": cafe.session_id, "ids": notes})
    assert [(e["code"], e["message"]) for e in refused["errors"]] == [
        ("INVALID", "At most 1 notes at a time.")
    ]
    assert await rows(runtime, CafeCluster) == 0
