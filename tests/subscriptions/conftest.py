"""Fixtures of the live layer's tests."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import pytest

from tests.conftest import REQUIRE_SERVICES
from tests.support.redis_server import RedisServer


@pytest.fixture
async def own_redis() -> AsyncIterator[RedisServer]:
    """A Redis of the test's own, which it may stop and start again."""
    if shutil.which("redis-server") is None:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    redis = RedisServer()
    await redis.start()
    yield redis
    await redis.stop()
