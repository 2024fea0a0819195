"""Links between associations and their umbrella organisations (paraplyorganisationer)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import ErrorCode, fail
from app.services.viewer import Viewer
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


async def umbrellas_of(session: AsyncSession, association_id: int) -> set[int]:
    rows = await session.scalars(
        select(UmbrellaLink.umbrella_id).where(UmbrellaLink.association_id == association_id)
    )
    return set(rows.all())


def require_vouched(viewer: Viewer, before: set[int], after: Sequence[int]) -> None:
    """A new umbrella link needs the umbrella's word: the viewer is one of its admins, or the
    city's coordinator. Otherwise anyone could list their association under HISO. Links
    already there may stay, and dropping one needs no one's word."""
    if viewer.is_coordinator:
        return
    if any(u not in before and not viewer.is_admin_of(u) for u in after):
        raise fail(
            ErrorCode.FORBIDDEN,
            "Only an umbrella organisation's admins (or the city's coordinator) can add an "
            "association to it.",
            "umbrella_ids",
        )
