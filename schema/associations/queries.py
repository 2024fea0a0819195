"""Register queries."""

from __future__ import annotations

import strawberry

from app.services.associations.search import (
    AssociationFilter as Criteria,
)
from app.services.associations.search import (
    association_by_slug,
    count_associations,
    find_associations,
)
from app.services.associations.vocabulary import Category, District
from schema.associations.enums import (
    CategoryLabel,
    DistrictLabel,
    TargetGroupLabel,
    category_labels,
    district_labels,
    target_group_labels,
)
from schema.associations.inputs import AssociationFilter
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.relay import Connection, connection, page_request


def criteria(filter: AssociationFilter | None) -> Criteria:
    if filter is None:
        return Criteria()
    return Criteria(
        search=filter.search,
        categories=[Category(c) for c in filter.categories or []],
        district=District(filter.district) if filter.district else None,
        in_agreement=filter.in_agreement,
    )


@strawberry.type
class AssociationQueries:
    @strawberry.field(description="The register, in Swedish alphabetical order.")
    async def associations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AssociationFilter | None = None,
    ) -> Connection[AssociationNode]:
        wanted = criteria(filter)
        db = info.context.db
        async with db.read() as session:
            page = await find_associations(
                session,
                wanted,
                page_request(first, after, last, before),
                info.context.settings.max_page_size,
            )

        async def total() -> int:
            async with db.read() as session:
                return await count_associations(session, wanted)

        return connection(page, AssociationNode.from_row, total)

    @strawberry.field(description="One association by its slug (the name in its address).")
    async def association(self, info: Info, slug: str) -> AssociationNode | None:
        async with info.context.db.read() as session:
            row = await association_by_slug(session, slug)
        return AssociationNode.from_row(row) if row is not None else None

    @strawberry.field(description="Every category with its Swedish name.")
    def association_categories(self) -> list[CategoryLabel]:
        return category_labels()

    @strawberry.field(description="Every target group with its Swedish name.")
    def target_groups(self) -> list[TargetGroupLabel]:
        return target_group_labels()

    @strawberry.field(description="Every district with its Swedish name.")
    def districts(self) -> list[DistrictLabel]:
        return district_labels()
