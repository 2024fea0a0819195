"""Creating and updating associations in the register."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import lock_association, require_manager
from app.services.accounts.roles import MembershipRole
from app.services.associations.fields import AssociationFields, CleanFields, clean_fields
from app.services.associations.umbrellas import replace_umbrellas, require_vouched, umbrellas_of
from app.services.associations.vocabulary import CATEGORY_NAMES, Category
from app.services.clock import now
from app.services.errors import DomainError, ErrorCode, Problem, fail
from app.services.keep import KEEP
from app.services.swedish import collation_key, search_document, slugify
from app.services.viewer import Viewer
from db.models import (
    Association,
    AssociationCategory,
    AssociationTargetGroup,
    AssociationTranslation,
    Membership,
)
from db.models.associations import SORT_KEY_LENGTH


def _duplicate_number() -> DomainError:
    return DomainError(
        Problem(
            ErrorCode.DUPLICATE,
            "An association with that organisation number is already registered.",
            "organisation_number",
        )
    )


async def _check_number_free(
    session: AsyncSession, number: str, association_id: int | None
) -> None:
    other = await session.scalar(
        select(Association.id).where(Association.organisation_number == number)
    )
    if other is not None and other != association_id:
        raise _duplicate_number()


async def _free_slug(session: AsyncSession, name: str) -> str:
    base = slugify(name)[:130].rstrip("-")
    taken = set(
        (
            await session.scalars(
                select(Association.slug).where(
                    (Association.slug == base) | Association.slug.like(base + "-%")
                )
            )
        ).all()
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


async def _replace_children(session: AsyncSession, association_id: int, clean: CleanFields) -> None:
    if clean.translations is not None:
        await session.execute(
            delete(AssociationTranslation).where(
                AssociationTranslation.association_id == association_id
            )
        )
        session.add_all(
            AssociationTranslation(
                association_id=association_id, language=t.language, description=t.description
            )
            for t in clean.translations
        )
    if clean.categories is not None:
        await session.execute(
            delete(AssociationCategory).where(AssociationCategory.association_id == association_id)
        )
        session.add_all(
            AssociationCategory(association_id=association_id, category=c) for c in clean.categories
        )
    if clean.target_groups is not None:
        await session.execute(
            delete(AssociationTargetGroup).where(
                AssociationTargetGroup.association_id == association_id
            )
        )
        session.add_all(
            AssociationTargetGroup(association_id=association_id, target_group=g)
            for g in clean.target_groups
        )
    if clean.umbrella_ids is not None:
        await replace_umbrellas(session, association_id, clean.umbrella_ids)
    await session.flush()


async def refresh_search_keys(session: AsyncSession, association: Association) -> None:
    """Recompute the stored sort key and search words from the association's current texts."""
    translations = (
        await session.scalars(
            select(AssociationTranslation.description).where(
                AssociationTranslation.association_id == association.id
            )
        )
    ).all()
    categories = (
        await session.scalars(
            select(AssociationCategory.category).where(
                AssociationCategory.association_id == association.id
            )
        )
    ).all()
    # folding can lengthen a name ("ﬃ" is "ffi"); the first 240 characters order it well enough
    association.sort_key = collation_key(association.name)[:SORT_KEY_LENGTH]
    association.search_text = search_document(
        association.name,
        association.description,
        *translations,
        *(CATEGORY_NAMES[Category(c)] for c in categories),
    )


SLUG_ATTEMPTS = 5


def _slug_taken(error: IntegrityError) -> bool:
    # PostgreSQL names the constraint, SQLite the column
    message = str(error.orig)
    return "uq_associations_slug" in message or "associations.slug" in message


async def _flush_unique(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError:  # a concurrent registration took the number first
        raise _duplicate_number() from None


async def _insert(session: AsyncSession, name: str, values: dict[str, object]) -> Association:
    """Insert with a free slug; if a same-named association took it meanwhile, take the next."""
    for _ in range(SLUG_ATTEMPTS):
        moment = now()
        association = Association(
            slug=await _free_slug(session, name),
            sort_key="",
            search_text="",
            description="",
            contact_public=False,
            created_at=moment,
            updated_at=moment,
        )
        for attribute, value in values.items():
            setattr(association, attribute, value)
        try:
            async with session.begin_nested():
                session.add(association)
                await session.flush()
        except IntegrityError as error:
            if _slug_taken(error):
                continue
            raise _duplicate_number() from None
        return association
    raise fail(ErrorCode.CONFLICT, "Many associations with that name are being registered; retry.")


async def register_association(session: AsyncSession, fields: AssociationFields) -> Association:
    """Add an association to the register, with no one as its admin yet."""
    clean = clean_fields(fields, creating=True)
    number = clean.values["organisation_number"]
    assert isinstance(number, str)
    await _check_number_free(session, number, None)
    name = clean.values["name"]
    assert isinstance(name, str)
    association = await _insert(session, name, clean.values)
    await _replace_children(session, association.id, clean)
    await refresh_search_keys(session, association)
    await session.flush()
    return association


async def create_association(
    session: AsyncSession, viewer: Viewer, fields: AssociationFields
) -> Association:
    """Register an association; the person registering it becomes its admin."""
    user_id = viewer.require_account()
    association = await register_association(session, fields)
    if fields.umbrella_ids is not KEEP:
        require_vouched(viewer, set(), fields.umbrella_ids)
    session.add(
        Membership(
            user_id=user_id,
            association_id=association.id,
            role=MembershipRole.ADMIN,
            created_at=association.created_at,
        )
    )
    await session.flush()
    return association


async def update_association(
    session: AsyncSession, viewer: Viewer, association_id: int, fields: AssociationFields
) -> Association:
    viewer.require_account()
    association = await lock_association(session, association_id)
    await require_manager(
        session,
        viewer,
        association_id,
        "Only the association's admins and the coordinator edit it.",
    )
    clean = clean_fields(fields, creating=False)
    umbrellas_before = await umbrellas_of(session, association_id)
    number = clean.values.get("organisation_number")
    if isinstance(number, str):
        await _check_number_free(session, number, association_id)
    for attribute, value in clean.values.items():
        setattr(association, attribute, value)
    await _replace_children(session, association_id, clean)
    if clean.umbrella_ids is not None:
        require_vouched(viewer, umbrellas_before, clean.umbrella_ids)
    await refresh_search_keys(session, association)
    association.updated_at = now()
    await _flush_unique(session)
    return association
