"""Posting listings: offers and requests, by an association's members."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import ErrorCode, fail, not_found
from app.services.exchange import access
from app.services.exchange.fields import ListingFields, clean_listing
from app.services.exchange.loans import promote
from app.services.exchange.locking import lock_listing
from app.services.exchange.vocabulary import Direction, ListingKind, ListingStatus
from app.services.swedish import collation_key, search_document
from app.services.translations import Translation
from app.services.viewer import Viewer
from db.models import Association, Listing, ListingTranslation
from db.models.exchange import SORT_KEY_LENGTH

_SPANNING = ("available_from", "available_until", "quantity", "volunteers_needed")


async def _texts(
    session: AsyncSession, listing: Listing, translations: list[Translation] | None
) -> None:
    if translations is not None:
        await session.execute(
            delete(ListingTranslation).where(ListingTranslation.listing_id == listing.id)
        )
        session.add_all(
            ListingTranslation(
                listing_id=listing.id,
                language=t.language,
                title=t.title or "",
                description=t.description or "",
            )
            for t in translations
        )
        await session.flush()
    others = (
        await session.execute(
            select(ListingTranslation.title, ListingTranslation.description).where(
                ListingTranslation.listing_id == listing.id
            )
        )
    ).all()
    listing.sort_key = collation_key(listing.title)[:SORT_KEY_LENGTH]
    listing.search_text = search_document(
        listing.title,
        listing.description,
        *listing.topics,
        *(part for row in others for part in row),
    )


async def create_listing(
    session: AsyncSession,
    viewer: Viewer,
    association_id: int,
    direction: Direction,
    kind: ListingKind,
    fields: ListingFields,
) -> Listing:
    if await session.get(Association, association_id) is None:
        raise not_found("association", "association_id")
    user_id = await access.require_member(
        session, viewer, association_id, "Only the association's members post for it."
    )
    values, translations = clean_listing(fields, direction, kind, creating=True)
    moment = now()
    listing = Listing(
        association_id=association_id,
        posted_by_id=user_id,
        direction=str(direction),
        kind=str(kind),
        sort_key="",
        search_text="",
        status=str(ListingStatus.OPEN),
        reserved_units=0,
        volunteers_accepted=0,
        created_at=moment,
        updated_at=moment,
        **values,
    )
    session.add(listing)
    await session.flush()
    await _texts(session, listing, translations)
    await session.flush()
    return listing


async def update_listing(
    session: AsyncSession,
    viewer: Viewer,
    listing_id: int,
    fields: ListingFields,
    status: ListingStatus | None = None,
) -> Listing:
    listing = await lock_listing(session, listing_id)
    await access.require_member(
        session, viewer, listing.association_id, "Only the association's members edit it."
    )
    current = {name: getattr(listing, name) for name in _SPANNING}
    values, translations = clean_listing(
        fields,
        Direction(listing.direction),
        ListingKind(listing.kind),
        creating=False,
        current=current,
    )
    quantity = values.get("quantity", listing.quantity)
    if quantity is not None and quantity < listing.reserved_units:
        raise fail(
            ErrorCode.CONFLICT, f"{listing.reserved_units} are lent out or promised.", "quantity"
        )
    needed = values.get("volunteers_needed", listing.volunteers_needed)
    if needed is not None and needed < listing.volunteers_accepted:
        raise fail(
            ErrorCode.CONFLICT,
            f"{listing.volunteers_accepted} volunteers are accepted already.",
            "volunteers_needed",
        )
    raised = quantity is not None and quantity > (listing.quantity or 0)
    for attribute, value in values.items():
        setattr(listing, attribute, value)
    if status is not None:
        listing.status = str(status)
    await _texts(session, listing, translations)
    listing.updated_at = now()
    await session.flush()
    if raised:  # more units: those waiting in line get them at once, in order
        await promote(session, listing)
    return listing


async def close_listing(session: AsyncSession, viewer: Viewer, listing_id: int) -> Listing:
    return await update_listing(session, viewer, listing_id, ListingFields(), ListingStatus.CLOSED)
