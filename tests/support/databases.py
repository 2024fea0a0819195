"""A fresh, migrated database for a test run: a SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.cli import alembic_config
from db.base import Base
from db.session import Database

# reference data that migrations put in and tests never remove
KEPT_TABLES = {"principles", "alembic_version"}


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


async def migrate(url: str, revision: str = "head") -> None:
    # alembic runs its own event loop, so it gets a thread of its own
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


def _asyncpg_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(base_url: str | None, directory: Path) -> AsyncIterator[str]:
    """Yield the URL of an empty database made for this run; drop it afterwards."""
    if base_url is None or not is_postgres(base_url):
        yield f"sqlite+aiosqlite:///{directory / f'test-{secrets.token_hex(4)}.db'}"
        return
    name = f"samverka_test_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_asyncpg_dsn(base_url, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(base_url, "postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def empty_tables(db: Database) -> None:
    """Remove every row a test left. Most tests fill few of the many tables: ask which hold
    rows, in one statement, and delete only theirs, children first (a statement per table, or
    PostgreSQL's TRUNCATE, which replaces a table's files, would cost more than the test)."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    probes = " UNION ALL ".join(
        f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")"  # noqa: S608
        for t in tables
    )
    async with db.write() as session:
        filled = set((await session.execute(text(probes))).scalars().all())
        for table in tables:
            if table.name in filled:
                await session.execute(table.delete())
