"""Creating and updating premises."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import lock_association, require_manager
from app.services.clock import now
from app.services.errors import forbidden
from app.services.premises.access import require_manager_of
from app.services.premises.fields import CleanFields, PremisesFields, clean_fields
from app.services.premises.vocabulary import ACCESSIBILITY_NAMES, Accessibility
from app.services.row_locks import lock_row
from app.services.swedish import collation_key, search_document
from app.services.viewer import Viewer
from db.models import OpeningHours, Premises, PremisesAccessibility, PremisesTranslation
from db.models.premises import SORT_KEY_LENGTH


async def lock_premises(session: AsyncSession, premises_id: int, field: str = "id") -> Premises:
    """The premises, row-locked: one premises' bookings are written one transaction at a time."""
    return await lock_row(session, Premises, premises_id, "premises", field)


async def _replace_children(session: AsyncSession, premises_id: int, clean: CleanFields) -> None:
    if clean.translations is not None:
        await session.execute(
            delete(PremisesTranslation).where(PremisesTranslation.premises_id == premises_id)
        )
        session.add_all(
            PremisesTranslation(
                premises_id=premises_id, language=t.language, description=t.description
            )
            for t in clean.translations
        )
    if clean.accessibility is not None:
        await session.execute(
            delete(PremisesAccessibility).where(PremisesAccessibility.premises_id == premises_id)
        )
        session.add_all(
            PremisesAccessibility(premises_id=premises_id, feature=str(feature))
            for feature in clean.accessibility
        )
    if clean.opening_hours is not None:
        await session.execute(delete(OpeningHours).where(OpeningHours.premises_id == premises_id))
        session.add_all(
            OpeningHours(premises_id=premises_id, weekday=day, opens_minute=o, closes_minute=c)
            for day, o, c in clean.opening_hours
        )
    await session.flush()


async def _refresh_search_keys(session: AsyncSession, premises: Premises) -> None:
    translations = (
        await session.scalars(
            select(PremisesTranslation.description).where(
                PremisesTranslation.premises_id == premises.id
            )
        )
    ).all()
    features = (
        await session.scalars(
            select(PremisesAccessibility.feature).where(
                PremisesAccessibility.premises_id == premises.id
            )
        )
    ).all()
    premises.sort_key = collation_key(premises.name)[:SORT_KEY_LENGTH]
    premises.search_text = search_document(
        premises.name,
        premises.description,
        premises.address,
        *translations,
        *premises.equipment,
        *(ACCESSIBILITY_NAMES[Accessibility(f)] for f in features),
    )


async def create_premises(
    session: AsyncSession,
    viewer: Viewer,
    owner_association_id: int | None,
    fields: PremisesFields,
) -> Premises:
    """Premises of an association (by its admins) or of the city (by the coordinator)."""
    viewer.require_account()
    if owner_association_id is None:
        if not viewer.is_coordinator:
            raise forbidden("Only the coordinator adds the city's premises.")
    else:
        await lock_association(session, owner_association_id, "owner_association_id")
        await require_manager(
            session,
            viewer,
            owner_association_id,
            "Only the association's admins add premises for it.",
        )
    clean = clean_fields(fields, creating=True)
    moment = now()
    premises = Premises(
        owner_association_id=owner_association_id,
        sort_key="",
        search_text="",
        created_at=moment,
        updated_at=moment,
        **clean.values,
    )
    session.add(premises)
    await session.flush()
    await _replace_children(session, premises.id, clean)
    await _refresh_search_keys(session, premises)
    await session.flush()
    return premises


_CROSS_CHECKED = ("min_booking_minutes", "max_booking_minutes")


async def update_premises(
    session: AsyncSession, viewer: Viewer, premises_id: int, fields: PremisesFields
) -> Premises:
    """Change premises; bookings made before keep the buffers they were made with."""
    viewer.require_account()
    premises = await lock_premises(session, premises_id)
    await require_manager_of(session, viewer, premises)
    current = {name: getattr(premises, name) for name in _CROSS_CHECKED}
    clean = clean_fields(fields, creating=False, current=current)
    for attribute, value in clean.values.items():
        setattr(premises, attribute, value)
    await _replace_children(session, premises.id, clean)
    await _refresh_search_keys(session, premises)
    premises.updated_at = now()
    await session.flush()
    return premises
