"""The broadcast hub: publish after commit, and backends that heal themselves."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator

import asyncpg
import pytest
from broadcaster import Event
from broadcaster._base import Subscriber

from subscriptions.backends.postgres import MAX_PAYLOAD_BYTES, PostgresBackend
from subscriptions.broadcast import RECONNECTED, Hub
from tests.conftest import POSTGRES_URL, REQUIRE_SERVICES, need_services
from tests.support.redis_server import RedisServer


async def next_event(subscriber: Subscriber, seconds: float = 5.0) -> Event:
    return await asyncio.wait_for(subscriber.get(), seconds)


@pytest.fixture
async def hub() -> AsyncIterator[Hub]:
    connected = Hub(os.environ.get("BROADCAST_URL", "memory://"))
    await connected.connect()
    yield connected
    await connected.disconnect()


async def test_publish_reaches_subscribers_of_the_channel_only(hub: Hub) -> None:
    async with hub.subscribe("cafe.1") as one, hub.subscribe("cafe.2") as two:
        await asyncio.sleep(0.05)  # the subscription reaches the server
        assert await hub.publish("cafe.1", "hej") is True
        assert (await next_event(one)).message == "hej"
        with pytest.raises(TimeoutError):
            await next_event(two, 0.2)


async def test_two_subscribers_to_one_channel(hub: Hub) -> None:
    async with hub.subscribe("c") as first, hub.subscribe("c") as second:
        await asyncio.sleep(0.05)
        await hub.publish("c", "båda")
        assert [(await next_event(s)).message for s in (first, second)] == ["båda", "båda"]


async def test_ping(hub: Hub) -> None:
    assert await hub.ping() is True


@pytest.fixture
async def redis_server() -> AsyncIterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    await server.start()
    yield server
    await server.stop()


async def test_redis_backend_survives_a_redis_restart(redis_server: RedisServer) -> None:
    hub = Hub(redis_server.url)
    await hub.connect()
    try:
        async with hub.subscribe("c") as channel, hub.subscribe(RECONNECTED) as control:
            await asyncio.sleep(0.05)
            await hub.publish("c", "före")
            assert (await next_event(channel)).message == "före"

            await redis_server.stop()
            # publishing while Redis is down fails quietly (the database has the data)
            assert await hub.publish("c", "under") is False
            assert await hub.ping() is False

            await redis_server.start()
            assert (await next_event(control, 10)).channel == RECONNECTED
            assert hub.reconnects == 1
            assert await hub.publish("c", "efter") is True
            assert (await next_event(channel)).message == "efter"
            assert await hub.ping() is True
    finally:
        await hub.disconnect()


async def test_redis_backend_resubscribes_channels_added_while_down(
    redis_server: RedisServer,
) -> None:
    hub = Hub(redis_server.url)
    await hub.connect()
    try:
        async with hub.subscribe(RECONNECTED) as control:
            await redis_server.stop()
            async with hub.subscribe("late") as late:
                await redis_server.start()
                await next_event(control, 10)
                await hub.publish("late", "fram")
                assert (await next_event(late)).message == "fram"
    finally:
        await hub.disconnect()


def postgres_dsn() -> str:
    return POSTGRES_URL.replace("postgresql+asyncpg://", "postgres://")


async def test_postgres_backend_survives_losing_its_connection() -> None:
    need_services()
    hub = Hub(postgres_dsn())
    await hub.connect()
    try:
        async with hub.subscribe("c") as channel, hub.subscribe(RECONNECTED) as control:
            await hub.publish("c", "före")
            assert (await next_event(channel)).message == "före"
            assert isinstance(hub.backend, PostgresBackend)
            listener_pid = hub.backend._listener.get_server_pid()
            admin = await asyncpg.connect(postgres_dsn())
            try:
                await admin.execute("SELECT pg_terminate_backend($1)", listener_pid)
            finally:
                await admin.close()
            assert (await next_event(control, 15)).channel == RECONNECTED
            await hub.publish("c", "efter")
            assert (await next_event(channel)).message == "efter"
    finally:
        await hub.disconnect()


async def test_postgres_backend_refuses_payloads_notify_cannot_carry() -> None:
    need_services()
    hub = Hub(postgres_dsn())
    await hub.connect()
    try:
        assert await hub.publish("c", "x" * (MAX_PAYLOAD_BYTES + 1)) is False
        assert await hub.publish("c", "å" * (MAX_PAYLOAD_BYTES // 2)) is True
    finally:
        await hub.disconnect()


def test_unknown_schemes_are_refused() -> None:
    with pytest.raises(ValueError, match="kafka"):
        Hub("kafka://localhost")
