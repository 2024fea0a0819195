"""A second feed, of the tests' own (tests/support/counter_feed.py): declared, not built, it is
served end to end over graphql-transport-ws like the café's, on the configured runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from schema import DOMAINS
from tests.conftest import settings_for
from tests.support.counter_feed import COUNTER, COUNTER_PARTS
from tests.support.databases import empty_tables
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import Person, make_person
from tests.support.servers import Serving, serving
from tests.support.waiting import until
from tests.support.ws import WSClient, ws_client

TICK = "mutation($k: Int!, $t: String!) { testTick(key: $k, text: $t) { seq errors { code } } }"
TICKS = """subscription($k: Int!, $a: Int) {
  testTicks(key: $k, afterSeq: $a) { seq text loggedIn } }"""
TICKS_AND_WHO = """subscription($k: Int!, $a: Int) {
  testTicks(key: $k, afterSeq: $a) { seq followerId } }"""


@pytest.fixture(scope="module", params=["shared", "plain"])
async def app(database_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Serving]:
    settings = settings_for(database_url, live_shared_rendering=request.param == "shared")
    async with serving(settings, parts=DOMAINS + COUNTER_PARTS) as served:
        yield served


@pytest.fixture
async def served(app: Serving) -> AsyncIterator[Serving]:
    yield app
    await empty_tables(app.runtime.db)


async def tick(gql: GraphQLClient, person: Person, key: int, text: str) -> int:
    seq: int = ok(await gql.as_(person.token).mutate(TICK, {"k": key, "t": text}))["seq"]
    return seq


async def next_ticks(ws: WSClient, operation_id: str, count: int) -> list[dict[str, Any]]:
    ticks: list[dict[str, Any]] = []
    while len(ticks) < count:
        message = await ws.receive()
        assert message["id"] == operation_id, message
        assert message["type"] == "next", message
        ticks.append(message["payload"]["data"]["testTicks"])
    return ticks


def following(served: Serving, key: int) -> int:
    """Members of the counter's rendering groups, and direct streams, in this process."""
    groups = sum(
        len(group.members)
        for group in served.runtime.fanout.groups.values()
        if group.key.feed == COUNTER.name and group.key.key == key
    )
    group_listeners = {
        group.listener
        for group in served.runtime.fanout.groups.values()
        if group.key.feed == COUNTER.name
    }
    feed = served.runtime.feeds.feeds.get((COUNTER.name, key))
    listeners = feed.listeners if feed is not None else {}
    direct = sum(1 for listener in listeners if listener not in group_listeners)
    return groups + direct


async def test_a_feed_declared_by_its_domain_is_live_with_replay(served: Serving) -> None:
    # given two people following a counter of their own
    runtime, key = served.runtime, 11
    anna, bo = await make_person(runtime.db), await make_person(runtime.db)
    first = await tick(served.gql, anna, key, "ett")
    async with ws_client(served.address) as a, ws_client(served.address) as b:
        for ws, person in ((a, anna), (b, bo)):
            await ws.init(person.token)
            await ws.subscribe("t", TICKS, {"k": key, "a": first})
        await until(lambda: following(served, key) == 2, "both follow the counter")
        # when ticks are written
        for text in ("två", "tre"):
            await tick(served.gql, bo, key, text)
        # then both get them in order with a gap-free seq, rendered for their scope
        expected = [
            {"seq": first + 1, "text": "två", "loggedIn": True},
            {"seq": first + 2, "text": "tre", "loggedIn": True},
        ]
        assert await next_ticks(a, "t", 2) == expected
        assert await next_ticks(b, "t", 2) == expected
        # and a latecomer with afterSeq gets what it missed from the log, then live ticks
        async with ws_client(served.address) as late:
            await late.init(anna.token)
            await late.subscribe("t", TICKS, {"k": key, "a": first})
            assert await next_ticks(late, "t", 2) == expected
            await until(lambda: following(served, key) == 3, "the latecomer follows live")
            await tick(served.gql, anna, key, "fyra")
            assert [t["text"] for t in await next_ticks(late, "t", 1)] == ["fyra"]


async def test_a_viewer_field_of_a_second_feed_is_rendered_for_each_viewer(
    served: Serving,
) -> None:
    runtime, key = served.runtime, 12
    anna, bo = await make_person(runtime.db), await make_person(runtime.db)
    async with ws_client(served.address) as a, ws_client(served.address) as b:
        for ws, person in ((a, anna), (b, bo)):
            await ws.init(person.token)
            await ws.subscribe("t", TICKS_AND_WHO, {"k": key})
        await until(lambda: following(served, key) == 2, "both follow the counter")
        seq = await tick(served.gql, anna, key, "vem")
        assert await next_ticks(a, "t", 1) == [{"seq": seq, "followerId": anna.user_id}]
        assert await next_ticks(b, "t", 1) == [{"seq": seq, "followerId": bo.user_id}]


async def test_who_may_follow_is_the_feeds_own_rule(served: Serving) -> None:
    async with ws_client(served.address) as anonymous:
        await anonymous.init()
        await anonymous.subscribe("t", TICKS, {"k": 13})
        message = await anonymous.receive()
    if served.runtime.settings.live_shared_rendering:
        assert message["type"] == "error", message
        errors = message["payload"]
    else:  # plain Strawberry answers a failed start as a result with errors and no data
        assert (message["type"], message["payload"]["data"]) == ("next", None), message
        errors = message["payload"]["errors"]
    assert [(e["message"], e["extensions"]) for e in errors] == [
        ("No such counter.", {"code": "NOT_FOUND"})
    ]


async def test_a_tick_refused_writes_nothing_and_takes_no_seq(served: Serving) -> None:
    runtime, key = served.runtime, 14
    anna = await make_person(runtime.db)
    refused = await served.gql.mutate(TICK, {"k": key, "t": "anonym"})
    assert [e["code"] for e in refused["errors"]] == ["UNAUTHENTICATED"]
    assert refused["seq"] is None
    assert await tick(served.gql, anna, key, "först") == 1
