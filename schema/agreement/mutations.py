"""Agreement mutations: associations ask to join any time of year, are confirmed at the
conference, and leave at once."""

from __future__ import annotations

import strawberry

from app.services.agreement.signatories import confirm_signings, join_agreement, leave_agreement
from schema.associations.inputs import AssociationIdInput
from schema.associations.payloads import AssociationPayload
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.errors import UserError
from schema.mutation import mutate, mutation
from schema.relay import decode_id


@strawberry.type
class AgreementMutations:
    @mutation(
        description="Ask to join the agreement; the association becomes a party once the "
        "coordinator confirms its signing at the yearly conference (conferenceConfirmSignings)."
    )
    async def association_join_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        association_id = decode_id(input.id, "Association")
        return AssociationPayload.of(await mutate(info, join_agreement, association_id))

    @mutation(
        description="Leave the agreement, at once (a request not yet confirmed is withdrawn)."
    )
    async def association_leave_agreement(
        self, info: Info, input: AssociationIdInput
    ) -> AssociationPayload:
        association_id = decode_id(input.id, "Association")
        return AssociationPayload.of(await mutate(info, leave_agreement, association_id))

    @mutation(
        description="Confirm the signings of associations that asked to join, at a conference "
        "(all pending requests, or those of `associationIds`); for the coordinator."
    )
    async def conference_confirm_signings(
        self, info: Info, input: ConfirmSigningsInput
    ) -> ConfirmSigningsPayload:
        conference = decode_id(input.conference_id, "Conference", "conference_id")
        ids = (
            None
            if input.association_ids is None
            else [decode_id(i, "Association", "association_ids") for i in input.association_ids]
        )
        outcome = await mutate(info, confirm_signings, conference, ids)
        return ConfirmSigningsPayload(
            associations=[AssociationNode.from_row(a) for a in outcome.value or []],
            errors=outcome.errors,
        )


@strawberry.input
class ConfirmSigningsInput:
    conference_id: strawberry.ID
    association_ids: list[strawberry.ID] | None = None


@strawberry.type
class ConfirmSigningsPayload:
    associations: list[AssociationNode]
    errors: list[UserError]
