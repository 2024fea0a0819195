"""The export of an id that names no café session, and /readyz with the database down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app.main import create_app
from app.runtime import Runtime
from app.web import health
from tests.conftest import settings_for
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient
from tests.support.people import global_id, make_association

NO_SESSION = {"errors": [{"message": "No café session with that id."}]}


async def test_export_of_an_id_that_names_no_session(
    gql: GraphQLClient, runtime: Runtime, http: httpx.AsyncClient
) -> None:
    cafe = await make_cafe(gql, runtime)
    association = global_id("Association", await make_association(runtime.db, "Klubben"))
    headers = {"authorization": f"Bearer {cafe.organiser.token}"}
    assert (
        await http.get(f"/export/cafe-sessions/{cafe.session_id}.md", headers=headers)
    ).status_code == 200
    for wrong in (
        "inte-ett-id",
        "Zm9v",  # base64, but of no type and id
        global_id("CafeSession", 0),
        association,
        cafe.tables[0],  # another type's id, though perhaps the same number
        global_id("CafeSession", 999999),
        global_id("CafeSession", 2**31),  # beyond an integer column
    ):
        for fmt in ("md", "csv"):
            response = await http.get(f"/export/cafe-sessions/{wrong}.{fmt}", headers=headers)
            assert (response.status_code, response.json()) == (404, NO_SESSION), wrong


@asynccontextmanager
async def app_on(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings_for(database_url))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http:
            yield http


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
async def test_readyz_with_the_database_unreachable(tmp_path: Path, where: str) -> None:
    url = (
        f"sqlite+aiosqlite:///{tmp_path}/missing/samverka.db"
        if where == "sqlite"
        else "postgresql+asyncpg://postgres@127.0.0.1:1/postgres"  # nothing listens on port 1
    )
    async with app_on(url) as http:
        response = await http.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "checks": {"database": False, "broadcast": True},
        }
        assert (await http.get("/healthz")).json() == {"status": "ok"}  # alive all the same
    assert not (tmp_path / "missing").exists()


async def test_readyz_when_the_database_does_not_answer(
    http: httpx.AsyncClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    @asynccontextmanager
    async def stuck() -> AsyncIterator[None]:
        await asyncio.sleep(60)
        yield

    monkeypatch.setattr(health, "CHECK_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(runtime.db, "read", stuck)
    response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "broadcast": True}
