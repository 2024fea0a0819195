"""Register mutations."""

from __future__ import annotations

import strawberry

from app.services.associations.register import create_association, update_association
from schema.associations.inputs import AssociationCreateInput, AssociationUpdateInput
from schema.associations.payloads import AssociationPayload
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.relay import decode_id


@strawberry.type
class AssociationMutations:
    @mutation(description="Register an association; whoever registers it becomes its admin.")
    async def association_create(
        self, info: Info, input: AssociationCreateInput
    ) -> AssociationPayload:
        fields = input.fields(name=input.name, organisation_number=input.organisation_number)
        return AssociationPayload.of(await mutate(info, create_association, fields))

    @mutation(description="Edit an association; for its admins and the coordinator.")
    async def association_update(
        self, info: Info, input: AssociationUpdateInput
    ) -> AssociationPayload:
        association_id = decode_id(input.id, "Association")
        fields = input.fields(name=input.name, organisation_number=input.organisation_number)
        return AssociationPayload.of(await mutate(info, update_association, association_id, fields))
