"""Action plan queries: public, as the agreement asks (öppenhet och insyn)."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.services.pagination import count, paginate
from db.models import ActionPlan, Conference
from schema.context import Info
from schema.plans.types import ActionPlanNode, ConferenceNode
from schema.relay import Connection, connection, page_request


@strawberry.type
class PlanQueries:
    @strawberry.field(description="The action plans, newest first.")
    async def action_plans(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActionPlanNode]:
        stmt = select(ActionPlan)
        db = info.context.db
        async with db.read() as session:
            page = await paginate(
                session,
                stmt,
                (ActionPlan.created_at, ActionPlan.id),
                page_request(first, after),
                max_size=info.context.settings.max_page_size,
                descending=True,
            )

        async def total() -> int:
            async with db.read() as session:
                return await count(session, stmt)

        return connection(page, ActionPlanNode.from_row, total)

    @strawberry.field(description="The agreement conferences, newest first.")
    async def conferences(self, info: Info) -> list[ConferenceNode]:
        async with info.context.db.read() as session:
            rows = (
                await session.scalars(select(Conference).order_by(Conference.held_on.desc()))
            ).all()
        return [ConferenceNode.from_row(r) for r in rows]
