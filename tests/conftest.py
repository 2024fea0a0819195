"""Every test runs on the configured runtime: DATABASE_URL and BROADCAST_URL, by default a
fresh SQLite file and in-process broadcast. With REQUIRE_SERVICES=1 (CI), tests that need
PostgreSQL and Redis fail instead of skipping when those are missing."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from urllib.parse import urlparse

import httpx
import pytest
from starlette.applications import Starlette

from app.main import create_app
from app.runtime import Runtime
from app.services.accounts.settings import AccountSettings
from app.services.settings import Settings
from tests.support.databases import empty_tables, fresh_database, migrate
from tests.support.graphql import GraphQLClient
from tests.support.servers import live_server

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def reachable(url: str) -> bool:
    parsed = urlparse(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), 1):
            return True
    except OSError:
        return False


def need_services() -> None:
    """Skip a test that needs PostgreSQL and Redis, unless CI says they must be there."""
    missing = [url for url in (POSTGRES_URL, REDIS_URL) if not reachable(url)]
    if missing:
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but not reachable: {missing}")
        pytest.skip(f"not reachable: {missing}")


def pytest_report_header() -> list[str]:
    return [
        f"runtime: DATABASE_URL={os.environ.get('DATABASE_URL', 'sqlite (fresh file)')} "
        f"BROADCAST_URL={os.environ.get('BROADCAST_URL', 'memory://')}"
    ]


def settings_for(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "broadcast_url": os.environ.get("BROADCAST_URL", "memory://"),
        "environment": "development",
        # argon2id at its cheapest: the suite signs many people up
        "accounts": AccountSettings(password_time_cost=1, password_memory_kib=8),
        # a process-wide change: tests/app/test_gc_tuning.py checks it in a process of its own
        "gc_tuning": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    base = os.environ.get("DATABASE_URL")
    if base is not None and base.startswith("postgresql") and not reachable(base):
        pytest.fail(f"DATABASE_URL is set but not reachable: {base}")
    async with fresh_database(base, tmp_path_factory.mktemp("databases")) as url:
        await migrate(url)
        yield url


@pytest.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[Starlette]:
    application = create_app(settings_for(database_url))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
def runtime(app: Starlette) -> Runtime:
    value: Runtime = app.state.runtime
    return value


@pytest.fixture(autouse=True)
async def _empty_tables_after(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "runtime" in request.fixturenames:
        await empty_tables(request.getfixturevalue("runtime").db)


@pytest.fixture
async def http(app: Starlette, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4711))
    async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture(scope="session")
async def server(app: Starlette) -> AsyncIterator[str]:
    async with live_server(app) as address:
        yield address
