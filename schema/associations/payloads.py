"""Payloads of register mutations."""

from __future__ import annotations

import strawberry

from db.models import Association
from schema.associations.types import AssociationNode
from schema.errors import UserError
from schema.mutation import Outcome


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
