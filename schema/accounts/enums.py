"""Account enums, apart from the types so other domains can import them without a cycle."""

from __future__ import annotations

import strawberry

from app.services.accounts.roles import JoinRequestStatus, MembershipRole

MembershipRoleEnum = strawberry.enum(MembershipRole, name="MembershipRole")
JoinRequestStatusEnum = strawberry.enum(JoinRequestStatus, name="JoinRequestStatus")
