"""DataLoaders of the register, one per relation and direction."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from db.models import (
    Association,
    AssociationCategory,
    AssociationTargetGroup,
    AssociationTranslation,
    UmbrellaLink,
)
from schema.context import Context
from schema.loading import children, rows_by, rows_grouped_by


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


# an association's umbrella organisations, and an umbrella's members, in Swedish order
association_umbrellas = children(
    UmbrellaLink.association_id,
    SWEDISH_ORDER,
    model=Association,
    through=(UmbrellaLink, UmbrellaLink.umbrella_id == Association.id),
)
umbrella_members = children(
    UmbrellaLink.umbrella_id,
    SWEDISH_ORDER,
    model=Association,
    through=(UmbrellaLink, UmbrellaLink.association_id == Association.id),
)
