"""Inputs of account mutations."""

from __future__ import annotations

import strawberry

from schema.accounts.enums import MembershipRoleEnum


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class JoinRequestCreateInput:
    association_id: strawberry.ID
    message: str | None = None


@strawberry.input(description="Names one join request.")
class JoinRequestIdInput:
    id: strawberry.ID


@strawberry.input
class MembershipUpdateInput:
    id: strawberry.ID
    role: MembershipRoleEnum


@strawberry.input
class MembershipRemoveInput:
    id: strawberry.ID
