"""A session's feed in one process: a failed read of the log is tried again, and a feed that
stops tells its subscribers to resync and is replaced for whoever subscribes next."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import GlobalID

from app.runtime import Runtime
from app.services.cafe.events import CAFE_SESSION
from app.services.live import feeds, log
from app.services.live.feeds import LoggedEvent
from subscriptions.live.feed import KeyFeed
from tests.conftest import settings_for
from tests.support.cafe import Cafe, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.servers import Serving, serving
from tests.support.waiting import until_following
from tests.support.ws import EventCollector, WSClient, ws_client

NEVER = 600.0


@pytest.fixture(params=["shared", "plain"])
async def served(
    request: pytest.FixtureRequest, database_url: str, runtime: Runtime
) -> AsyncIterator[Serving]:
    settings = settings_for(
        database_url,
        live_feed_poll_seconds=NEVER,
        live_shared_rendering=request.param == "shared",
    )
    async with serving(settings) as app:
        yield app


@dataclass
class Following:
    cafe: Cafe
    guest: GraphQLClient
    start: int
    ws: WSClient
    events: EventCollector
    feed: KeyFeed


@asynccontextmanager
async def following(app: Serving) -> AsyncIterator[Following]:
    """A café whose events the organiser follows over a socket, with a guest to write."""
    cafe = await make_cafe(app.gql, app.runtime)
    guest = app.gql.as_(await cafe.join_guest("Gäst"))
    start = await cafe.last_seq()
    async with ws_client(app.address) as ws:
        await ws.init(cafe.organiser.token)
        events = EventCollector(ws)
        await events.start(cafe.session_id, start)
        await until_following(app.runtime, cafe.session_id)
        key = int(GlobalID.from_id(cafe.session_id).node_id)
        feed = app.runtime.feeds.feeds[(CAFE_SESSION.name, key)]
        yield Following(cafe, guest, start, ws, events, feed)


async def test_a_failed_read_of_the_log_is_tried_again(
    served: Serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with following(served) as it:
        # messages carry only their seq, so the feed must read the log; the first read fails
        monkeypatch.setattr(feeds, "MAX_INLINE_BYTES", 0)
        read = log.events_after
        failures = [ConnectionError("the database is restarting")]

        async def flaky(*args: Any, **kwargs: Any) -> Sequence[LoggedEvent]:
            if failures:
                raise failures.pop()
            return await read(*args, **kwargs)

        monkeypatch.setattr(log, "events_after", flaky)
        ok(await it.cafe.note(it.guest, "Trots allt"))
        events = await it.events.until_seq(it.start + 1, seconds=5)
        assert [event["note"]["text"] for event in events] == ["Trots allt"]
        assert it.feed.failed_reads == 1
        assert not it.feed.stopped


async def test_a_feed_that_stops_asks_its_subscribers_to_resync_and_is_replaced(
    served: Serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with following(served) as it:
        broken, cafe, start, ws = it.feed, it.cafe, it.start, it.ws

        async def fail(_message: str) -> None:
            raise RuntimeError("a bug in the feed")

        monkeypatch.setattr(broken, "_on_message", fail)
        ok(await cafe.note(it.guest, "Den här går förlorad för flödet"))
        message: dict[str, Any] = json.loads(await ws.connection.recv())
        assert message["payload"]["errors"][0]["extensions"] == {
            "code": "RESYNC_REQUIRED",
            "afterSeq": start,
        }
        assert json.loads(await ws.connection.recv()) == {"id": "events", "type": "complete"}
        assert broken.stopped
        # subscribing again gets a new feed, the missed note from the log, then live ones
        again = EventCollector(ws, "again")
        await again.start(cafe.session_id, start)
        ok(await cafe.note(it.guest, "Och den här"))
        events = await again.until_seq(start + 2)
        assert [event["note"]["text"] for event in events] == [
            "Den här går förlorad för flödet",
            "Och den här",
        ]
        assert served.runtime.feeds.feeds[(CAFE_SESSION.name, broken.key)] is not broken
