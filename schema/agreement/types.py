"""The agreement's principles and an association's periods as a party to it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

from app.services.agreement.principles import PrincipleCode
from db.models import AgreementMembership, Principle
from schema.agreement.enums import PrincipleCodeEnum
from schema.agreement.loaders import principles_by_code
from schema.context import Info
from schema.loading import loader


@strawberry.type(name="Principle", description="One of the six principles of the agreement.")
class PrincipleNode(relay.Node):
    id: relay.NodeID[str]
    code: PrincipleCodeEnum
    name: str = strawberry.field(description="The principle's name, in Swedish.")
    description: str = strawberry.field(description="What the agreement says, in Swedish.")
    position: int

    @classmethod
    def from_row(cls, row: Principle) -> Self:
        return cls(
            id=row.code,
            code=PrincipleCode(row.code),
            name=row.name,
            description=row.description,
            position=row.position,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        rows = await loader(info, principles_by_code).load_many(node_ids)
        return [cls.from_row(row) if row is not None else None for row in rows]


@strawberry.type(description="A period during which an association was a party to the agreement.")
class AgreementPeriod:
    joined_at: datetime
    left_at: datetime | None

    @classmethod
    def from_row(cls, row: AgreementMembership) -> Self:
        return cls(joined_at=row.joined_at, left_at=row.left_at)
