"""Premises queries."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.services.pagination import count, paginate
from app.services.premises.search import PremisesFilter as Criteria
from app.services.premises.search import count_premises, find_premises
from db.models import Booking, Premises
from schema.context import Info
from schema.premises.enums import AccessibilityLabel, accessibility_labels
from schema.premises.inputs import PremisesFilter, owner_id
from schema.premises.types import BookingNode, PremisesNode
from schema.relay import Connection, connection, page_request


def criteria(filter: PremisesFilter | None) -> Criteria:
    if filter is None:
        return Criteria()
    wanted = Criteria(
        search=filter.search,
        district=filter.district,
        min_capacity=filter.min_capacity,
        accessibility=list(filter.accessibility or []),
        owner_association_id=owner_id(filter.owner_id),
        owned_by_city=filter.owned_by_city,
        free_from=filter.free_from,
        free_to=filter.free_to,
    )
    wanted.check()
    return wanted


@strawberry.type
class PremisesQueries:
    @strawberry.field(
        description="Premises to book, the city's and the associations', in Swedish order."
    )
    async def premises(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: PremisesFilter | None = None,
    ) -> Connection[PremisesNode]:
        wanted = criteria(filter)
        db = info.context.db
        async with db.read() as session:
            page = await find_premises(
                session,
                wanted,
                page_request(first, after, last, before),
                info.context.settings.max_page_size,
            )

        async def total() -> int:
            async with db.read() as session:
                return await count_premises(session, wanted)

        return connection(page, PremisesNode.from_row, total)

    @strawberry.field(
        description="Requests waiting for the viewer's decision: to premises the viewer manages "
        "(every premises, for the coordinator), oldest first. Empty for anyone else."
    )
    async def booking_requests(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[BookingNode]:
        viewer = info.context.viewer
        stmt = select(Booking).where(Booking.status == "REQUESTED")
        if not viewer.is_coordinator:
            managed = [a for a in viewer.roles if viewer.is_admin_of(a)]
            stmt = stmt.where(
                Booking.premises_id.in_(
                    select(Premises.id).where(Premises.owner_association_id.in_(managed))
                )
            )
        db = info.context.db
        order = (Booking.created_at, Booking.id)
        async with db.read() as session:
            page = await paginate(
                session,
                stmt,
                order,
                page_request(first, after),
                max_size=info.context.settings.max_page_size,
            )

        async def total() -> int:
            async with db.read() as session:
                return await count(session, stmt)

        return connection(page, BookingNode.from_row, total)

    @strawberry.field(description="Every accessibility feature with its Swedish name.")
    def accessibility_features(self) -> list[AccessibilityLabel]:
        return accessibility_labels()
