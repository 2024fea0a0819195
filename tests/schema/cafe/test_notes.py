"""Notes: added once per client id, written where one may, edited against a version,
deleted (also from the log), voted on within a budget."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.runtime import Runtime
from app.services.cafe.notes import delete_note
from app.services.clock import now
from app.services.viewer import load_viewer
from db.models import FeedEvent
from schema.relay import decode_id
from tests.support.cafe import EDIT_NOTE, Cafe, make_cafe, stored_notes
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import make_person

DELETE = "mutation($id: ID!) { cafeNoteDelete(input: {id: $id}) { note { deleted text } errors { code } } }"
VOTE = "mutation($id: ID!, $dots: Int!) { cafeNoteVote(input: {noteId: $id, dots: $dots}) { note { voteCount viewerVotes } errors { field code message } } }"
MOVE = """mutation($s: ID!, $t: ID!) {
  cafeParticipantMove(input: {sessionId: $s, tableId: $t}) { errors { code } } }"""
CLOSE = "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }"
NOTES = """query($id: ID!) { cafeSession(id: $id) { notes { totalCount edges { node {
  text version principle author { displayName } table { name } round { position } voteCount viewerCanEdit } } } } }"""


async def test_a_participant_adds_a_note_at_their_table(cafe: Cafe, gql: GraphQLClient) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    payload = ok(await cafe.note(guest, "Ett föreningsregister där alla finns", client_id="c-1"))
    assert payload["note"] | {"id": None} == {
        "id": None, "text": "Ett föreningsregister där alla finns", "version": 1, "clientId": "c-1", "voteCount": 0,
    }  # fmt: skip
    notes = (await guest.data(NOTES, {"id": cafe.session_id}))["cafeSession"]["notes"]
    assert notes["edges"][0]["node"] | {"viewerCanEdit": None} == {
        "text": "Ett föreningsregister där alla finns",
        "version": 1,
        "principle": "AUTONOMY",  # the round's
        "author": {"displayName": "Gäst"},
        "table": {"name": "Bord 1"},
        "round": {"position": 1},
        "voteCount": 0,
        "viewerCanEdit": None,
    }
    assert notes["edges"][0]["node"]["viewerCanEdit"] is True


async def test_sending_a_note_twice_stores_it_once_and_answers_the_same(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    first = ok(await cafe.note(guest, "Lokaler", client_id="retry-1"))
    again = ok(await cafe.note(guest, "Lokaler", client_id="retry-1"))
    assert again == first
    assert await stored_notes(runtime) == 1


async def test_concurrent_retries_store_the_note_once(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    answers = await asyncio.gather(
        *(cafe.note(guest, "Lokaler", client_id="storm") for _ in range(8))
    )
    assert len({answer["note"]["id"] for answer in answers}) == 1
    assert all(answer["errors"] == [] for answer in answers)
    assert await stored_notes(runtime) == 1


async def test_someone_elses_client_id_is_refused(cafe: Cafe, gql: GraphQLClient) -> None:
    one = gql.as_(await cafe.join_guest("En"))
    two = gql.as_(await cafe.join_guest("Två"))
    ok(await cafe.note(one, "Min", client_id="shared"))
    assert codes(await cafe.note(two, "Din", client_id="shared")) == ["DUPLICATE"]


async def test_where_one_may_write(cafe: Cafe, gql: GraphQLClient, runtime: Runtime) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    assert codes(await cafe.note(guest, "Fel bord", table=1)) == ["FORBIDDEN"]
    # the facilitator hosts table 1 only; the organiser writes anywhere
    ok(await cafe.note(cafe.as_facilitator(), "Värdens anteckning", table=0))
    assert codes(await cafe.note(cafe.as_facilitator(), "Inte mitt bord", table=1)) == ["FORBIDDEN"]
    ok(await cafe.note(cafe.as_organiser(), "Organisatörens", table=1))
    stranger = await make_person(runtime.db)
    assert codes(await cafe.note(gql.as_(stranger.token), "Utifrån")) == ["NOT_FOUND"]
    assert codes(await cafe.note(gql, "Anonym")) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("text", "code"), [("", "REQUIRED"), ("   ", "REQUIRED"), ("x" * 1001, "TOO_LONG")]
)
async def test_note_text_is_checked(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime, text: str, code: str
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    assert codes(await cafe.note(guest, text)) == [code]
    assert await stored_notes(runtime) == 0


async def test_bad_client_ids_are_refused(cafe: Cafe, gql: GraphQLClient) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    payload = await cafe.note(guest, "Text", client_id="has space")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("clientId", "INVALID")]


async def test_notes_need_a_started_round_and_a_live_session(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, start=False)
    assert codes(await cafe.note(cafe.as_organiser(), "För tidigt")) == ["CONFLICT"]
    live = await make_cafe(gql, runtime)
    assert codes(await live.note(live.as_organiser(), "Omgång 2 har inte börjat", round_=1)) == [
        "CONFLICT"
    ]


async def test_unknown_or_foreign_ids(cafe: Cafe, gql: GraphQLClient, runtime: Runtime) -> None:
    other = await make_cafe(gql, runtime)
    cafe.tables.append(other.tables[0])
    payload = await cafe.note(cafe.as_organiser(), "Annat bord", table=2)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("tableId", "NOT_FOUND")]


async def test_edit_with_the_version_seen(cafe: Cafe, gql: GraphQLClient) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Lokaler"))["note"]
    edited = ok(
        await guest.mutate(EDIT_NOTE, {"id": note["id"], "text": "Lokaler för möten", "v": 1})
    )
    assert edited["note"] == {"id": note["id"], "text": "Lokaler för möten", "version": 2}


async def test_a_stale_edit_is_a_conflict_carrying_the_current_text(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Lokaler"))["note"]
    ok(
        await cafe.as_facilitator().mutate(
            EDIT_NOTE, {"id": note["id"], "text": "Lokaler för möten", "v": 1}
        )
    )
    stale = await guest.mutate(
        EDIT_NOTE, {"id": note["id"], "text": "Lokaler och utrustning", "v": 1}
    )
    assert [(e["field"], e["code"]) for e in stale["errors"]] == [("expectedVersion", "CONFLICT")]
    assert stale["note"] == {"id": note["id"], "text": "Lokaler för möten", "version": 2}


async def test_concurrent_edits_against_one_version_keep_exactly_one(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Start"))["note"]
    editors = [guest, cafe.as_facilitator(), cafe.as_organiser()]
    answers = await asyncio.gather(
        *(
            client.mutate(EDIT_NOTE, {"id": note["id"], "text": f"Version {n}", "v": 1})
            for n, client in enumerate(editors)
        )
    )
    assert sorted(codes(a) for a in answers) == [[], ["CONFLICT"], ["CONFLICT"]]
    winner = next(a for a in answers if not a["errors"])["note"]["text"]
    assert all(a["note"]["text"] == winner for a in answers)


async def test_who_may_edit(cafe: Cafe, gql: GraphQLClient) -> None:
    author = gql.as_(await cafe.join_guest("Författare", table=1))
    neighbour = gql.as_(await cafe.join_guest("Granne", table=1))
    note = ok(await cafe.note(author, "Min text", table=1))["note"]
    assert codes(
        await neighbour.mutate(EDIT_NOTE, {"id": note["id"], "text": "Ändrat", "v": 1})
    ) == ["FORBIDDEN"]
    # the facilitator hosts table 1 only
    assert codes(
        await cafe.as_facilitator().mutate(EDIT_NOTE, {"id": note["id"], "text": "Ändrat", "v": 1})
    ) == ["FORBIDDEN"]
    ok(await cafe.as_organiser().mutate(EDIT_NOTE, {"id": note["id"], "text": "Ändrat", "v": 1}))


async def test_delete_removes_the_note_and_its_text_from_the_log(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Mitt telefonnummer är 070-1234567"))["note"]
    deleted = ok(await guest.mutate(DELETE, {"id": note["id"]}))
    assert deleted["note"] == {"deleted": True, "text": ""}
    assert (await guest.data(NOTES, {"id": cafe.session_id}))["cafeSession"]["notes"][
        "totalCount"
    ] == 0
    async with runtime.db.read() as session:
        payloads = (await session.scalars(select(FeedEvent.payload))).all()
    assert "070-1234567" not in str(payloads)
    assert codes(await guest.mutate(DELETE, {"id": note["id"]})) == ["NOT_FOUND"]
    assert codes(await guest.mutate(EDIT_NOTE, {"id": note["id"], "text": "x", "v": 2})) == [
        "NOT_FOUND"
    ]


async def test_dot_voting_within_the_budget(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)
    voter = gql.as_(await cafe.join_guest("Röstare"))
    first = ok(await cafe.note(cafe.as_facilitator(), "Ett"))["note"]["id"]
    second = ok(await cafe.note(cafe.as_facilitator(), "Två"))["note"]["id"]
    assert ok(await voter.mutate(VOTE, {"id": first, "dots": 2}))["note"] == {
        "voteCount": 2,
        "viewerVotes": 2,
    }
    over = await voter.mutate(VOTE, {"id": second, "dots": 2})
    assert [(e["field"], e["code"]) for e in over["errors"]] == [("dots", "INVALID")]
    ok(await voter.mutate(VOTE, {"id": second, "dots": 1}))
    # moving dots: take back from the first, give to the second
    ok(await voter.mutate(VOTE, {"id": first, "dots": 0}))
    assert ok(await voter.mutate(VOTE, {"id": second, "dots": 3}))["note"] == {
        "voteCount": 3,
        "viewerVotes": 3,
    }
    assert codes(await voter.mutate(VOTE, {"id": second, "dots": -1})) == ["INVALID"]


async def test_votes_are_cast_at_ones_own_table(cafe: Cafe, gql: GraphQLClient) -> None:
    elsewhere = gql.as_(await cafe.join_guest("Annat bord", table=1))
    note = ok(await cafe.note(cafe.as_facilitator(), "Bord 1"))["note"]["id"]
    assert codes(await elsewhere.mutate(VOTE, {"id": note, "dots": 1})) == ["FORBIDDEN"]
    assert codes(await cafe.as_organiser().mutate(VOTE, {"id": note, "dots": 1})) == ["FORBIDDEN"]


async def test_dots_on_a_deleted_note_return_to_the_budget(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=2)
    voter = gql.as_(await cafe.join_guest("Röstare"))
    doomed = ok(await cafe.note(cafe.as_facilitator(), "Strykes"))["note"]["id"]
    kept = ok(await cafe.note(cafe.as_facilitator(), "Står kvar"))["note"]["id"]
    ok(await voter.mutate(VOTE, {"id": doomed, "dots": 2}))
    assert codes(await voter.mutate(VOTE, {"id": kept, "dots": 1})) == ["INVALID"]
    ok(await cafe.as_facilitator().mutate(DELETE, {"id": doomed}))
    assert ok(await voter.mutate(VOTE, {"id": kept, "dots": 2}))["note"] == {
        "voteCount": 2,
        "viewerVotes": 2,
    }


async def test_after_moving_dots_can_be_taken_back_but_not_added_at_the_old_table(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)
    voter = gql.as_(await cafe.join_guest("Flyttar", table=0))
    old_table = ok(await cafe.note(cafe.as_organiser(), "Bord 1", table=0))["note"]["id"]
    new_table = ok(await cafe.note(cafe.as_organiser(), "Bord 2", table=1))["note"]["id"]
    ok(await voter.mutate(VOTE, {"id": old_table, "dots": 2}))
    ok(await voter.mutate(MOVE, {"s": cafe.session_id, "t": cafe.tables[1]}))
    assert codes(await voter.mutate(VOTE, {"id": old_table, "dots": 3})) == ["FORBIDDEN"]
    assert ok(await voter.mutate(VOTE, {"id": old_table, "dots": 1}))["note"] == {
        "voteCount": 1,
        "viewerVotes": 1,
    }
    ok(await voter.mutate(VOTE, {"id": old_table, "dots": 0}))
    ok(await voter.mutate(VOTE, {"id": new_table, "dots": 3}))


async def test_anonymous_sessions_hide_authors(gql: GraphQLClient, runtime: Runtime) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=True)
    guest = gql.as_(await cafe.join_guest("Gäst"))
    ok(await cafe.note(guest, "Anonymt"))
    notes = (await cafe.as_organiser().data(NOTES, {"id": cafe.session_id}))["cafeSession"]["notes"]
    assert notes["edges"][0]["node"]["author"] is None


async def test_reading_private_and_public_sessions(gql: GraphQLClient, runtime: Runtime) -> None:
    private, public = await make_cafe(gql, runtime), await make_cafe(gql, runtime, public=True)
    for cafe in (private, public):
        ok(await cafe.note(cafe.as_organiser(), "Anteckning"))
    stranger = await make_person(runtime.db)
    for client in (gql, gql.as_(stranger.token)):
        assert (await client.data(NOTES, {"id": private.session_id})) == {"cafeSession": None}
        # public, but still live: for the people in the room
        assert (await client.data(NOTES, {"id": public.session_id})) == {"cafeSession": None}
    ok(
        await public.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": public.session_id},
        )
    )
    closed = (await gql.data(NOTES, {"id": public.session_id}))["cafeSession"]["notes"]
    assert closed["edges"][0]["node"]["text"] == "Anteckning"
    # readers outside the session do not see who wrote what
    assert closed["edges"][0]["node"]["author"] is None
    listed = await gql.data("{ cafeSessions { edges { node { id } } } }")
    assert listed["cafeSessions"]["edges"] == [{"node": {"id": public.session_id}}]


async def test_a_vote_waiting_while_its_note_is_deleted_finds_no_note(
    cafe: Cafe, gql: GraphQLClient, runtime: Runtime
) -> None:
    # given a note, and its author deleting it in a transaction not yet committed
    author_token = await cafe.join_guest("Författare")
    voter = gql.as_(await cafe.join_guest("Röstare"))
    note = ok(await cafe.note(gql.as_(author_token), "Ring mig på 070-7654321"))["note"]
    async with runtime.db.write() as session:
        author = await load_viewer(session, author_token, now())
        await delete_note(session, author, decode_id(note["id"], "CafeNote"))
        # when a vote on the note arrives meanwhile (it waits for the session's lock)
        vote = asyncio.create_task(voter.mutate(VOTE, {"id": note["id"], "dots": 1}))
        await asyncio.sleep(0.3)
        assert not vote.done()
    # then, once the delete has committed, the vote finds no note, and writes nothing
    assert codes(await vote) == ["NOT_FOUND"]
    async with runtime.db.read() as session:
        payloads = (await session.scalars(select(FeedEvent.payload))).all()
        kinds = (await session.scalars(select(FeedEvent.kind).order_by(FeedEvent.seq))).all()
    assert "070-7654321" not in str(payloads)
    assert kinds[-1] == "NOTE_DELETED"


async def test_votes_only_while_the_session_is_live(cafe: Cafe, gql: GraphQLClient) -> None:
    voter = gql.as_(await cafe.join_guest("Röstare"))
    note = ok(await cafe.note(cafe.as_facilitator(), "Ett"))["note"]["id"]
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    assert codes(await voter.mutate(VOTE, {"id": note, "dots": 1})) == ["CONFLICT"]
    assert codes(await voter.mutate(VOTE, {"id": "Q2FmZU5vdGU6OTk5OQ==", "dots": 1})) == [
        "NOT_FOUND"
    ]


async def test_after_closing_the_moderators_may_still_tidy_notes_but_authors_may_not(
    cafe: Cafe, gql: GraphQLClient
) -> None:
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    note = ok(await cafe.note(guest, "Lokaler"))["note"]["id"]
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    can_edit = "query($id: ID!) { node(id: $id) { ... on CafeNote { viewerCanEdit } } }"
    assert (await guest.data(can_edit, {"id": note}))["node"] == {"viewerCanEdit": False}
    assert codes(await guest.mutate(EDIT_NOTE, {"id": note, "text": "Lokal", "v": 1})) == [
        "CONFLICT"
    ]
    assert codes(await guest.mutate(DELETE, {"id": note})) == ["CONFLICT"]
    facilitator = cafe.as_facilitator()
    assert (await facilitator.data(can_edit, {"id": note}))["node"] == {"viewerCanEdit": True}
    edited = ok(
        await facilitator.mutate(EDIT_NOTE, {"id": note, "text": "Lokaler att dela", "v": 1})
    )
    assert edited["note"]["text"] == "Lokaler att dela"


BUDGET = """mutation($id: ID!, $budget: Int!) {
  cafeSessionUpdate(input: {id: $id, voteBudget: $budget}) { errors { code } } }"""


async def test_dots_can_be_taken_back_after_the_budget_was_lowered(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime, budget=3)
    voter = gql.as_(await cafe.join_guest("Röstare"))
    note = ok(await cafe.note(cafe.as_facilitator(), "Ett"))["note"]["id"]
    ok(await voter.mutate(VOTE, {"id": note, "dots": 3}))
    ok(await cafe.as_organiser().mutate(BUDGET, {"id": cafe.session_id, "budget": 1}))
    # still over the new budget, but fewer dots than before: allowed
    assert ok(await voter.mutate(VOTE, {"id": note, "dots": 2}))["note"]["viewerVotes"] == 2
    # more again is not, until within the budget
    assert codes(await voter.mutate(VOTE, {"id": note, "dots": 3})) == ["INVALID"]
    ok(await voter.mutate(VOTE, {"id": note, "dots": 0}))
    assert codes(await voter.mutate(VOTE, {"id": note, "dots": 2})) == ["INVALID"]
    assert ok(await voter.mutate(VOTE, {"id": note, "dots": 1}))["note"]["viewerVotes"] == 1
