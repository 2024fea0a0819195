"""A write that waits too long for another writer's lock answers BUSY, saves nothing, and
can be sent again; never "Unexpected error." (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.main import create_app
from app.runtime import Runtime
from db.models import CafeNote, CafeParticipant, LoginAttempt
from tests.conftest import settings_for
from tests.support.cafe import JOIN, make_cafe
from tests.support.databases import is_postgres
from tests.support.graphql import GraphQLClient, codes, ok

LOCK_TIMEOUT = 0.3


@pytest.fixture
async def impatient(database_url: str) -> AsyncIterator[GraphQLClient]:
    """The same database, through an app that waits only briefly for locks."""
    app = create_app(settings_for(database_url, database_lock_timeout_seconds=LOCK_TIMEOUT))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4711))
        async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http:
            yield GraphQLClient(http)


@asynccontextmanager
async def writes_blocked(database_url: str, table: str) -> AsyncIterator[None]:
    """Another client holds a lock that writers to `table` must wait for."""
    if is_postgres(database_url):
        dsn = make_url(database_url).set(drivername="postgresql").render_as_string(False)
        holder = await asyncpg.connect(dsn)
        try:
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            yield
            await transaction.rollback()
        finally:
            await holder.close()
        return
    holder_file = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
    try:
        holder_file.execute("BEGIN IMMEDIATE")
        yield
        holder_file.execute("ROLLBACK")
    finally:
        holder_file.close()


async def count(
    runtime: Runtime, model: type[CafeNote] | type[LoginAttempt] | type[CafeParticipant]
) -> int:
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_note_that_cannot_get_the_lock_is_busy_and_can_be_sent_again(
    gql: GraphQLClient, runtime: Runtime, impatient: GraphQLClient, database_url: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    organiser = impatient.as_(cafe.organiser.token)
    async with writes_blocked(database_url, "cafe_sessions"):
        busy = await cafe.note(organiser, "Lokaler att dela", client_id="retry-1")
    assert codes(busy) == ["BUSY"]
    assert busy["note"] is None
    assert "send it again" in busy["errors"][0]["message"]
    assert await count(runtime, CafeNote) == 0
    again = ok(await cafe.note(organiser, "Lokaler att dela", client_id="retry-1"))
    assert again["note"]["text"] == "Lokaler att dela"
    assert await count(runtime, CafeNote) == 1


async def test_a_log_in_that_cannot_get_the_lock_says_busy_not_unexpected(
    runtime: Runtime, impatient: GraphQLClient, database_url: str
) -> None:
    query = """mutation { logIn(input: {email: "vem@test.example", password: "fel-lösenord"}) {
      token errors { code } } }"""
    async with writes_blocked(database_url, "login_attempts"):
        answer = await impatient(query)
    assert answer.status == 200
    assert answer.errors is not None
    assert [e["extensions"]["code"] for e in answer.errors] == ["BUSY"]
    assert "Unexpected" not in answer.errors[0]["message"]
    assert await count(runtime, LoginAttempt) == 0


async def test_joining_a_cafe_that_cannot_get_the_lock_is_busy_in_the_payload(
    gql: GraphQLClient, runtime: Runtime, impatient: GraphQLClient, database_url: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    variables = {"code": cafe.join_code, "name": "Gäst", "table": cafe.tables[0]}
    async with writes_blocked(database_url, "cafe_sessions"):
        busy = await impatient.mutate(JOIN, variables)
    assert codes(busy) == ["BUSY"]
    assert (busy["participant"], busy["token"]) == (None, None)
    assert await count(runtime, CafeParticipant) == 0
    assert ok(await impatient.mutate(JOIN, variables))["participant"]["displayName"] == "Gäst"
