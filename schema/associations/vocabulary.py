"""The register's vocabularies as GraphQL enums, and their Swedish names."""

from __future__ import annotations

import strawberry

from app.services.associations import vocabulary

AssociationCategory = strawberry.enum(
    vocabulary.Category, name="AssociationCategory", description="What an association does."
)
TargetGroup = strawberry.enum(
    vocabulary.TargetGroup, name="TargetGroup", description="Whom an association is for."
)
District = strawberry.enum(
    vocabulary.District, name="District", description="A part of Helsingborg."
)


@strawberry.type(description="A category code with its Swedish name.")
class CategoryLabel:
    code: AssociationCategory  # type: ignore[valid-type]
    name: str


@strawberry.type(description="A target group code with its Swedish name.")
class TargetGroupLabel:
    code: TargetGroup  # type: ignore[valid-type]
    name: str


@strawberry.type(description="A district code with its Swedish name.")
class DistrictLabel:
    code: District  # type: ignore[valid-type]
    name: str


def category_labels() -> list[CategoryLabel]:
    return [CategoryLabel(code=c, name=n) for c, n in vocabulary.CATEGORY_NAMES.items()]


def target_group_labels() -> list[TargetGroupLabel]:
    return [TargetGroupLabel(code=c, name=n) for c, n in vocabulary.TARGET_GROUP_NAMES.items()]


def district_labels() -> list[DistrictLabel]:
    return [DistrictLabel(code=c, name=n) for c, n in vocabulary.DISTRICT_NAMES.items()]
