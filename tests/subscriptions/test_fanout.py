"""Shared rendering: the same payloads as plain Strawberry, bounded memory for the slow."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from app.runtime import Runtime
from app.services.viewer import Viewer
from schema.context import Context
from subscriptions.fanout.group import RenderGroup
from subscriptions.fanout.keys import GroupKey
from subscriptions.fanout.member import Member
from subscriptions.fanout.registry import FanOut
from tests.conftest import settings_for
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.raw_ws import RawClient, raw_client
from tests.support.servers import serving
from tests.support.waiting import until_following
from tests.support.ws import EventCollector, ws_client

EVERYTHING = """subscription($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) {
  seq kind at status facilitatorName
  note { id text version clientId principle deleted voteCount createdAt editedAt
         round { position question } table { name } cluster { name } author { displayName } }
  round { id position question principle timeboxSeconds running remainingSeconds }
  table { id name position facilitators { nodes { displayName } } }
  participant { id displayName guest present table { name } }
  cluster { id name } } }"""


@pytest.fixture
async def plain_server(database_url: str, runtime: Runtime) -> AsyncIterator[str]:
    async with serving(settings_for(database_url, live_shared_rendering=False)) as app:
        yield app.address


async def test_shared_rendering_gives_what_plain_strawberry_gives(
    gql: GraphQLClient, runtime: Runtime, server: str, plain_server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst"))
    note = ok(await cafe.note(guest, "Lokaler"))["note"]
    ok(
        await cafe.as_organiser().mutate(
            'mutation($id: ID!) { cafeNoteEdit(input: {id: $id, text: "Lokaler för möten", expectedVersion: 1}) { errors { code } } }',
            {"id": note["id"]},
        )
    )
    end = await cafe.last_seq()
    received = {}
    for name, address in (("shared", server), ("plain", plain_server)):
        async with ws_client(address) as ws:
            await ws.init(cafe.organiser.token)
            collector = EventCollector(ws)
            await collector.start(cafe.session_id, 0, EVERYTHING)
            received[name] = await collector.until_seq(end)
    # remainingSeconds depends on when it is rendered
    for events in received.values():
        for event in events:
            if event["round"]:
                event["round"].pop("remainingSeconds")
    assert received["shared"] == received["plain"]
    assert len(received["shared"]) == end


async def test_a_subscriber_that_cannot_keep_up_is_told_to_resync(
    runtime: Runtime, database_url: str
) -> None:
    async with serving(settings_for(database_url, ws_outgoing_queue=8), send_buffer=4096) as app:
        cafe = await make_cafe(app.gql, runtime)
        start = await cafe.last_seq()
        async with ws_client(app.address) as reader, raw_client(app.address) as sleeper:
            await reader.init(cafe.organiser.token)
            await reader.subscribe("e", EVERYTHING, {"s": cafe.session_id, "a": start})
            authorization = {"authorization": f"Bearer {cafe.organiser.token}"}
            await sleeper.send({"type": "connection_init", "payload": authorization})
            assert await sleeper.receive() == {"type": "connection_ack"}
            variables = {"s": cafe.session_id, "a": start}
            await sleeper.send(
                {
                    "id": "e",
                    "type": "subscribe",
                    "payload": {"query": EVERYTHING, "variables": variables},
                }
            )
            await until_following(app.runtime, cafe.session_id, 2)
            (group,) = app.runtime.fanout.groups.values()
            assert len(group.members) == 2
            # the reader keeps up; the sleeper reads nothing while big notes pour in
            reading = asyncio.create_task(_read_all(reader))
            for n in range(300):
                ok(await cafe.note(cafe.as_organiser(), f"{n} " + "ö" * 990))

                if len(group.members) == 1:
                    break
            assert len(group.members) == 1, "the slow member should have been let go"
            messages = await _read_until_complete(sleeper)
            resync = messages[-2]["payload"]["errors"][0]
            assert resync["extensions"]["code"] == "RESYNC_REQUIRED"
            delivered = [m["payload"]["data"]["cafeSessionEvents"]["seq"] for m in messages[:-2]]
            assert delivered == list(range(start + 1, start + 1 + len(delivered)))
            assert resync["extensions"]["afterSeq"] == (delivered[-1] if delivered else start)
            assert messages[-1] == {"id": "e", "type": "complete"}
            reading.cancel()


async def _read_all(ws: object) -> None:
    while True:
        await ws.receive()  # type: ignore[attr-defined]


async def _read_until_complete(client: RawClient) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    async with asyncio.timeout(30):
        while True:
            message = await client.receive()
            messages.append(message)
            if message["type"] == "complete":
                return messages


def _key() -> GroupKey:
    return GroupKey(
        field="cafeSessionEvents", feed="cafe.session", key=1, query="q", operation_name=None,
        variables="{}", scope=None, viewer=None,
    )  # fmt: skip


async def _joining(fanout: FanOut, runtime: Runtime) -> asyncio.Task[Any]:
    context = Context(shared=runtime.shared, viewer=Viewer())
    member = cast("Member", object())
    task = asyncio.create_task(fanout.join(_key(), member, context, "q", {}, None))
    await asyncio.sleep(0.05)
    return task


async def test_a_group_is_dropped_when_its_only_joiner_gives_up_while_it_starts(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a group that does not get ready, and two subscribers waiting for it
    monkeypatch.setattr(RenderGroup, "start", lambda self: None)
    fanout = FanOut(runtime.schema, runtime.feeds, shared=True, max_tokens=3000)
    first, second = await _joining(fanout, runtime), await _joining(fanout, runtime)
    assert fanout.groups[_key()].joining == 2
    # when one disconnects, the group stays for the other
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert fanout.groups[_key()].joining == 1
    # when the last one disconnects too, nothing is left behind
    second.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second
    assert fanout.groups == {}


async def test_a_document_is_planned_once_for_every_subscriber_sending_it(
    runtime: Runtime,
) -> None:
    fanout = FanOut(runtime.schema, runtime.feeds, shared=True, max_tokens=3000)
    first = fanout.plan(EVERYTHING, None)
    assert first is not None
    assert first.viewer_specific is False
    assert fanout.plan(EVERYTHING, None) is first  # not parsed and walked again
    viewer_specific = (
        "subscription($s: ID!) { cafeSessionEvents(sessionId: $s) { note { viewerCanEdit } } }"
    )
    assert fanout.plan(viewer_specific, None).viewer_specific is True  # type: ignore[union-attr]
    # what cannot be shared goes the plain way, which reports what is wrong with it
    assert fanout.plan("{ principles { code } }", None) is None
    assert fanout.plan("subscription { cafeSessionEvents(", None) is None
