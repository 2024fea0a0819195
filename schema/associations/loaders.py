"""DataLoaders of the register, one per relation and direction."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from app.context import Context
from app.services.pagination import Page, PageRequest
from db.models import (
    Association,
    AssociationCategory,
    AssociationTargetGroup,
    AssociationTranslation,
    UmbrellaLink,
)
from schema.loading import child_counts, child_pages, rows_by, rows_grouped_by


def associations_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Association.id)


def translations_by_association_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(
        context, AssociationTranslation.association_id, AssociationTranslation.language
    )


def categories_by_association_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(
        context, AssociationCategory.association_id, AssociationCategory.category
    )


def target_groups_by_association_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(
        context, AssociationTargetGroup.association_id, AssociationTargetGroup.target_group
    )


SWEDISH_ORDER = (Association.sort_key, Association.id)


def umbrella_pages_by_association_id(
    context: Context,
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    """Pages of each association's umbrella organisations, in Swedish order."""
    return child_pages(
        context,
        UmbrellaLink.association_id,
        SWEDISH_ORDER,
        context.runtime.settings.max_page_size,
        model=Association,
        through=(UmbrellaLink, UmbrellaLink.umbrella_id == Association.id),
    )


def umbrella_counts_by_association_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, UmbrellaLink.association_id)


def member_pages_by_umbrella_id(
    context: Context,
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    """Pages of each umbrella's member associations, in Swedish order."""
    return child_pages(
        context,
        UmbrellaLink.umbrella_id,
        SWEDISH_ORDER,
        context.runtime.settings.max_page_size,
        model=Association,
        through=(UmbrellaLink, UmbrellaLink.association_id == Association.id),
    )


def member_counts_by_umbrella_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, UmbrellaLink.umbrella_id)
