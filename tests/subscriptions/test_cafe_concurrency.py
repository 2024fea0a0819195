"""Many clients at once: every subscriber ends with the database's log, in order, with no note
lost or doubled — on the configured runtime, with Redis restarted mid-run, across two
processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.runtime import Runtime
from tests.conftest import REDIS_URL, REQUIRE_SERVICES, reachable, settings_for
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient
from tests.support.redis_server import RedisServer, free_port
from tests.support.scenario import WRITERS, assert_everyone_has_the_log, busy_cafe
from tests.support.servers import serving

ROOT = Path(__file__).resolve().parents[2]
NEVER = 600.0  # seconds between polls of the log: not within a test


async def test_many_clients_at_once(gql: GraphQLClient, runtime: Runtime, server: str) -> None:
    cafe = await make_cafe(gql, runtime, tables=4)
    writers = [gql.as_(await cafe.join_guest(f"Skribent {n}", table=n % 4)) for n in range(WRITERS)]
    outcome = await busy_cafe(cafe, runtime.db, writers, [server])
    assert_everyone_has_the_log(outcome)


async def test_many_clients_while_redis_restarts(
    database_url: str, runtime: Runtime, own_redis: RedisServer
) -> None:
    # the log is read only when the broadcast says so (a message, a gap, a reconnection)
    settings = settings_for(database_url, broadcast_url=own_redis.url, live_feed_poll_seconds=NEVER)
    async with serving(settings) as app:
        cafe = await make_cafe(app.gql, runtime, tables=4)
        writers = [
            app.gql.as_(await cafe.join_guest(f"Skribent {n}", table=n % 4)) for n in range(WRITERS)
        ]

        async def restart_redis() -> None:
            await own_redis.stop()
            await asyncio.sleep(0.5)  # notes keep being accepted while the broadcast is down
            await own_redis.start()

        outcome = await busy_cafe(cafe, runtime.db, writers, [app.address], during=restart_redis)
        # notes were accepted while their broadcast was lost; subscribers caught up from the log
        assert app.runtime.hub.reconnects >= 1
        assert app.runtime.hub.failed_publishes >= 1
    assert_everyone_has_the_log(outcome)


def _spawn(database_url: str, broadcast_url: str, port: int) -> subprocess.Popen[bytes]:
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "BROADCAST_URL": broadcast_url,
        "PASSWORD_TIME_COST": "1",
        "PASSWORD_MEMORY_KIB": "8",
        # events reach the other process through Redis, not by polling the log
        "LIVE_FEED_POLL_SECONDS": str(NEVER),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
    )  # fmt: skip


@pytest.fixture
async def two_processes(database_url: str) -> AsyncIterator[list[str]]:
    if not reachable(REDIS_URL):
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but Redis is not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable")
    ports = [free_port(), free_port()]
    processes = [_spawn(database_url, REDIS_URL, port) for port in ports]
    try:
        async with httpx.AsyncClient() as client:
            for port in ports:
                for _ in range(600):  # up to 30 s: a loaded machine starts Python slowly
                    try:
                        if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.05)
                else:
                    pytest.fail(f"the app process on port {port} did not become ready")
        yield [f"127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            await asyncio.to_thread(process.wait)


async def test_two_processes_share_notes_through_redis(
    runtime: Runtime, two_processes: list[str]
) -> None:
    first, second = two_processes
    async with (
        httpx.AsyncClient(base_url=f"http://{first}") as http_first,
        httpx.AsyncClient(base_url=f"http://{second}") as http_second,
    ):
        # everything is written through the first process
        cafe = await make_cafe(GraphQLClient(http_first), runtime, tables=4)
        writers = [
            GraphQLClient(http_first if n % 2 else http_second).as_(
                await cafe.join_guest(f"Skribent {n}", table=n % 4)
            )
            for n in range(WRITERS)
        ]
        # subscribers on both processes; writers on both too
        outcome = await busy_cafe(cafe, runtime.db, writers, [second, first])
    assert_everyone_has_the_log(outcome)
