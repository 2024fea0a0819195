"""Access is checked again while a subscription runs: someone who may no longer read a session
stops receiving it, someone whose access changed is asked to subscribe again from just before
the change, and everyone else goes on as before — with shared rendering and without."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.cafe import watch
from tests.conftest import settings_for
from tests.support.cafe import REMOVE_FACILITATOR, Cafe, make_cafe
from tests.support.graphql import ok
from tests.support.people import make_person
from tests.support.servers import Serving, serving
from tests.support.waiting import until_following
from tests.support.ws import EVENTS, EventCollector, WSClient, ws_client

ADD_FACILITATOR = """mutation($t: ID!, $email: String!) {
  cafeFacilitatorAdd(input: {tableId: $t, email: $email}) { errors { code } } }"""
LEAVE = "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { errors { code } } }"
CLOSE = "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }"
MAKE_PRIVATE = """mutation($id: ID!) {
  cafeSessionUpdate(input: {id: $id, isPublic: false}) { errors { code } } }"""


@pytest.fixture(params=["shared", "plain"])
async def served(
    request: pytest.FixtureRequest, database_url: str, runtime: Runtime
) -> AsyncIterator[Serving]:
    """An app rendering shared or plain; the tests write through it too, so that its feed
    hears of each change at once (an in-process broadcast is one app's own)."""
    settings = settings_for(database_url, live_shared_rendering=request.param == "shared")
    async with serving(settings) as app:
        yield app


async def ending(ws: WSClient, operation_id: str = "events") -> list[dict[str, Any]]:
    """What the socket receives for the operation until it completes."""
    messages: list[dict[str, Any]] = []
    async with asyncio.timeout(10):
        while True:
            message = json.loads(await ws.connection.recv())
            if message.get("id") != operation_id:
                continue
            messages.append(message)
            if message["type"] in ("complete", "error"):
                return messages


def error_codes(messages: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return [
        (error["extensions"]["code"], error["extensions"].get("afterSeq"))
        for message in messages
        if message["type"] == "next"
        for error in message["payload"].get("errors", [])
    ]


def event_seqs(messages: list[dict[str, Any]]) -> list[int]:
    return [
        message["payload"]["data"]["cafeSessionEvents"]["seq"]
        for message in messages
        if message["type"] == "next" and message["payload"].get("data")
    ]


async def cafe_with_guest(served: Serving) -> tuple[Cafe, str, int]:
    """A live café with a guest (their token) and the seq its log is at."""
    cafe = await make_cafe(served.gql, served.runtime)
    guest = await cafe.join_guest("Gäst")
    return cafe, guest, await cafe.last_seq()


async def follow(ws: WSClient, token: str | None, cafe: Cafe, after_seq: int) -> None:
    """Open the socket with `token` and follow the session's events after `after_seq`."""
    await ws.init(token)
    await ws.subscribe("events", EVENTS, {"s": cafe.session_id, "a": after_seq})


async def test_a_removed_facilitator_stops_receiving_a_private_session(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe, guest, start = await cafe_with_guest(served)
    async with ws_client(address) as removed, ws_client(address) as staying:
        await follow(removed, cafe.facilitator.token, cafe, start)
        await follow(staying, guest, cafe, start)
        await until_following(served.runtime, cafe.session_id, 2)
        ok(
            await cafe.as_organiser().mutate(
                REMOVE_FACILITATOR,
                {"t": cafe.tables[0], "u": cafe.facilitator.global_id},
            )
        )
        ok(await cafe.note(gql.as_(guest), "Efter borttagningen"))
        messages = await ending(removed)
        # the removal itself and everything after it are withheld; the stream ends
        assert event_seqs(messages) == []
        assert error_codes(messages) == [("NOT_FOUND", None)]
        assert messages[-1] == {"id": "events", "type": "complete"}
        # the others go on: they see the removal and the note after it
        others = EventCollector(staying)
        events = await others.until_seq(await cafe.last_seq())
        assert [event["kind"] for event in events] == ["FACILITATOR_REMOVED", "NOTE_ADDED"]


async def test_a_guest_who_leaves_a_private_session_stops_receiving_it(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe, guest, start = await cafe_with_guest(served)
    async with ws_client(address) as ws:
        await follow(ws, guest, cafe, start)
        await until_following(served.runtime, cafe.session_id)
        ok(await gql.as_(guest).mutate(LEAVE, {"id": cafe.session_id}))
        ok(await cafe.note(cafe.as_organiser(), "Efter att gästen gick"))
        messages = await ending(ws)
        assert event_seqs(messages) == []
        assert error_codes(messages) == [("NOT_FOUND", None)]


async def test_a_participant_made_facilitator_subscribes_again_from_before_the_change(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe = await make_cafe(gql, runtime)
    person = await make_person(runtime.db, "Blivande facilitator")
    await cafe.join(person)
    start = await cafe.last_seq()
    async with ws_client(address) as ws:
        await follow(ws, person.token, cafe, start)
        await until_following(served.runtime, cafe.session_id)
        ok(
            await cafe.as_organiser().mutate(
                ADD_FACILITATOR, {"t": cafe.tables[1], "email": person.email}
            )
        )
        messages = await ending(ws)
        assert event_seqs(messages) == []
        assert error_codes(messages) == [("RESYNC_REQUIRED", start)]
        # subscribing again from there shows the change, now as a facilitator
        again = EventCollector(ws, "again")
        await again.start(cafe.session_id, start)
        events = await again.until_seq(await cafe.last_seq())
        assert [event["kind"] for event in events] == ["FACILITATOR_ADDED"]


async def test_readers_of_a_public_session_stop_when_it_is_made_private(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe = await make_cafe(gql, runtime, public=True)
    ok(await cafe.as_organiser().mutate(CLOSE, {"id": cafe.session_id}))
    start = await cafe.last_seq()
    async with ws_client(address) as outsider, ws_client(address) as organiser:
        await follow(outsider, None, cafe, start)
        await follow(organiser, cafe.organiser.token, cafe, start)
        await until_following(served.runtime, cafe.session_id, 2)
        ok(await cafe.as_organiser().mutate(MAKE_PRIVATE, {"id": cafe.session_id}))
        messages = await ending(outsider)
        assert event_seqs(messages) == []
        assert error_codes(messages) == [("NOT_FOUND", None)]
        # the organiser, who may still read it, sees the change
        events = await EventCollector(organiser).until_seq(await cafe.last_seq())
        assert [event["kind"] for event in events] == ["SESSION_UPDATED"]


async def test_changes_to_other_people_cost_no_one_their_stream(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe = await make_cafe(gql, runtime)
    guest, other = await cafe.join_guest("Gäst"), await cafe.join_guest("Annan")
    helper = await make_person(runtime.db, "Hjälpreda")
    start = await cafe.last_seq()
    async with ws_client(address) as ws:
        await ws.init(guest)
        collector = EventCollector(ws)
        await collector.start(cafe.session_id, start)
        await until_following(served.runtime, cafe.session_id)
        organiser = cafe.as_organiser()
        ok(await organiser.mutate(ADD_FACILITATOR, {"t": cafe.tables[1], "email": helper.email}))
        ok(await organiser.mutate(REMOVE_FACILITATOR, {"t": cafe.tables[1], "u": helper.global_id}))
        ok(await gql.as_(other).mutate(LEAVE, {"id": cafe.session_id}))
        ok(await cafe.note(gql.as_(guest), "Fortfarande med"))
        events = await collector.until_seq(await cafe.last_seq())
        assert [event["kind"] for event in events] == [
            "FACILITATOR_ADDED",
            "FACILITATOR_REMOVED",
            "PARTICIPANT_LEFT",
            "NOTE_ADDED",
        ]


PRESENCE = """subscription($s: ID!) { cafePresence(sessionId: $s) {
  kind participant { displayName } } }"""


async def test_someone_who_leaves_stops_seeing_who_is_in_the_room(
    served: Serving, runtime: Runtime
) -> None:
    gql, address = served.gql, served.address
    cafe = await make_cafe(gql, runtime)
    leaving, staying = await cafe.join_guest("Går"), await cafe.join_guest("Stannar")
    async with ws_client(address) as leaver, ws_client(address) as stayer:
        for ws, token in ((leaver, leaving), (stayer, staying)):
            await ws.init(token)
            await ws.subscribe("presence", PRESENCE, {"s": cafe.session_id})
            assert (await ws.receive())["payload"]["data"]["cafePresence"]["kind"] == "SNAPSHOT"
        ok(await gql.as_(leaving).mutate(LEAVE, {"id": cafe.session_id}))
        messages = await ending(leaver, "presence")
        assert [m["payload"].get("data") for m in messages if m["type"] == "next"] == [None]
        assert error_codes(messages) == [("NOT_FOUND", None)]
        # the one who stays still sees the room
        async with ws_client(address) as arriving:
            await arriving.init(await cafe.join_guest("Kommer"))
            await arriving.subscribe("events", EVENTS, {"s": cafe.session_id, "a": None})
            async with asyncio.timeout(10):
                while True:
                    update = (await stayer.receive())["payload"]["data"]["cafePresence"]
                    if update["kind"] == "CONNECTED":
                        break
            assert update["participant"] == {"displayName": "Kommer"}


async def test_an_access_check_that_fails_asks_to_subscribe_again(
    served: Serving, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe, _guest, start = await cafe_with_guest(served)
    async with ws_client(served.address) as ws:
        await follow(ws, cafe.facilitator.token, cafe, start)
        await until_following(served.runtime, cafe.session_id)

        async def unreadable(*_args: object, **_kwargs: object) -> None:
            raise ConnectionError("the database is restarting")

        monkeypatch.setattr(watch, "access_to", unreadable)
        ok(
            await cafe.as_organiser().mutate(
                REMOVE_FACILITATOR, {"t": cafe.tables[0], "u": cafe.facilitator.global_id}
            )
        )
        messages = await ending(ws)
        assert event_seqs(messages) == []
        assert error_codes(messages) == [("RESYNC_REQUIRED", start)]


def _is_event(message: dict[str, Any]) -> bool:
    return message["type"] == "next" and bool(message["payload"].get("data"))


async def until_seq_or_end(ws: WSClient, end: int) -> list[dict[str, Any]]:
    """The operation's messages until the event `end` arrives or the operation ends."""
    messages: list[dict[str, Any]] = []
    async with asyncio.timeout(10):
        while True:
            message = json.loads(await ws.connection.recv())
            if message.get("id") != "events":
                continue
            messages.append(message)
            if message["type"] in ("complete", "error"):
                return messages
            if _is_event(message) and message["payload"]["data"]["cafeSessionEvents"]["seq"] >= end:
                return messages


async def follow_again(ws: WSClient, cafe: Cafe, after_seq: int) -> None:
    await ws.subscribe("events", EVENTS, {"s": cafe.session_id, "a": after_seq})


async def test_others_still_see_what_they_may_when_the_first_to_follow_loses_access(
    served: Serving, runtime: Runtime
) -> None:
    # two facilitators follow the same way: with shared rendering, one rendering for both
    cafe = await make_cafe(served.gql, served.runtime)
    second = await make_person(runtime.db, "Andra facilitatorn")
    organiser = cafe.as_organiser()
    ok(await organiser.mutate(ADD_FACILITATOR, {"t": cafe.tables[1], "email": second.email}))
    start = await cafe.last_seq()
    async with ws_client(served.address) as first_ws, ws_client(served.address) as second_ws:
        await follow(first_ws, cafe.facilitator.token, cafe, start)
        await until_following(served.runtime, cafe.session_id)
        await follow(second_ws, second.token, cafe, start)
        await until_following(served.runtime, cafe.session_id, 2)
        # the first is removed, then a guest comes in
        removal = {"t": cafe.tables[0], "u": cafe.facilitator.global_id}
        ok(await organiser.mutate(REMOVE_FACILITATOR, removal))
        await cafe.join_guest("Ny gäst")
        end = await cafe.last_seq()
        # the second sees the guest by name, as a facilitator may, however it was rendered
        seen: list[dict[str, Any]] = []
        after = start
        while not seen or seen[-1]["seq"] < end:
            messages = await until_seq_or_end(second_ws, end)
            seen += [m["payload"]["data"]["cafeSessionEvents"] for m in messages if _is_event(m)]
            codes_ = error_codes(messages)
            if codes_:  # told to start again from where it was: it does
                assert codes_ == [("RESYNC_REQUIRED", seen[-1]["seq"] if seen else after)]
                after = seen[-1]["seq"] if seen else after
                await follow_again(second_ws, cafe, after)
    joined = [e for e in seen if e["kind"] == "PARTICIPANT_JOINED"]
    assert [e["participant"] for e in joined] == [{"displayName": "Ny gäst"}]
    assert [e["seq"] for e in seen] == list(range(start + 1, end + 1))
