"""SQLite writers in one process take turns, first come first served, and one that waits
longer than the lock timeout gives up with `LockTimeout` (nothing written)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from db.session import Database, LockTimeout


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'writers.db'}", lock_timeout=0.3)
    async with database.write() as session:
        await session.execute(text("CREATE TABLE entries (n INTEGER)"))
    return database


async def entries(db: Database) -> list[int]:
    async with db.read() as session:
        return list((await session.scalars(text("SELECT n FROM entries ORDER BY rowid"))).all())


async def test_writers_take_turns_in_the_order_they_came(db: Database) -> None:
    inside: list[int] = []

    async def write(n: int) -> None:
        async with db.write() as session:
            inside.append(n)
            assert len(inside) == 1, "two writers at once"
            await asyncio.sleep(0.001)
            await session.execute(text("INSERT INTO entries (n) VALUES (:n)"), {"n": n})
            inside.remove(n)

    tasks = []
    for n in range(20):
        tasks.append(asyncio.create_task(write(n)))
        await asyncio.sleep(0)  # each one asks for its turn before the next is made
    await asyncio.gather(*tasks)
    assert await entries(db) == list(range(20))
    await db.dispose()


async def test_a_writer_that_waits_too_long_gives_up_and_writes_nothing(db: Database) -> None:
    release = asyncio.Event()

    async def long_writer() -> None:
        async with db.write() as session:
            await session.execute(text("INSERT INTO entries (n) VALUES (1)"))
            await release.wait()

    holder = asyncio.create_task(long_writer())
    await asyncio.sleep(0.05)
    with pytest.raises(LockTimeout):
        async with db.write() as session:
            await session.execute(text("INSERT INTO entries (n) VALUES (2)"))
    release.set()
    await holder
    assert await entries(db) == [1]
    async with db.write() as session:  # the turn is free again
        await session.execute(text("INSERT INTO entries (n) VALUES (3)"))
    assert await entries(db) == [1, 3]
    await db.dispose()
