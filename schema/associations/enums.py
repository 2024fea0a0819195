"""The register's vocabularies as GraphQL enums, and their Swedish names."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.associations import vocabulary

strawberry.enum(
    vocabulary.Category, name="AssociationCategory", description="What an association does."
)
AssociationCategory: TypeAlias = vocabulary.Category
strawberry.enum(
    vocabulary.TargetGroup, name="TargetGroup", description="Whom an association is for."
)
TargetGroup: TypeAlias = vocabulary.TargetGroup
strawberry.enum(vocabulary.District, name="District", description="A part of Helsingborg.")
District: TypeAlias = vocabulary.District


@strawberry.type(description="A category code with its Swedish name.")
class CategoryLabel:
    code: AssociationCategory
    name: str


@strawberry.type(description="A target group code with its Swedish name.")
class TargetGroupLabel:
    code: TargetGroup
    name: str


@strawberry.type(description="A district code with its Swedish name.")
class DistrictLabel:
    code: District
    name: str


def category_labels() -> list[CategoryLabel]:
    return [CategoryLabel(code=c, name=n) for c, n in vocabulary.CATEGORY_NAMES.items()]


def target_group_labels() -> list[TargetGroupLabel]:
    return [TargetGroupLabel(code=c, name=n) for c, n in vocabulary.TARGET_GROUP_NAMES.items()]


def district_labels() -> list[DistrictLabel]:
    return [DistrictLabel(code=c, name=n) for c, n in vocabulary.DISTRICT_NAMES.items()]
