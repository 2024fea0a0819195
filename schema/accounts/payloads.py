"""Payloads of account mutations."""

from __future__ import annotations

from typing import Self

import strawberry
from strawberry import relay

from db.models import JoinRequest
from schema.accounts.types import JoinRequestNode, MembershipNode, UserNode
from schema.associations.types import AssociationNode
from schema.errors import UserError
from schema.mutation import Outcome


@strawberry.type
class AuthPayload:
    token: str | None = strawberry.field(
        description="Send as `Authorization: Bearer <token>`; shown only this once."
    )
    user: UserNode | None
    errors: list[UserError]


@strawberry.type
class LogOutPayload:
    errors: list[UserError]
    ok: bool = False


@strawberry.type
class JoinRequestPayload:
    join_request: JoinRequestNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[JoinRequest]) -> Self:
        row = outcome.value
        return cls(
            join_request=JoinRequestNode.from_row(row) if row else None, errors=outcome.errors
        )


@strawberry.type
class MembershipPayload:
    membership: MembershipNode | None
    errors: list[UserError]


@strawberry.type
class MembershipRemovePayload:
    removed_membership_id: relay.GlobalID | None
    association: AssociationNode | None
    errors: list[UserError]
