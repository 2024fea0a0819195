"""The listing row's lock, which every writer of its stock and its volunteers takes first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.errors import not_found
from db.models import Listing


async def lock_listing(session: AsyncSession, listing_id: int, field: str = "id") -> Listing:
    """The listing, row-locked: its stock and its volunteers change one transaction at a
    time (PostgreSQL; SQLite's writers are serialised already)."""
    listing = await session.scalar(
        select(Listing)
        .where(Listing.id == listing_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if listing is None:
        raise not_found("listing", field)
    return listing
