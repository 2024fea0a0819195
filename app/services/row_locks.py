"""A row locked for the transaction: the one way every domain serialises the writers of one
thing (PostgreSQL: SELECT … FOR UPDATE; SQLite's writers are serialised by BEGIN IMMEDIATE
already), read fresh, or NOT_FOUND naming the field."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import not_found

T = TypeVar("T")


async def lock_row(
    session: AsyncSession,
    model: type[T],
    row_id: int,
    what: str,
    field: str = "id",
    *also: ColumnElement[bool],
) -> T:
    """The `model` row with id `row_id` (and meeting `also`), row-locked and read anew."""
    (key,) = inspect(model).primary_key
    found = await session.scalar(
        select(model)
        .where(key == row_id, *also)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if found is None:
        raise not_found(what, field)
    return found
