"""Links between associations and their umbrella organisations (paraplyorganisationer)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ErrorCode, fail
from db.models import Association, UmbrellaLink


async def _members_below(session: AsyncSession, association_id: int) -> set[int]:
    """Every association under this one, through any number of umbrella links."""
    found: set[int] = set()
    frontier = {association_id}
    while frontier:
        rows = await session.scalars(
            select(UmbrellaLink.association_id).where(UmbrellaLink.umbrella_id.in_(frontier))
        )
        frontier = set(rows.all()) - found
        found |= frontier
    return found


async def replace_umbrellas(
    session: AsyncSession, association_id: int, umbrella_ids: Sequence[int]
) -> None:
    wanted = set(umbrella_ids)
    if association_id in wanted:
        raise fail(ErrorCode.INVALID, "An association cannot be its own umbrella.", "umbrella_ids")
    existing = set(
        (await session.scalars(select(Association.id).where(Association.id.in_(wanted)))).all()
    )
    if existing != wanted:
        raise fail(ErrorCode.NOT_FOUND, "No association with one of those ids.", "umbrella_ids")
    if wanted & await _members_below(session, association_id):
        raise fail(
            ErrorCode.INVALID,
            "That umbrella is itself a member of this association; links cannot go in a circle.",
            "umbrella_ids",
        )
    await session.execute(delete(UmbrellaLink).where(UmbrellaLink.association_id == association_id))
    session.add_all(UmbrellaLink(association_id=association_id, umbrella_id=u) for u in wanted)
