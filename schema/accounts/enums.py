"""Account enums, apart from the types so other domains can import them without a cycle."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.accounts.roles import JoinRequestStatus, MembershipRole

strawberry.enum(MembershipRole, name="MembershipRole")
MembershipRoleEnum: TypeAlias = MembershipRole
strawberry.enum(JoinRequestStatus, name="JoinRequestStatus")
JoinRequestStatusEnum: TypeAlias = JoinRequestStatus
