"""Agreement mutations: associations join and leave, any time of year."""

from __future__ import annotations

import strawberry

from app.services.agreement.signatories import join_agreement, leave_agreement
from schema.associations.inputs import AssociationIdInput
from schema.associations.payloads import AssociationPayload
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.relay import decode_id


@strawberry.type
class AgreementMutations:
    @mutation(description="The association becomes a party to the agreement.")
    async def association_join_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        association_id = decode_id(input.id, "Association")
        return AssociationPayload.of(await mutate(info, join_agreement, association_id))

    @mutation(description="The association leaves the agreement.")
    async def association_leave_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        association_id = decode_id(input.id, "Association")
        return AssociationPayload.of(await mutate(info, leave_agreement, association_id))
