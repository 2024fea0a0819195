"""Finding associations: prefix search over Swedish-folded words, filters, Swedish order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, exists, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.associations.vocabulary import Category, District
from app.services.lookup import text_is
from app.services.pagination import Page, PageRequest, count, paginate
from app.services.swedish import words
from db.models import AgreementMembership, Association, AssociationCategory

ORDER = (Association.sort_key, Association.id)


@dataclass(frozen=True)
class AssociationFilter:
    search: str | None = None
    categories: Sequence[Category] = ()
    district: District | None = None
    in_agreement: bool | None = None


MAX_SEARCH_WORDS = 10


def filtered(criteria: AssociationFilter) -> Select[Association]:
    stmt = select(Association)
    search = (criteria.search or "").strip()
    terms = words(search)[:MAX_SEARCH_WORDS]
    if search and not terms:
        # only punctuation ("!!!"): no word can match it, so nothing does
        stmt = stmt.where(false())
    for word in terms:
        # words are letters, marks and digits: never % _ or \, so the pattern needs no escaping
        stmt = stmt.where(Association.search_text.like(f"% {word}%"))
    if criteria.categories:
        stmt = stmt.where(
            exists().where(
                AssociationCategory.association_id == Association.id,
                AssociationCategory.category.in_(list(criteria.categories)),
            )
        )
    if criteria.district is not None:
        stmt = stmt.where(Association.district == criteria.district)
    if criteria.in_agreement is not None:
        clause = exists().where(
            AgreementMembership.association_id == Association.id,
            AgreementMembership.left_at.is_(None),
        )
        stmt = stmt.where(clause if criteria.in_agreement else ~clause)
    return stmt


async def find_associations(
    session: AsyncSession, criteria: AssociationFilter, request: PageRequest, max_size: int
) -> Page[Association]:
    return await paginate(session, filtered(criteria), ORDER, request, max_size=max_size)


async def count_associations(session: AsyncSession, criteria: AssociationFilter) -> int:
    return await count(session, filtered(criteria))


async def association_by_slug(session: AsyncSession, slug: str) -> Association | None:
    return await session.scalar(select(Association).where(text_is(Association.slug, slug)))
