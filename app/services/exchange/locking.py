"""The listing row's lock, which every writer of its stock and its volunteers takes first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.row_locks import lock_row
from db.models import Listing


async def lock_listing(session: AsyncSession, listing_id: int, field: str = "id") -> Listing:
    """The listing, row-locked: its stock and its volunteers change one transaction at a time."""
    return await lock_row(session, Listing, listing_id, "listing", field)
