"""Agreement queries."""

from __future__ import annotations

import strawberry

from app.services.agreement.principles import all_principles
from schema.agreement.types import PrincipleNode
from schema.context import Info


@strawberry.type
class AgreementQueries:
    @strawberry.field(description="The six principles of the agreement, in order.")
    async def principles(self, info: Info) -> list[PrincipleNode]:
        async with info.context.db.read() as session:
            return [PrincipleNode.from_row(row) for row in await all_principles(session)]
