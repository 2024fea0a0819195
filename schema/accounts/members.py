"""An association's member list and join requests, shown only to those allowed."""

from __future__ import annotations

import strawberry

from app.context import Context
from app.services.accounts.roles import JoinRequestStatus
from app.services.accounts.visibility import can_see_join_requests, can_see_members
from schema.accounts.loaders import (
    JOIN_REQUEST_COUNTS,
    JOIN_REQUEST_PAGES,
    membership_counts_by_association_id,
    membership_pages_by_association_id,
)
from schema.accounts.types import JoinRequestNode, MembershipNode
from schema.loading import child_connection
from schema.relay import Connection

Info = strawberry.Info[Context, None]


async def members_of(
    info: Info, association_id: int, first: int | None, after: str | None
) -> Connection[MembershipNode] | None:
    if not can_see_members(info.context.viewer, association_id):
        return None
    return await child_connection(
        info,
        membership_pages_by_association_id,
        membership_counts_by_association_id,
        association_id,
        (first, after),
        MembershipNode.from_row,
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
    return await child_connection(
        info,
        JOIN_REQUEST_PAGES[wanted],
        JOIN_REQUEST_COUNTS[wanted],
        association_id,
        (first, after),
        JoinRequestNode.from_row,
    )
