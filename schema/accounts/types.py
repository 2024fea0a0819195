"""`User`, `Membership` and `JoinRequest` nodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Self

import strawberry
from strawberry import relay

from app.services.accounts.roles import JoinRequestStatus, MembershipRole
from app.services.accounts.visibility import (
    can_see_email,
    can_see_join_request,
    can_see_membership,
    can_see_user,
)
from app.services.viewer import Viewer
from db.models import JoinRequest, Membership, User
from schema.accounts.enums import JoinRequestStatusEnum, MembershipRoleEnum
from schema.accounts.loaders import (
    join_requests_by_id,
    memberships_by_id,
    memberships_by_user_id,
    user_join_requests,
    user_memberships,
    users_by_id,
)
from schema.associations.loaders import associations_by_id
from schema.context import Info
from schema.loading import loader, nodes_by_ids
from schema.nodes import node_type_of
from schema.relay import Connection, node_ids_as_ints
from schema.sharing import scope_field, viewer_field


async def _tie_visible(
    info: Info, rows: list[Any], *, can_see: Callable[[Viewer, int, int], bool]
) -> list[bool]:
    """Whether the viewer may see each row of a person's tie to an association."""
    viewer = info.context.viewer
    return [row is not None and can_see(viewer, row.user_id, row.association_id) for row in rows]


# the register's `Association` node (schema/associations/types.py), found by name when the
# schema is built: that module imports this one (for the member lists it shows), so this one
# names it without importing it
if TYPE_CHECKING:
    AssociationNode = Any
else:
    AssociationNode = strawberry.LazyType("AssociationNode", "schema.associations.types")


@strawberry.type(name="User", description="A person with an account.")
class UserNode(relay.Node):
    id: relay.NodeID[int]
    display_name: str
    is_coordinator: bool = strawberry.field(
        description="Whether the person is the city's association coordinator."
    )
    row: strawberry.Private[User]

    @classmethod
    def from_row(cls, row: User) -> Self:
        return cls(
            id=row.id, display_name=row.display_name, is_coordinator=row.is_coordinator, row=row
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        ids = node_ids_as_ints(node_ids)
        rows = await loader(info, users_by_id).load_many(ids)
        memberships = await loader(info, memberships_by_user_id).load_many(ids)
        return [
            cls.from_row(row)
            if row is not None
            and can_see_user(info.context.viewer, row.id, (m.association_id for m in mine))
            else None
            for row, mine in zip(rows, memberships, strict=True)
        ]

    @viewer_field(description="Only for the person themself and the coordinator.")
    def email(self, info: Info) -> str | None:
        return self.row.email if can_see_email(info.context.viewer, self.id) else None

    @viewer_field(description="Only for the person themself and the coordinator.")
    async def memberships(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[MembershipNode] | None:
        if not can_see_email(info.context.viewer, self.id):
            return None
        return await user_memberships.connection(
            info, self.id, first, after, MembershipNode.from_row
        )

    @viewer_field(description="Only for the person themself and the coordinator.")
    async def join_requests(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[JoinRequestNode] | None:
        if not can_see_email(info.context.viewer, self.id):
            return None
        return await user_join_requests.connection(
            info, self.id, first, after, JoinRequestNode.from_row
        )


async def _association(info: Info, association_id: int) -> AssociationNode:
    # the register's node, found by its GraphQL name: that module lists members (this
    # module's nodes), so this one does not import it back
    row = await loader(info, associations_by_id).load(association_id)
    return node_type_of(info, "Association").from_row(row)


async def _user(info: Info, user_id: int) -> UserNode:
    return UserNode.from_row(await loader(info, users_by_id).load(user_id))


@strawberry.type(name="Membership", description="A person's role in an association.")
class MembershipNode(relay.Node):
    id: relay.NodeID[int]
    role: MembershipRoleEnum
    created_at: datetime
    row: strawberry.Private[Membership]

    @classmethod
    def from_row(cls, row: Membership) -> Self:
        return cls(id=row.id, role=MembershipRole(row.role), created_at=row.created_at, row=row)

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        visible = partial(_tie_visible, can_see=can_see_membership)
        return await nodes_by_ids(info, memberships_by_id, node_ids, cls.from_row, visible)

    @scope_field()
    async def user(self, info: Info) -> UserNode:
        return await _user(info, self.row.user_id)

    @scope_field()
    async def association(self, info: Info) -> AssociationNode:
        return await _association(info, self.row.association_id)

    @viewer_field(description="Whether the viewer may change this role or remove the member.")
    def viewer_can_manage(self, info: Info) -> bool:
        return info.context.viewer.can_manage_association(self.row.association_id)


@strawberry.type(name="JoinRequest", description="A person asking to become a member.")
class JoinRequestNode(relay.Node):
    id: relay.NodeID[int]
    status: JoinRequestStatusEnum
    message: str
    created_at: datetime
    decided_at: datetime | None
    row: strawberry.Private[JoinRequest]

    @classmethod
    def from_row(cls, row: JoinRequest) -> Self:
        return cls(
            id=row.id,
            status=JoinRequestStatus(row.status),
            message=row.message,
            created_at=row.created_at,
            decided_at=row.decided_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        visible = partial(_tie_visible, can_see=can_see_join_request)
        return await nodes_by_ids(info, join_requests_by_id, node_ids, cls.from_row, visible)

    @scope_field()
    async def user(self, info: Info) -> UserNode:
        return await _user(info, self.row.user_id)

    @scope_field()
    async def association(self, info: Info) -> AssociationNode:
        return await _association(info, self.row.association_id)

    @viewer_field(description="Whether the viewer may approve or decline this request.")
    def viewer_can_decide(self, info: Info) -> bool:
        return (
            self.row.status == JoinRequestStatus.PENDING
            and info.context.viewer.can_manage_association(self.row.association_id)
        )
