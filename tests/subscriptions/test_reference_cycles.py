"""An operation's objects are freed when it ends, by reference counting: none of them waits in
a reference cycle for the garbage collector. A serving process runs full collections rarely
(app/gc_tuning.py), so whatever an operation left in a cycle stayed in memory for thousands of
operations, and the full collection that finally freed it held the event loop for a second.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import pytest
from graphql.execution import Executor

from app.runtime import Runtime
from schema.context import Context
from subscriptions.fanout.group import GroupStreams, RenderGroup
from subscriptions.fanout.joining import MemberStreams
from subscriptions.fanout.member import Member
from subscriptions.live.direct import DirectStreams
from tests.conftest import settings_for
from tests.support.cafe import LAST_SEQ, make_cafe
from tests.support.graphql import GraphQLClient
from tests.support.servers import serving
from tests.support.waiting import event_streams, until
from tests.support.ws import EVENTS, ws_client

PER_OPERATION = (
    Context,
    Executor,
    DirectStreams,
    Member,
    MemberStreams,
    RenderGroup,
    GroupStreams,
)


@contextmanager
def only_refcounting() -> Iterator[Counter[str]]:
    """No collection while the block runs; then the per-operation objects that a collection
    finds unreachable, by type (they were in reference cycles)."""
    found: Counter[str] = Counter()
    gc.collect()
    gc.disable()
    try:
        yield found
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found.update(type(o).__name__ for o in gc.garbage if isinstance(o, PER_OPERATION))
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
        gc.collect()


@asynccontextmanager
async def server_rendering(
    shared: bool, database_url: str, runtime: Runtime, server: str
) -> AsyncIterator[tuple[str, Runtime]]:
    """The suite's server (shared rendering), or one that renders for each subscriber."""
    if shared:
        yield server, runtime
        return
    async with serving(settings_for(database_url, cafe_shared_rendering=False)) as plain:
        yield plain.address, plain.runtime


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "plain"])
async def test_subscribing_and_completing_leaves_nothing_for_the_collector(
    gql: GraphQLClient, runtime: Runtime, server: str, database_url: str, shared: bool
) -> None:
    # given a guest following a café over one socket, which also asks a query now and then
    cafe = await make_cafe(gql, runtime)
    guest = await cafe.join_guest("Gäst")
    back_one = {"s": cafe.session_id, "a": await cafe.last_seq() - 1}
    async with (
        server_rendering(shared, database_url, runtime, server) as (address, serving_runtime),
        ws_client(address) as ws,
    ):
        assert (await ws.init(guest))["type"] == "connection_ack"

        def ended() -> bool:
            return event_streams(serving_runtime, cafe.session_id) == 0

        async def cycle(number: int) -> None:
            await ws.subscribe(f"e{number}", EVENTS, back_one)
            assert (await ws.receive())["type"] == "next"  # the replayed event: it runs
            await ws.subscribe(f"q{number}", LAST_SEQ, {"id": cafe.session_id})
            assert (await ws.receive())["type"] == "next"
            assert (await ws.receive())["type"] == "complete"
            await ws.send({"id": f"e{number}", "type": "complete"})
            await until(ended, "the subscription ended")

        await cycle(0)  # caches filled

        # when it subscribes and completes many times, with no collection meanwhile
        with only_refcounting() as left_in_cycles:
            for number in range(1, 21):
                await cycle(number)

    # then nothing of those operations was left for the collector
    assert left_in_cycles == Counter()


async def test_queries_over_http_leave_nothing_for_the_collector(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = cafe.as_organiser()
    await organiser.data(LAST_SEQ, {"id": cafe.session_id})
    with only_refcounting() as left_in_cycles:
        for _ in range(20):
            await organiser.data(LAST_SEQ, {"id": cafe.session_id})
    assert left_in_cycles == Counter()
