"""The demo comes from the seed documents, and supports the newcomer's first walk-through."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from app.demo.accounts import DEMO_PASSWORD
from app.demo.associations import DEMO_ASSOCIATIONS
from app.demo.cafes import DEMO_CAFES
from app.demo.load import load_demo
from app.runtime import Runtime
from app.services.associations.organisation_number import normalise_organisation_number
from app.services.associations.vocabulary import Category
from db.models import Association, Principle
from tests.support.graphql import GraphQLClient, codes, ok

SEEDS = Path(__file__).resolve().parents[3] / "docs" / "seeds"


def participants_2016() -> list[str]:
    """The names under "Deltagande föreningar" in the notes of both 2016 meetings."""
    text = (SEEDS / "dialogmoten-november-2016.txt").read_text()
    names: list[str] = []
    for block in re.findall(
        r"Deltagande föreningar\n(.*?)\n(?:Vad lägger vi|\n\n\n\n\nVad)", text, re.S
    ):
        names += [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]
    return names


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_association_of_the_2016_meetings_is_in_the_demo() -> None:
    named = participants_2016()
    assert len(named) == 51
    in_demo = {a.name for a in DEMO_ASSOCIATIONS} | {
        n for a in DEMO_ASSOCIATIONS for n in a.seed_names
    }
    assert [name for name in named if name not in in_demo] == []


def test_the_umbrella_organisations_the_seeds_mention_are_umbrellas() -> None:
    umbrellas = {a.name for a in DEMO_ASSOCIATIONS if Category.UMBRELLA in a.categories}
    assert {"HISO", "INVA-SAM", "DHS", "Skånes föreningar"} <= umbrellas
    seeds = " ".join(path.read_text() for path in SEEDS.glob("*.txt"))
    for name in ("HISO", "INVA-SAM", "DHS", "Skånes föreningar"):
        assert name in seeds
    members = {u for a in DEMO_ASSOCIATIONS for u in a.umbrellas}
    assert {"HISO", "INVA-SAM", "DHS"} <= members


async def test_principles_are_the_agreements_own_words(runtime: Runtime) -> None:
    agreement = normalised(
        (SEEDS / "lokal-overenskommelse-med-handlingsplan-2018-2019.txt").read_text()
    )
    async with runtime.db.read() as session:
        principles = (await session.scalars(select(Principle).order_by(Principle.position))).all()
    assert len(principles) == 6
    for principle in principles:
        assert principle.name in agreement
        for paragraph in principle.description.split("\n\n"):
            assert normalised(paragraph) in agreement, principle.code


async def test_loading_the_demo_into_an_empty_database(runtime: Runtime) -> None:
    assert await load_demo(runtime.shared.writes, runtime.shared.passwords) is True
    assert await load_demo(runtime.shared.writes, runtime.shared.passwords) is False  # never twice
    async with runtime.db.read() as session:
        rows = (await session.scalars(select(Association))).all()
    assert len(rows) == len(DEMO_ASSOCIATIONS)
    numbers = [row.organisation_number for row in rows]
    assert len(set(numbers)) == len(numbers)
    assert all(normalise_organisation_number(n) == n for n in numbers)
    assert all(row.contact_email is None or row.contact_email.endswith(".example") for row in rows)


async def test_the_newcomers_walk_through(gql: GraphQLClient, runtime: Runtime) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    found = await gql.data(
        '{ associations(filter: {search: "helsingborgs if"}) { edges { node { id name viewerCanEdit } } } }'
    )
    (hif,) = [edge["node"] for edge in found["associations"]["edges"]]
    assert hif["name"] == "Helsingborgs IF"
    assert hif["viewerCanEdit"] is False
    logged_in = ok(
        await gql.mutate(
            'mutation($p: String!) { logIn(input: {email: "admin.hif@samverka.example", password: $p}) { token errors { code } } }',
            {"p": DEMO_PASSWORD},
        )
    )
    admin = gql.as_(logged_in["token"])
    edited = ok(
        await admin.mutate(
            'mutation($id: ID!) { associationUpdate(input: {id: $id, description: "Ny beskrivning"}) { association { description viewerCanEdit } errors { code } } }',
            {"id": hif["id"]},
        )
    )
    assert edited["association"] == {"description": "Ny beskrivning", "viewerCanEdit": True}
    raa = (await admin.data('{ association(slug: "raa-if") { id viewerCanEdit } }'))["association"]
    assert raa["viewerCanEdit"] is False
    refused = await admin.mutate(
        'mutation($id: ID!) { associationUpdate(input: {id: $id, description: "Kapad"}) { errors { code } } }',
        {"id": raa["id"]},
    )
    assert codes(refused) == ["FORBIDDEN"]


async def test_demo_accounts_have_their_roles(gql: GraphQLClient, runtime: Runtime) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    query = "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { user { isCoordinator memberships { nodes { role association { name } } } } } }"
    coordinator = await gql.mutate(query, {"e": "samordnare@samverka.example", "p": DEMO_PASSWORD})
    assert coordinator["user"]["isCoordinator"] is True
    facilitator = await gql.mutate(query, {"e": "facilitator@samverka.example", "p": DEMO_PASSWORD})
    assert facilitator["user"]["memberships"]["nodes"] == [
        {"role": "MEMBER", "association": {"name": "Röda Korset Helsingborgskretsen"}}
    ]


def test_every_demo_note_is_written_in_the_seed_document() -> None:
    text = (SEEDS / "dialogmoten-november-2016.txt").read_text()
    lines = {" ".join(line.split()) for line in text.splitlines() if line.strip()}
    for cafe in DEMO_CAFES:
        for by_principle in cafe.notes:
            for notes in by_principle.values():
                for note in notes:
                    for line in note.splitlines():
                        assert " ".join(line.split()) in lines, line


def test_the_cafes_take_every_association_of_their_meeting() -> None:
    named = participants_2016()
    aliases = {alias: a.name for a in DEMO_ASSOCIATIONS for alias in a.seed_names}
    first, second = named[:28], named[28:]
    for cafe, names in zip(DEMO_CAFES, (first, second), strict=True):
        in_cafe = set(cafe.associations)
        assert {aliases.get(name, name) for name in names} <= in_cafe


async def test_make_run_shows_the_2016_cafes_with_their_ranked_answers(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    listed = await gql.data(
        "{ cafeSessions { edges { node { id title status isPublic startsAt associations { nodes { name } } } } } }"
    )
    sessions = [edge["node"] for edge in listed["cafeSessions"]["edges"]]
    assert [s["title"] for s in sessions] == [c.title for c in reversed(DEMO_CAFES)]
    assert all(s["status"] == "CLOSED" and s["isPublic"] for s in sessions)
    assert sessions[1]["startsAt"] == "2016-11-15T15:30:00+01:00"
    assert "Helsingborgs IF" in [a["name"] for a in sessions[1]["associations"]["nodes"]]
    summary = await gql.data(
        "query($id: ID!) { cafeSummary(sessionId: $id) { final noteCount answers { label noteCount cluster { name } } rounds { answers { label } } } }",
        {"id": sessions[1]["id"]},
    )
    first_meeting = summary["cafeSummary"]
    expected_notes = sum(
        len(notes) for by_principle in DEMO_CAFES[0].notes for notes in by_principle.values()
    )
    assert first_meeting["final"] is True
    assert first_meeting["noteCount"] == expected_notes
    top = first_meeting["answers"][0]
    assert top["noteCount"] >= 4
    assert top["cluster"] is not None
    # the register comes up at two tables, in the second round
    register = next(
        a for a in first_meeting["answers"] if a["label"] == "Ett föreningsregister och en portal"
    )
    assert register["noteCount"] == 4
