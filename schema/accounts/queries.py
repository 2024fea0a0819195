"""Account queries."""

from __future__ import annotations

import strawberry

from schema.accounts.loaders import users_by_id
from schema.accounts.types import UserNode
from schema.context import Info
from schema.loading import loader


@strawberry.type
class AccountQueries:
    @strawberry.field(description="The logged-in person, or null.")
    async def viewer(self, info: Info) -> UserNode | None:
        user_id = info.context.viewer.user_id
        if user_id is None:
            return None
        row = await loader(info, users_by_id).load(user_id)
        return UserNode.from_row(row) if row is not None else None
