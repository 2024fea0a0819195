"""cafePresence: who is connected at which table, and who is typing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.cafe.events import CAFE_SESSION
from app.services.live.presence import PresenceKind, PresenceUpdate
from schema.relay import decode_id
from subscriptions.backends.postgres import MAX_PAYLOAD_BYTES
from subscriptions.live.presence import PresenceBoard
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import make_person
from tests.support.ws import EVENTS, WSClient, ws_client

PRESENCE = """subscription($s: ID!) { cafePresence(sessionId: $s) {
  kind entries { typing participant { displayName } table { name } }
  participant { displayName } table { name } } }"""
TYPING = "mutation($s: ID!, $t: ID!) { cafeTyping(input: {sessionId: $s, tableId: $t}) { ok errors { code } } }"


async def next_presence(ws: WSClient, kind: str) -> dict[str, Any]:
    async with asyncio.timeout(10):
        while True:
            message = await ws.receive()
            event = message["payload"]["data"]["cafePresence"]
            if event["kind"] == kind:
                return dict(event)


async def test_connected_typing_and_disconnected(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest_token = await cafe.join_guest("Gäst", table=1)
    async with ws_client(server) as watcher:
        await watcher.init(cafe.facilitator.token)
        await watcher.subscribe("p", PRESENCE, {"s": cafe.session_id})
        snapshot = await next_presence(watcher, "SNAPSHOT")
        assert snapshot["entries"] == []
        async with ws_client(server) as guest:
            await guest.init(guest_token)
            # following the session's events is what makes someone present
            await guest.subscribe("e", EVENTS, {"s": cafe.session_id, "a": None})
            connected = await next_presence(watcher, "CONNECTED")
            assert connected["participant"] == {"displayName": "Gäst"}
            assert connected["table"] == {"name": "Bord 2"}
            assert ok(
                await gql.as_(guest_token).mutate(
                    TYPING, {"s": cafe.session_id, "t": cafe.tables[1]}
                )
            )["ok"]
            typing = await next_presence(watcher, "TYPING")
            assert typing["participant"] == {"displayName": "Gäst"}
            # a newcomer's snapshot shows who is here and typing
            async with ws_client(server) as late:
                await late.init(cafe.organiser.token)
                await late.subscribe("p", PRESENCE, {"s": cafe.session_id})
                late_snapshot = await next_presence(late, "SNAPSHOT")
                assert late_snapshot["entries"] == [
                    {
                        "typing": True,
                        "participant": {"displayName": "Gäst"},
                        "table": {"name": "Bord 2"},
                    }
                ]
        disconnected = await next_presence(watcher, "DISCONNECTED")
        assert disconnected["participant"] == {"displayName": "Gäst"}


async def test_typing_is_throttled_and_only_at_ones_table(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    assert codes(await guest.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[1]})) == [
        "FORBIDDEN"
    ]
    assert codes(await gql.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[0]})) == [
        "NOT_FOUND"
    ]
    async with ws_client(server) as watcher:
        await watcher.init(cafe.organiser.token)
        await watcher.subscribe("p", PRESENCE, {"s": cafe.session_id})
        await next_presence(watcher, "SNAPSHOT")
        for _ in range(5):
            ok(await guest.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[0]}))
        await next_presence(watcher, "TYPING")
        # the four more within the second were not passed on
        try:
            async with asyncio.timeout(0.5):
                extra = await next_presence(watcher, "TYPING")
        except TimeoutError:
            extra = None
        assert extra is None


async def test_presence_is_for_the_people_in_the_room(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime, public=True)
    ok(
        await cafe.as_organiser().mutate(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
            {"id": cafe.session_id},
        )
    )
    stranger = await make_person(runtime.db)
    async with ws_client(server) as ws:
        await ws.init(stranger.token)
        await ws.subscribe("p", PRESENCE, {"s": cafe.session_id})
        message = await ws.receive()
        assert message["type"] == "error"


async def test_typing_with_no_one_watching_here_reaches_the_other_processes_once(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    # given no presence board in this process, and another process listening on the channel
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst", table=0))
    session_id = decode_id(cafe.session_id, "CafeSession")
    async with runtime.hub.subscribe(CAFE_SESSION.presence_channel(session_id)) as other_process:
        # when the guest types twice within a second
        variables = {"s": cafe.session_id, "t": cafe.tables[0]}
        assert ok(await guest.mutate(TYPING, variables))["ok"] is True
        ok(await guest.mutate(TYPING, variables))
        # then one typing message goes out, and no board was set up for it
        said = json.loads((await asyncio.wait_for(other_process.get(), 5)).message)
        assert (said["kind"], said["where"]) == ("typing", decode_id(cafe.tables[0], "CafeTable"))
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(other_process.get(), 0.5)
    assert runtime.feeds.boards == {}


MOVE = """mutation($s: ID!, $t: ID!) {
  cafeParticipantMove(input: {sessionId: $s, tableId: $t}) { errors { code } } }"""


async def test_moving_tables_shows_in_presence_here_and_is_told_to_other_processes(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest_token = await cafe.join_guest("Gäst", table=0)
    session_id = decode_id(cafe.session_id, "CafeSession")
    async with (
        ws_client(server) as watcher,
        ws_client(server) as guest,
        runtime.hub.subscribe(CAFE_SESSION.presence_channel(session_id)) as other_process,
    ):
        await watcher.init(cafe.facilitator.token)
        await watcher.subscribe("p", PRESENCE, {"s": cafe.session_id})
        await next_presence(watcher, "SNAPSHOT")
        await guest.init(guest_token)
        await guest.subscribe("e", EVENTS, {"s": cafe.session_id, "a": None})
        assert (await next_presence(watcher, "CONNECTED"))["table"] == {"name": "Bord 1"}
        ok(await gql.as_(guest_token).mutate(MOVE, {"s": cafe.session_id, "t": cafe.tables[1]}))
        moved = await next_presence(watcher, "MOVED")
        assert (moved["participant"], moved["table"]) == (
            {"displayName": "Gäst"},
            {"name": "Bord 2"},
        )
        # the other processes hear of it too
        async with asyncio.timeout(5):
            while (said := json.loads((await other_process.get()).message))["kind"] != "moved":
                pass
        assert said["where"] == decode_id(cafe.tables[1], "CafeTable")
        # and whoever looks now sees the new table
        async with ws_client(server) as late:
            await late.init(cafe.organiser.token)
            await late.subscribe("p", PRESENCE, {"s": cafe.session_id})
            entries = (await next_presence(late, "SNAPSHOT"))["entries"]
            assert [entry["table"] for entry in entries] == [{"name": "Bord 2"}]


async def test_a_move_told_by_another_process_updates_this_board() -> None:
    board = PresenceBoard(hub=None, key=1, channel="presence", node="here")  # type: ignore[arg-type]
    seen: list[PresenceUpdate] = []

    class Listener:
        def push_presence(self, update: PresenceUpdate) -> None:
            seen.append(update)

    board.listeners[Listener()] = None
    heartbeat = {"node": "there", "kind": "heartbeat", "present": [[7, 1]]}
    await board._on_message(heartbeat)
    await board._on_message({"node": "there", "kind": "moved", "who": 7, "where": 2})
    assert [(u.kind, u.who, u.where) for u in seen] == [
        (PresenceKind.CONNECTED, 7, 1),
        (PresenceKind.MOVED, 7, 2),
    ]
    assert [(e.who, e.where) for e in board.snapshot().entries] == [(7, 2)]
    # a move of someone this board does not know of changes nothing
    await board._on_message({"node": "there", "kind": "moved", "who": 8, "where": 2})
    assert len(seen) == 2


async def test_a_board_that_cannot_listen_says_so_instead_of_keeping_anyone_waiting() -> None:
    class Deaf:
        @asynccontextmanager
        async def subscribe(self, _channel: str) -> AsyncIterator[None]:
            raise ConnectionError("no broadcast")
            yield

    board = PresenceBoard(hub=Deaf(), key=1, channel="presence", node="here")  # type: ignore[arg-type]
    board.start()
    with pytest.raises(RuntimeError, match="could not start"):
        await asyncio.wait_for(board.ready(), 5)
    assert board.stopped
    await board.stop()


async def test_a_big_room_is_told_in_heartbeats_that_fit_a_postgres_notify() -> None:
    said: list[str] = []

    class Recorder:
        async def publish(self, _channel: str, message: str) -> None:
            said.append(message)

    here = PresenceBoard(hub=Recorder(), key=1, channel="presence", node="here")  # type: ignore[arg-type]
    people = range(1_000_000_000, 1_000_000_000 + 2000)  # the session cap, with long ids
    for participant_id in people:
        await here.enter(participant_id, 1_000_000_000 + participant_id % 40)
    said.clear()
    await here._heartbeat()
    assert len(said) > 1
    assert max(len(message.encode()) for message in said) < MAX_PAYLOAD_BYTES
    # another process hearing them knows everyone, at their tables
    there = PresenceBoard(hub=None, key=1, channel="presence", node="there")  # type: ignore[arg-type]
    for message in said:
        await there._on_message(json.loads(message))
    entries = there.snapshot().entries
    assert [(e.who, e.where) for e in entries] == [(p, 1_000_000_000 + p % 40) for p in people]


async def test_hosts_say_they_are_typing_before_their_first_note(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=True)
    seen = await cafe.last_seq()
    async with ws_client(server) as watcher:
        await watcher.init(cafe.organiser.token)
        await watcher.subscribe("p", PRESENCE, {"s": cafe.session_id})
        await next_presence(watcher, "SNAPSHOT")
        for host, table in ((cafe.as_facilitator(), 0), (cafe.as_organiser(), 1)):
            typed = await host.mutate(TYPING, {"s": cafe.session_id, "t": cafe.tables[table]})
            assert typed == {"ok": True, "errors": []}
            typing = await next_presence(watcher, "TYPING")
            assert typing["table"] == {"name": f"Bord {table + 1}"}
        assert typing["participant"] == {"displayName": "Organisatör"}
    # seated to type as writing would seat them: not announced, not listed, one seat each
    assert await cafe.last_seq() == seen
    ok(await cafe.note(cafe.as_facilitator(), "Skrivet efter att ha skrivit på", table=0))
    listed = await cafe.as_organiser().data(
        "query($id: ID!) { cafeSession(id: $id) { participants { totalCount } } }",
        {"id": cafe.session_id},
    )
    assert listed == {"cafeSession": {"participants": {"totalCount": 0}}}
    # a host still types only where they host
    refused = await cafe.as_facilitator().mutate(
        TYPING, {"s": cafe.session_id, "t": cafe.tables[1]}
    )
    assert codes(refused) == ["FORBIDDEN"]


async def test_a_facilitator_following_the_session_is_present_at_their_table(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime, anonymous=True)
    seen = await cafe.last_seq()
    async with ws_client(server) as watcher, ws_client(server) as facilitator:
        await watcher.init(cafe.organiser.token)
        await watcher.subscribe("p", PRESENCE, {"s": cafe.session_id})
        assert (await next_presence(watcher, "SNAPSHOT"))["entries"] == []
        await facilitator.init(cafe.facilitator.token)
        await facilitator.subscribe("e", EVENTS, {"s": cafe.session_id, "a": None})
        connected = await next_presence(watcher, "CONNECTED")
        assert connected["participant"] == {"displayName": "Facilitator"}
        assert connected["table"] == {"name": "Bord 1"}
    # seated without a word in the log, and still no participant
    assert await cafe.last_seq() == seen
    listed = await cafe.as_organiser().data(
        "query($id: ID!) { cafeSession(id: $id) { participants { totalCount } } }",
        {"id": cafe.session_id},
    )
    assert listed == {"cafeSession": {"participants": {"totalCount": 0}}}


async def test_following_a_closed_session_seats_no_one(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    closed = await cafe.as_organiser().mutate(
        "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }",
        {"id": cafe.session_id},
    )
    assert closed == {"errors": []}
    async with ws_client(server) as facilitator:
        await facilitator.init(cafe.facilitator.token)
        await facilitator.subscribe("e", EVENTS, {"s": cafe.session_id, "a": 0})
        assert (await facilitator.receive())["type"] == "next"  # following, from the log
    seat = await cafe.as_facilitator().data(
        "query($id: ID!) { cafeSession(id: $id) { viewerParticipant { id } } }",
        {"id": cafe.session_id},
    )
    assert seat == {"cafeSession": {"viewerParticipant": None}}
