"""Clustering notes, and the ranked summary per question and per principle; the export."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from app.runtime import Runtime
from tests.support.cafe import EDIT_NOTE, Cafe, export, make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import make_person
from tests.support.statements import count_statements

CLUSTER = """mutation($s: ID!, $name: String!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: $name, noteIds: $ids}) { cluster { id name notes { totalCount nodes { text } } } errors { field code } } }"""
RENAME = "mutation($id: ID!, $name: String!) { cafeClusterRename(input: {id: $id, name: $name}) { cluster { name } errors { code } } }"
DISSOLVE = "mutation($id: ID!) { cafeClusterDelete(input: {id: $id}) { cluster { name } errors { code } } }"
MOVE_NOTES = """mutation($s: ID!, $ids: [ID!]!, $c: ID) {
  cafeNotesCluster(input: {sessionId: $s, noteIds: $ids, clusterId: $c}) { notes { cluster { name } } errors { code } } }"""
VOTE = "mutation($id: ID!, $dots: Int!) { cafeNoteVote(input: {noteId: $id, dots: $dots}) { errors { code } } }"
SUMMARY = """query($id: ID!, $order: CafeAnswerOrder) { cafeSummary(sessionId: $id) {
  noteCount final
  answers(orderBy: $order) { rank label noteCount voteCount tableCount cluster { name } }
  rounds { round { position question } answers { rank label noteCount } }
  principles { principle { code } answers { label noteCount } } } }"""


async def write(cafe: Cafe, client: GraphQLClient, text: str, **where: Any) -> str:
    note_id: str = ok(await cafe.note(client, text, **where))["note"]["id"]
    return note_id


@pytest.fixture
async def cafe(gql: GraphQLClient, runtime: Runtime) -> Cafe:
    return await make_cafe(gql, runtime, tables=2, rounds=2)


async def test_clusters_count_their_notes_across_tables_and_rounds(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    organiser = cafe.as_organiser()
    register = [
        await write(cafe, organiser, "Föreningsregister", table=0),
        await write(cafe, organiser, "Ett register över alla föreningar", table=1),
    ]
    await write(cafe, organiser, "Lokaler", table=0)
    await write(cafe, organiser, "lokaler!", table=1)  # the same words, unclustered
    await write(cafe, organiser, "Kontaktperson", table=1)
    ok(
        await organiser.mutate(
            "mutation($id: ID!) { cafeRoundStart(input: {id: $id}) { errors { code } } }",
            {"id": cafe.rounds[1]},
        )
    )
    register.append(
        await write(cafe, organiser, "Gemensam plattform, ett register", table=0, round_=1)
    )
    cluster = ok(
        await cafe.as_facilitator().mutate(
            CLUSTER, {"s": cafe.session_id, "name": "Föreningsregister", "ids": register}
        )
    )
    assert cluster["cluster"]["notes"]["totalCount"] == 3
    assert len(cluster["cluster"]["notes"]["nodes"]) == 3

    summary = (await organiser.data(SUMMARY, {"id": cafe.session_id}))["cafeSummary"]
    assert summary["noteCount"] == 6
    assert summary["final"] is False
    assert [
        (a["rank"], a["label"], a["noteCount"], a["tableCount"]) for a in summary["answers"]
    ] == [
        (1, "Föreningsregister", 3, 2),
        (2, "Lokaler", 2, 2),
        (3, "Kontaktperson", 1, 1),
    ]
    assert summary["answers"][0]["cluster"] == {"name": "Föreningsregister"}
    first_round = summary["rounds"][0]
    assert first_round["round"]["position"] == 1
    assert [(a["label"], a["noteCount"]) for a in first_round["answers"]] == [
        ("Föreningsregister", 2), ("Lokaler", 2), ("Kontaktperson", 1),
    ]  # fmt: skip
    assert [(a["label"], a["noteCount"]) for a in summary["rounds"][1]["answers"]] == [
        ("Föreningsregister", 1)
    ]
    # round 1's principle is AUTONOMY, round 2's DIALOGUE: the cluster spans both
    by_principle = {
        p["principle"]["code"]: [(a["label"], a["noteCount"]) for a in p["answers"]]
        for p in summary["principles"]
    }
    assert by_principle["AUTONOMY"][0] == ("Föreningsregister", 2)
    assert by_principle["DIALOGUE"] == [("Föreningsregister", 1)]


async def test_ranked_by_votes(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime, budget=5)
    voter = gql.as_(await cafe.join_guest("Röstare"))
    frequent = [await write(cafe, cafe.as_organiser(), "Lokaler") for _ in range(2)]
    loved = await write(cafe, cafe.as_organiser(), "Samordnare")
    ok(await voter.mutate(VOTE, {"id": loved, "dots": 3}))
    ok(await voter.mutate(VOTE, {"id": frequent[0], "dots": 1}))
    by_votes = (await voter.data(SUMMARY, {"id": cafe.session_id, "order": "VOTES"}))[
        "cafeSummary"
    ]["answers"]
    assert [(a["label"], a["voteCount"]) for a in by_votes] == [("Samordnare", 3), ("Lokaler", 1)]
    by_frequency = (await voter.data(SUMMARY, {"id": cafe.session_id}))["cafeSummary"]["answers"]
    assert [a["label"] for a in by_frequency] == ["Lokaler", "Samordnare"]


async def test_rename_dissolve_and_move_notes(cafe: Cafe, gql: GraphQLClient) -> None:
    facilitator = cafe.as_facilitator()
    notes = [await write(cafe, cafe.as_organiser(), text) for text in ("A", "B", "C")]
    cluster_id = ok(
        await facilitator.mutate(CLUSTER, {"s": cafe.session_id, "name": "AB", "ids": notes[:2]})
    )["cluster"]["id"]
    assert ok(await facilitator.mutate(RENAME, {"id": cluster_id, "name": "Ab-gruppen"}))[
        "cluster"
    ] == {"name": "Ab-gruppen"}
    moved = ok(
        await facilitator.mutate(
            MOVE_NOTES, {"s": cafe.session_id, "ids": [notes[2]], "c": cluster_id}
        )
    )
    assert moved["notes"] == [{"cluster": {"name": "Ab-gruppen"}}]
    out = ok(
        await facilitator.mutate(MOVE_NOTES, {"s": cafe.session_id, "ids": [notes[0]], "c": None})
    )
    assert out["notes"] == [{"cluster": None}]
    ok(await facilitator.mutate(DISSOLVE, {"id": cluster_id}))
    summary = (await facilitator.data(SUMMARY, {"id": cafe.session_id}))["cafeSummary"]
    assert all(a["cluster"] is None for a in summary["answers"])
    assert codes(await facilitator.mutate(RENAME, {"id": cluster_id, "name": "X"})) == ["NOT_FOUND"]


async def test_only_facilitators_and_the_organiser_cluster(cafe: Cafe, gql: GraphQLClient) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = await write(cafe, guest, "Min")
    assert codes(
        await guest.mutate(CLUSTER, {"s": cafe.session_id, "name": "X", "ids": [note]})
    ) == ["FORBIDDEN"]
    assert codes(await gql.mutate(CLUSTER, {"s": cafe.session_id, "name": "X", "ids": [note]})) == [
        "UNAUTHENTICATED"
    ]


async def test_cluster_input_is_checked(cafe: Cafe, gql: GraphQLClient, runtime: Runtime) -> None:
    other = await make_cafe(gql, runtime)
    foreign = await write(other, other.as_organiser(), "Annan session")
    mine = await write(cafe, cafe.as_organiser(), "Min")
    facilitator = cafe.as_facilitator()
    wrong = await facilitator.mutate(
        CLUSTER, {"s": cafe.session_id, "name": "X", "ids": [mine, foreign]}
    )
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("noteIds", "NOT_FOUND")]
    nameless = await facilitator.mutate(CLUSTER, {"s": cafe.session_id, "name": " ", "ids": [mine]})
    assert [(e["field"], e["code"]) for e in nameless["errors"]] == [("name", "REQUIRED")]


async def test_summary_for_outsiders_follows_read_rules(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, public=True)
    await write(cafe, cafe.as_organiser(), "Lokaler")
    assert (await gql.data(SUMMARY, {"id": cafe.session_id})) == {"cafeSummary": None}
    ok(
        await cafe.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": cafe.session_id},
        )
    )
    closed = (await gql.data(SUMMARY, {"id": cafe.session_id}))["cafeSummary"]
    assert closed["final"] is True
    assert closed["answers"][0]["label"] == "Lokaler"


async def test_export_as_markdown_and_csv(
    cafe: Cafe, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    guest_token = await cafe.join_guest("Gäst Gästsson")
    await write(cafe, gql.as_(guest_token), "Lokaler för möten, aktiviteter och evenemang")
    await write(cafe, cafe.as_organiser(), "Lokaler för möten, aktiviteter och evenemang", table=1)
    markdown = await export(http, cafe, "md", cafe.organiser.token)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Dialogmöte")
    assert "## Omgång 1: Fråga 1? (Självständighet och oberoende)" in markdown.text
    assert "1. Lokaler för möten, aktiviteter och evenemang — 2 anteckningar" in markdown.text
    assert "Gäst Gästsson" in markdown.text
    table = await export(http, cafe, "csv", guest_token)
    assert table.status_code == 200
    assert table.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(table.text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["omgång", "fråga", "princip", "bord", "anteckning"]
    assert len(rows) == 3
    assert {row[3] for row in rows[1:]} == {"Bord 1", "Bord 2"}


async def test_csv_cells_never_run_as_spreadsheet_formulas(
    cafe: Cafe, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    guest = gql.as_(await cafe.join_guest("=Gäst"))
    formulas = ['=HYPERLINK("http://evil.example","Klicka")', "+1+1", "-2+3", "@SUM(A1)"]
    for text in formulas:
        await write(cafe, guest, text)
    await write(cafe, guest, "Vanlig text - med streck")
    table = await export(http, cafe, "csv", cafe.organiser.token)
    rows = list(csv.reader(io.StringIO(table.text.lstrip("\ufeff"))))
    notes = {row[4] for row in rows[1:]}
    assert notes == {"'" + text for text in formulas} | {"Vanlig text - med streck"}
    assert {row[7] for row in rows[1:]} == {"'=Gäst"}


async def test_export_follows_read_rules(
    cafe: Cafe, http: httpx.AsyncClient, runtime: Runtime
) -> None:
    stranger = await make_person(runtime.db)
    assert (await export(http, cafe, "md", None)).status_code == 404
    assert (await export(http, cafe, "csv", stranger.token)).status_code == 404
    assert (await export(http, cafe, "md", "svk_bogus")).status_code == 401
    assert (await export(http, cafe, "pdf", cafe.organiser.token)).status_code == 404


async def test_anonymous_notes_export_without_authors(
    gql: GraphQLClient, runtime: Runtime, http: httpx.AsyncClient
) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=True)
    await write(cafe, gql.as_(await cafe.join_guest("Hemlig Person")), "Anonymt")
    markdown = await export(http, cafe, "md", cafe.organiser.token)
    assert "Anonymt" in markdown.text
    assert "Hemlig Person" not in markdown.text


async def test_a_closed_public_session_exports_for_anyone_with_the_notes_behind_each_answer(
    gql: GraphQLClient, runtime: Runtime, http: httpx.AsyncClient
) -> None:
    cafe = await make_cafe(gql, runtime, public=True)
    await write(cafe, gql.as_(await cafe.join_guest("Gäst Gästsson")), "Lokaler att dela", table=0)
    await write(cafe, cafe.as_organiser(), "Lokaler att dela", table=1)
    assert (await export(http, cafe, "md", None)).status_code == 404  # not while live
    ok(
        await cafe.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": cafe.session_id},
        )
    )
    markdown = await export(http, cafe, "md", None)
    csv = await export(http, cafe, "csv", None)
    assert (markdown.status_code, csv.status_code) == (200, 200)
    assert "Lokaler att dela" in markdown.text
    assert csv.text.count("Lokaler att dela") == 2
    # readers from outside the session do not learn who wrote what
    assert "Gäst Gästsson" not in markdown.text
    assert "Gäst Gästsson" not in csv.text
    behind = (
        await gql.data(
            "query($id: ID!) { cafeSummary(sessionId: $id) { answers { label noteCount notes { text table { name } } } } }",
            {"id": cafe.session_id},
        )
    )["cafeSummary"]["answers"]
    assert [(a["label"], a["noteCount"]) for a in behind] == [("Lokaler att dela", 2)]
    assert sorted(n["table"]["name"] for n in behind[0]["notes"]) == ["Bord 1", "Bord 2"]


CLUSTER_ONLY = """mutation($s: ID!, $name: String!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: $name, noteIds: $ids}) { errors { code } } }"""


async def test_clustering_more_notes_costs_only_their_log_records(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=20)
    organiser = cafe.as_organiser()
    await cafe.join(cafe.organiser, table=0)  # to vote, as hosts do once they join
    notes = [ok(await cafe.note(organiser, f"Anteckning {n}"))["note"]["id"] for n in range(10)]
    for note in notes:
        ok(await organiser.mutate(VOTE, {"id": note, "dots": 1}))
    counts = []
    for name, ids in (("Två", notes[:2]), ("Åtta", notes[2:])):
        with count_statements(runtime.db.engine) as log:
            ok(
                await organiser.mutate(
                    CLUSTER_ONLY, {"s": cafe.session_id, "name": name, "ids": ids}
                )
            )
        counts.append(log.count)
    # six more notes: each needs its sequence number and its event row, nothing more
    assert counts[1] - counts[0] <= 2 * 6


async def test_a_summary_is_worked_out_once_however_many_aliases_ask(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    for n in range(3):
        await write(cafe, cafe.as_organiser(), f"Svar {n}")
    one = "query($id: ID!) { a0: cafeSummary(sessionId: $id) { noteCount } }"
    many = (
        "query($id: ID!) { "
        + " ".join(f"a{n}: cafeSummary(sessionId: $id) {{ noteCount }}" for n in range(20))
        + " }"
    )
    counts = []
    for query in (one, many):
        with count_statements(runtime.db.engine) as log:
            data = await cafe.as_organiser().data(query, {"id": cafe.session_id})
        assert {answer["noteCount"] for answer in data.values()} == {3}
        counts.append(log.count)
    assert counts[0] == counts[1]


async def test_an_author_edits_a_note_a_facilitator_grouped_meanwhile(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    author = gql.as_(await cafe.join_guest("Författare"))
    note = ok(await cafe.note(author, "Fler mötesplatser"))["note"]
    ok(
        await cafe.as_facilitator().mutate(
            CLUSTER, {"s": cafe.session_id, "name": "Mötesplatser", "ids": [note["id"]]}
        )
    )
    # the grouping changed no text: the version the author saw still holds
    edited = ok(
        await author.mutate(
            EDIT_NOTE, {"id": note["id"], "text": "Fler mötesplatser i city", "v": note["version"]}
        )
    )["note"]
    assert (edited["text"], edited["version"]) == ("Fler mötesplatser i city", note["version"] + 1)
    # and the note stays in its group
    summary = (await cafe.as_facilitator().data(SUMMARY, {"id": cafe.session_id}))["cafeSummary"]
    assert [(a["label"], a["noteCount"]) for a in summary["answers"]] == [("Mötesplatser", 1)]
