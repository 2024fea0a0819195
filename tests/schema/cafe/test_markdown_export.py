"""The Markdown export: what people typed shows as text, notes keep their order and their
lines, and the answers come ranked both ways with the notes behind each group."""

from __future__ import annotations

import httpx
import pytest
from strawberry.relay import GlobalID

from app.runtime import Runtime
from app.services.cafe.markdown import escape, item
from tests.support.cafe import Cafe, export, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_association

CLUSTER = """mutation($s: ID!, $name: String!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: $name, noteIds: $ids}) { errors { code } } }"""
ASSOCIATIONS = """mutation($id: ID!, $a: [ID!]!) {
  cafeSessionUpdate(input: {id: $id, associationIds: $a}) { errors { code } } }"""
VOTE = """mutation($id: ID!, $dots: Int!) {
  cafeNoteVote(input: {noteId: $id, dots: $dots}) { errors { code } } }"""


@pytest.fixture
async def cafe(gql: GraphQLClient, runtime: Runtime) -> Cafe:
    return await make_cafe(gql, runtime, tables=2, rounds=1)


async def markdown_of(http: httpx.AsyncClient, cafe: Cafe) -> str:
    response = await export(http, cafe, "md", cafe.organiser.token)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("# Rubrik", r"\# Rubrik"),
        ("![bild](http://evil.example/x.png)", r"!\[bild\](http://evil.example/x.png)"),
        ("[länk](http://evil.example)", r"\[länk\](http://evil.example)"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("&lt;b&gt; &amp;", r"\&lt;b\&gt; \&amp;"),
        ("- en lista", r"\- en lista"),
        ("2016. Ett årtal", r"2016\. Ett årtal"),
        ("*fet* och _kursiv_ och `kod`", r"\*fet\* och \_kursiv\_ och \`kod\`"),
        ("Vanlig text, med punkt. Och utropstecken!", "Vanlig text, med punkt. Och utropstecken!"),
    ],
)
def test_typed_text_is_escaped_to_show_as_typed(typed: str, shown: str) -> None:
    assert escape(typed) == shown


def test_a_text_of_several_lines_stays_in_its_list_item() -> None:
    assert item("Föreningsregister där alla finns:\n- med kontaktperson\n\n# och länk") == [
        "- Föreningsregister där alla finns:",
        r"  \- med kontaktperson",
        "",
        r"  \# och länk",
    ]


async def test_a_guest_cannot_put_headings_or_images_into_the_export(
    cafe: Cafe, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    ok(await cafe.note(guest, "# Stängt!\n![x](http://evil.example/x.png)"))
    text = await markdown_of(http, cafe)
    lines = text.splitlines()
    assert "# Stängt!" not in lines
    assert not any(line.lstrip().startswith("![") for line in lines)
    # the note is one list item (the author after its last line), its text escaped
    note = lines.index(r"- *Självständighet och oberoende:* \# Stängt!")
    assert lines[note + 1] == r"  !\[x\](http://evil.example/x.png) (Gäst)"
    assert r"1. \# Stängt! — 1 anteckning, 0 röster" in lines


async def test_tables_in_set_up_order_and_notes_in_written_order(
    cafe: Cafe, http: httpx.AsyncClient
) -> None:
    facilitator, organiser = cafe.as_facilitator(), cafe.as_organiser()
    ok(await cafe.note(organiser, "Öppna lokaler", table=1))
    for text in ("Östra delen", "Alla ska med", "Bättre information"):
        ok(await cafe.note(facilitator, text, table=0))
    text = await markdown_of(http, cafe)
    assert text.index("### Bord 1") < text.index("### Bord 2")
    first_table = text[text.index("### Bord 1") : text.index("### Bord 2")]
    positions = [first_table.index(note) for note in ("Östra", "Alla", "Bättre")]
    assert positions == sorted(positions)


async def test_answers_ranked_by_frequency_and_by_votes_with_the_notes_behind_each_group(
    cafe: Cafe, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    facilitator = cafe.as_facilitator()
    grouped = [
        ok(await cafe.note(facilitator, text))["note"]["id"]
        for text in ("Gemensamt register", "Register över alla föreningar")
    ]
    popular = ok(await cafe.note(facilitator, "Fler mötesplatser"))["note"]["id"]
    ok(
        await facilitator.mutate(
            CLUSTER, {"s": cafe.session_id, "name": "Register", "ids": grouped}
        )
    )
    voter = gql.as_(await cafe.join_guest("Röstare"))
    ok(await voter.mutate(VOTE, {"id": popular, "dots": 3}))
    text = await markdown_of(http, cafe)
    frequent = text[text.index("**Vanligaste svaren**") : text.index("**Flest röster**")]
    assert frequent.splitlines()[2:6] == [
        "1. Register — 2 anteckningar, 0 röster",
        "   - Gemensamt register",
        "   - Register över alla föreningar",
        "2. Fler mötesplatser — 1 anteckning, 3 röster",
    ]
    voted = text[text.index("**Flest röster**") :]
    assert voted.splitlines()[2] == "1. Fler mötesplatser — 1 anteckning, 3 röster"


async def test_participating_associations_in_swedish_order(
    gql: GraphQLClient, runtime: Runtime, http: httpx.AsyncClient
) -> None:
    names = ["Öresunds kör", "Ängelholms IF", "Åkerbruk", "Zebra", "Antidiskrimineringsbyrån"]
    ids = [str(GlobalID("Association", str(await make_association(runtime.db, n)))) for n in names]
    cafe = await make_cafe(gql, runtime)
    ok(await cafe.as_organiser().mutate(ASSOCIATIONS, {"id": cafe.session_id, "a": ids}))
    text = await markdown_of(http, cafe)
    listed = text[text.index("## Deltagande föreningar") :].splitlines()[2:7]
    assert listed == [
        "- Antidiskrimineringsbyrån", "- Zebra", "- Åkerbruk", "- Ängelholms IF", "- Öresunds kör",
    ]  # fmt: skip
