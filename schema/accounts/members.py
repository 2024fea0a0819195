"""An association's member list and join requests, shown only to those allowed."""

from __future__ import annotations

from app.services.accounts.roles import JoinRequestStatus
from app.services.accounts.visibility import can_see_join_requests, can_see_members
from schema.accounts.loaders import association_join_requests, association_memberships
from schema.accounts.types import JoinRequestNode, MembershipNode
from schema.context import Info
from schema.relay import Connection


async def members_of(
    info: Info, association_id: int, first: int | None, after: str | None
) -> Connection[MembershipNode] | None:
    if not can_see_members(info.context.viewer, association_id):
        return None
    return await association_memberships.connection(
        info, association_id, first, after, MembershipNode.from_row
    )


async def join_requests_of(
    info: Info,
    association_id: int,
    status: JoinRequestStatus | None,
    first: int | None,
    after: str | None,
) -> Connection[JoinRequestNode] | None:
    if not can_see_join_requests(info.context.viewer, association_id):
        return None
    wanted = status or JoinRequestStatus.PENDING
    return await association_join_requests[wanted].connection(
        info, association_id, first, after, JoinRequestNode.from_row
    )
