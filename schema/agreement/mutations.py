"""Agreement mutations: associations join and leave, any time of year."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.agreement.signatories import join_agreement, leave_agreement
from db.models import Association
from schema.associations.inputs import AssociationIdInput
from schema.associations.mutations import AssociationPayload
from schema.context import Context
from schema.mutation import run_mutation
from schema.relay import decode_id

Info = strawberry.Info[Context, None]


@strawberry.type
class AgreementMutations:
    @strawberry.mutation(description="The association becomes a party to the agreement.")
    async def association_join_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> Association:
            return await join_agreement(session, viewer, decode_id(input.id, "Association"))

        return AssociationPayload.of(await run_mutation(info, work))

    @strawberry.mutation(description="The association leaves the agreement.")
    async def association_leave_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> Association:
            return await leave_agreement(session, viewer, decode_id(input.id, "Association"))

        return AssociationPayload.of(await run_mutation(info, work))
