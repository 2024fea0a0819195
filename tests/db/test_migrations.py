"""Alembic migrations are the only way the schema is made, and agree with the models."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, update
from sqlalchemy.engine import Connection

from app.cli import alembic_config
from app.services.swedish import collation_key, search_document
from db.base import Base
from db.models import Association
from db.session import Database, create_engine
from tests.support.databases import fresh_database, migrate
from tests.support.people import make_association


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()


async def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    async with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        await migrate(url)
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert set(Base.metadata.tables) <= tables

            await asyncio.to_thread(command.downgrade, alembic_config(url), "base")
            async with engine.connect() as connection:
                left = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert left <= {"alembic_version"}
            await migrate(url)
            async with engine.connect() as connection:
                assert await connection.run_sync(_diff) == []
        finally:
            await engine.dispose()


def test_one_linear_history() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert all(len(r._all_down_revisions) <= 1 for r in revisions)


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_every_table_has_a_primary_key(table: str) -> None:
    assert Base.metadata.tables[table].primary_key.columns


async def test_associations_stored_before_are_keyed_again_for_every_script(
    tmp_path: Path,
) -> None:
    async with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        await migrate(url)
        db = Database(url)
        try:
            await make_association(db, "Общество Дружба", description="Kör på ryska")
            # as the rules before 0004 stored it: no words outside a-z, å, ä, ö
            async with db.write() as session:
                await session.execute(
                    update(Association).values(sort_key="", search_text=" kor pa ryska")
                )
            await asyncio.to_thread(command.downgrade, alembic_config(url), "0003")
            await migrate(url)
            async with db.read() as session:
                keys = (
                    await session.execute(select(Association.sort_key, Association.search_text))
                ).one()
        finally:
            await db.dispose()
    assert keys == (
        collation_key("Общество Дружба"),
        search_document("Общество Дружба", "Kör på ryska"),
    )
    assert "дружба" in keys[1]
