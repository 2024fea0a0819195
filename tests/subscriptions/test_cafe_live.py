"""cafeSessionEvents over WebSocket: replay then live, no gap and no duplicate; reconnecting
with afterSeq; who may follow; the Done-when walk-through."""

from __future__ import annotations

import asyncio
import json

import pytest

from app.runtime import Runtime
from tests.support.cafe import EDIT_NOTE, START_ROUND, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person
from tests.support.waiting import until_following
from tests.support.ws import EVENTS, EventCollector, ws_client

VOTE = "mutation($id: ID!) { cafeNoteVote(input: {noteId: $id, dots: 1}) { errors { code } } }"
CLUSTER = """mutation($s: ID!, $ids: [ID!]!) {
  cafeClusterCreate(input: {sessionId: $s, name: "Register", noteIds: $ids}) { errors { code } } }"""
LEAVE = "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { errors { code } } }"
WITH_CLUSTERS = EVENTS.replace(
    "note { id text version }", "note { id text version cluster { name } }"
)


async def test_a_facilitator_and_a_guest_see_each_others_notes_live(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest_token = await cafe.join_guest("Gäst", table=0)
    start = await cafe.last_seq()
    async with ws_client(server) as facilitator_ws, ws_client(server) as guest_ws:
        await facilitator_ws.init(cafe.facilitator.token)
        await guest_ws.init(guest_token)
        facilitator_events, guest_events = EventCollector(facilitator_ws), EventCollector(guest_ws)
        await facilitator_events.start(cafe.session_id, start)
        await guest_events.start(cafe.session_id, start)
        await until_following(runtime, cafe.session_id, 2)
        ok(await cafe.note(cafe.as_facilitator(), "Från facilitatorn"))
        ok(await cafe.note(gql.as_(guest_token), "Från gästen"))
        end = await cafe.last_seq()
        for collector in (facilitator_events, guest_events):
            events = await collector.until_seq(end)
            texts = [e["note"]["text"] for e in events if e["kind"] == "NOTE_ADDED"]
            assert texts == ["Från facilitatorn", "Från gästen"]
            assert collector.seqs() == list(range(start + 1, end + 1))


async def test_replay_from_zero_then_live_without_gap_or_duplicate(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = cafe.as_organiser()
    for n in range(5):
        ok(await cafe.note(organiser, f"Före {n}"))
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        collector = EventCollector(ws)
        # notes keep arriving while the replay is read
        writer = asyncio.ensure_future(
            asyncio.gather(*(cafe.note(organiser, f"Under {n}") for n in range(10)))
        )
        await collector.start(cafe.session_id, 0)
        await writer
        end = await cafe.last_seq()
        events = await collector.until_seq(end)
        assert collector.seqs() == list(range(1, end + 1))
        added = [e["note"]["text"] for e in events if e["kind"] == "NOTE_ADDED"]
        assert sorted(added) == sorted(
            [f"Före {n}" for n in range(5)] + [f"Under {n}" for n in range(10)]
        )


async def test_reconnecting_with_after_seq_gets_what_was_missed_once(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = cafe.as_organiser()
    note = ok(await cafe.note(organiser, "Första"))["note"]
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        collector = EventCollector(ws)
        await collector.start(cafe.session_id, 0)
        seen = await collector.until_seq(await cafe.last_seq())
    # the connection drops; the room goes on
    ok(await organiser.mutate(EDIT_NOTE, {"id": note["id"], "text": "Första, ändrad", "v": 1}))
    ok(await cafe.note(organiser, "Medan du var borta"))
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        again = EventCollector(ws)
        await again.start(cafe.session_id, seen[-1]["seq"])
        await until_following(runtime, cafe.session_id)
        ok(await cafe.note(organiser, "Efter återanslutningen"))
        missed = await again.until_seq(await cafe.last_seq())
    assert [e["seq"] for e in missed] == list(range(seen[-1]["seq"] + 1, missed[-1]["seq"] + 1))
    assert [(e["kind"], e["note"]["text"]) for e in missed if e["note"]] == [
        ("NOTE_EDITED", "Första, ändrad"),
        ("NOTE_ADDED", "Medan du var borta"),
        ("NOTE_ADDED", "Efter återanslutningen"),
    ]


async def test_events_show_objects_as_they_were(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    note = ok(await cafe.note(cafe.as_organiser(), "Version ett"))["note"]
    ok(
        await cafe.as_organiser().mutate(
            EDIT_NOTE, {"id": note["id"], "text": "Version två", "v": 1}
        )
    )
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        collector = EventCollector(ws)
        await collector.start(cafe.session_id, 0)
        events = await collector.until_seq(await cafe.last_seq())
    history = [(e["kind"], e["note"]["text"], e["note"]["version"]) for e in events if e["note"]]
    assert history == [("NOTE_ADDED", "Version ett", 1), ("NOTE_EDITED", "Version två", 2)]


async def test_private_sessions_refuse_strangers(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    stranger = await make_person(runtime.db)
    for token in (None, stranger.token):
        async with ws_client(server) as ws:
            await ws.init(token)
            await ws.subscribe("e", EVENTS, {"s": cafe.session_id, "a": 0})
            message = await ws.receive()
            assert message["type"] == "error"
            assert message["payload"][0]["extensions"] == {"code": "NOT_FOUND"}


async def test_anyone_may_follow_a_closed_public_session(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime, public=True)
    ok(await cafe.note(gql.as_(await cafe.join_guest("Gäst")), "Offentlig"))
    ok(
        await cafe.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": cafe.session_id},
        )
    )
    people = """subscription($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) {
      seq kind facilitatorName note { text } participant { displayName }
      table { facilitators { nodes { displayName } } } } }"""
    seen = {}
    for name, token in (("outsider", None), ("organiser", cafe.organiser.token)):
        async with ws_client(server) as ws:
            await ws.init(token)
            collector = EventCollector(ws)
            await collector.start(cafe.session_id, 0, people)
            seen[name] = await collector.until_seq(await cafe.last_seq())
    events = seen["outsider"]
    assert "Offentlig" in [e["note"]["text"] for e in events if e["note"]]
    assert events[-1]["kind"] == "SESSION_CLOSED"
    # people stay with the people in the room: participants, facilitators
    assert all(e["participant"] is None and e["facilitatorName"] is None for e in events)
    assert all(e["table"]["facilitators"] is None for e in events if e["table"])
    named = [e["facilitatorName"] for e in seen["organiser"] if e["kind"] == "FACILITATOR_ADDED"]
    assert named == ["Facilitator"]


async def test_an_after_seq_outside_the_log_is_refused(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    last = await cafe.last_seq()
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        for after_seq, words in (
            (-1, "negative"),
            (last + 1, f"beyond the last event ({last})"),
        ):
            await ws.subscribe("e", EVENTS, {"s": cafe.session_id, "a": after_seq})
            message = await ws.receive()
            assert message["type"] == "error"
            assert words in message["payload"][0]["message"]
        # the last seq itself is where a client that has seen everything resumes
        collector = EventCollector(ws, "resume")
        await collector.start(cafe.session_id, last)
        ok(await cafe.note(cafe.as_organiser(), "Nästa"))
        assert (await collector.until_seq(last + 1))[0]["seq"] == last + 1


async def test_round_timeboxes_reach_everyone_as_one_instant(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime, start=False, timebox=300)
    async with ws_client(server) as first, ws_client(server) as second:
        collectors = []
        for ws in (first, second):
            await ws.init(cafe.organiser.token)
            collectors.append(EventCollector(ws))
            await collectors[-1].start(cafe.session_id, await cafe.last_seq())
        await until_following(runtime, cafe.session_id, 2)
        ok(
            await cafe.as_organiser().mutate(
                "mutation($id: ID!) { cafeRoundStart(input: {id: $id}) { errors { code } } }",
                {"id": cafe.rounds[0]},
            )
        )
        end = await cafe.last_seq()
        started = [
            next(e for e in await c.until_seq(end) if e["kind"] == "ROUND_STARTED")["round"][
                "endsAt"
            ]
            for c in collectors
        ]
    assert started[0] == started[1] is not None


async def test_members_of_a_group_get_the_same_bytes(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    tokens = [await cafe.join_guest(f"Gäst {n}") for n in range(5)]
    start = await cafe.last_seq()
    clients = [ws_client(server) for _ in tokens]
    sockets = [await c.__aenter__() for c in clients]
    try:
        collectors = []
        for ws, token in zip(sockets, tokens, strict=True):
            await ws.init(token)
            collectors.append(EventCollector(ws, "same-id"))
            await collectors[-1].start(cafe.session_id, start)
        await until_following(runtime, cafe.session_id, 5)
        # guests share one scope (participant, not logged in): one rendering group
        groups = [g for g in runtime.fanout.groups.values() if g.key.key]
        assert len(groups) == 1
        assert len(groups[0].members) == 5
        ok(await cafe.note(cafe.as_organiser(), "Till alla"))
        end = await cafe.last_seq()
        for collector in collectors:
            await collector.until_seq(end)
        assert len({collector.frames[-1] for collector in collectors}) == 1
    finally:
        for client in clients:
            await client.__aexit__(None, None, None)


async def test_viewer_specific_fields_are_rendered_per_viewer(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    author_token, other_token = await cafe.join_guest("Författare"), await cafe.join_guest("Annan")
    query = "subscription($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) { seq kind note { text viewerCanEdit } } }"
    start = await cafe.last_seq()
    async with ws_client(server) as author_ws, ws_client(server) as other_ws:
        collectors = {}
        for name, ws, token in (
            ("author", author_ws, author_token),
            ("other", other_ws, other_token),
        ):
            await ws.init(token)
            collectors[name] = EventCollector(ws)
            await collectors[name].start(cafe.session_id, start, query)
        await until_following(runtime, cafe.session_id, 2)
        ok(await cafe.note(gql.as_(author_token), "Min anteckning"))
        end = await cafe.last_seq()
        can_edit = {
            name: next(e for e in await c.until_seq(end) if e["kind"] == "NOTE_ADDED")["note"][
                "viewerCanEdit"
            ]
            for name, c in collectors.items()
        }
    assert can_edit == {"author": True, "other": False}


async def test_deleted_text_is_not_replayed(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        live = EventCollector(ws)
        await live.start(cafe.session_id, await cafe.last_seq())
        await until_following(runtime, cafe.session_id)
        note = ok(await cafe.note(cafe.as_organiser(), "Hemlighet 070-1234567"))["note"]
        ok(
            await cafe.as_organiser().mutate(
                "mutation($id: ID!) { cafeNoteDelete(input: {id: $id}) { errors { code } } }",
                {"id": note["id"]},
            )
        )
        await live.until_seq(await cafe.last_seq())
        # a second subscriber joins the same group and replays: from the log, scrubbed
        late = EventCollector(ws, "late")
        await late.start(cafe.session_id, 0)
        replayed = await late.until_seq(await cafe.last_seq())
    assert "070-1234567" not in json.dumps(replayed)
    assert [e["kind"] for e in replayed if e["note"]][-2:] == ["NOTE_ADDED", "NOTE_DELETED"]


async def test_every_kind_of_change_reaches_subscribers_as_its_own_event(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = cafe.as_organiser()
    start = await cafe.last_seq()
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        collector = EventCollector(ws)
        await collector.start(cafe.session_id, start, WITH_CLUSTERS)
        # a guest comes in, writes, votes; the note is clustered; the next round starts; the
        # guest leaves
        guest = gql.as_(await cafe.join_guest("Gäst", table=0))
        note = ok(await cafe.note(guest, "Ett gemensamt register"))["note"]["id"]
        ok(await guest.mutate(VOTE, {"id": note, "dots": 1}))
        ok(await cafe.as_facilitator().mutate(CLUSTER, {"s": cafe.session_id, "ids": [note]}))
        ok(await organiser.mutate(START_ROUND, {"id": cafe.rounds[1]}))
        ok(await guest.mutate(LEAVE, {"id": cafe.session_id}))
        end = await cafe.last_seq()
        events = await collector.until_seq(end)
    assert [e["kind"] for e in events] == [
        "PARTICIPANT_JOINED", "NOTE_ADDED", "NOTE_VOTED", "CLUSTER_CREATED", "NOTE_CLUSTERED",
        "ROUND_ENDED", "ROUND_STARTED", "PARTICIPANT_LEFT",
    ]  # fmt: skip
    assert collector.seqs() == list(range(start + 1, end + 1))
    by_kind = {e["kind"]: e for e in events}
    assert by_kind["PARTICIPANT_JOINED"]["participant"] == {"displayName": "Gäst"}
    assert by_kind["PARTICIPANT_LEFT"]["participant"] == {"displayName": "Gäst"}
    assert by_kind["NOTE_VOTED"]["note"]["id"] == note
    clustered = by_kind["NOTE_CLUSTERED"]["note"]
    assert (clustered["id"], clustered["cluster"]) == (note, {"name": "Register"})
    assert clustered["version"] == 1  # no text changed
    assert by_kind["NOTE_ADDED"]["note"]["cluster"] is None
    assert by_kind["ROUND_ENDED"]["round"]["position"] == 1
    assert by_kind["ROUND_STARTED"]["round"]["position"] == 2


AUTHORS = """subscription($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) {
  seq kind note { text author { displayName } } } }"""


@pytest.mark.parametrize("anonymous", [True, False])
async def test_events_name_authors_only_outside_anonymous_sessions(
    gql: GraphQLClient, runtime: Runtime, server: str, anonymous: bool
) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=anonymous)
    writer, reader = await cafe.join_guest("Skribent"), await cafe.join_guest("Läsare")
    start = await cafe.last_seq()
    async with ws_client(server) as organiser_ws, ws_client(server) as reader_ws:
        collectors = []
        for ws, token in ((organiser_ws, cafe.organiser.token), (reader_ws, reader)):
            await ws.init(token)
            collectors.append(EventCollector(ws))
            await collectors[-1].start(cafe.session_id, start, AUTHORS)
        await until_following(runtime, cafe.session_id, 2)
        ok(await cafe.note(gql.as_(writer), "Vem skrev detta?"))
        end = await cafe.last_seq()
        for collector in collectors:
            (event,) = await collector.until_seq(end)
            expected = None if anonymous else {"displayName": "Skribent"}
            assert event["note"] == {"text": "Vem skrev detta?", "author": expected}
        # a replay from the log hides the author just the same
        async with ws_client(server) as late_ws:
            await late_ws.init(reader)
            late = EventCollector(late_ws)
            await late.start(cafe.session_id, start, AUTHORS)
            (replayed,) = await late.until_seq(end)
            assert replayed["note"]["author"] == (
                None if anonymous else {"displayName": "Skribent"}
            )


MAKE_ANONYMOUS = """mutation($id: ID!) {
  cafeSessionUpdate(input: {id: $id, anonymousNotes: true}) { errors { code } } }"""


async def test_a_session_made_anonymous_replays_its_notes_without_authors(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    writer, reader = await cafe.join_guest("Skribent"), await cafe.join_guest("Läsare")
    start = await cafe.last_seq()
    async with ws_client(server) as live_ws:
        await live_ws.init(reader)
        live = EventCollector(live_ws)
        await live.start(cafe.session_id, start, AUTHORS)
        await until_following(runtime, cafe.session_id)
        ok(await cafe.note(gql.as_(writer), "Först med namn"))
        ok(await cafe.as_organiser().mutate(MAKE_ANONYMOUS, {"id": cafe.session_id}))
        end = await cafe.last_seq()
        await live.until_seq(end)
        # a reader catching up now (served from the group's memory, if anywhere) sees no author
        async with ws_client(server) as late_ws:
            await late_ws.init(reader)
            late = EventCollector(late_ws)
            await late.start(cafe.session_id, start, AUTHORS)
            replayed = await late.until_seq(end)
            assert replayed[0]["note"] == {"text": "Först med namn", "author": None}
