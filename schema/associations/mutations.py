"""Register mutations."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.associations.register import create_association, update_association
from db.models import Association
from schema.associations.inputs import AssociationCreateInput, AssociationUpdateInput
from schema.associations.types import AssociationNode
from schema.context import Context
from schema.errors import UserError
from schema.mutation import Outcome, run_mutation
from schema.relay import decode_id

Info = strawberry.Info[Context, None]


@strawberry.type
class AssociationPayload:
    association: AssociationNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Association]) -> AssociationPayload:
        return cls(
            association=AssociationNode.from_row(outcome.value) if outcome.value else None,
            errors=outcome.errors,
        )


@strawberry.type
class AssociationMutations:
    @strawberry.mutation(
        description="Register an association; whoever registers it becomes its admin."
    )
    async def association_create(
        self, info: Info, input: AssociationCreateInput
    ) -> AssociationPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> Association:
            fields = input.fields(name=input.name, organisation_number=input.organisation_number)
            return await create_association(session, viewer, fields)

        return AssociationPayload.of(await run_mutation(info, work))

    @strawberry.mutation(description="Edit an association; for its admins and the coordinator.")
    async def association_update(
        self, info: Info, input: AssociationUpdateInput
    ) -> AssociationPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> Association:
            association_id = decode_id(input.id, "Association")
            fields = input.fields(name=input.name, organisation_number=input.organisation_number)
            return await update_association(session, viewer, association_id, fields)

        return AssociationPayload.of(await run_mutation(info, work))
