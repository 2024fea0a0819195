"""Roles a user holds in an association, and the states of a join request."""

from __future__ import annotations

from enum import StrEnum


class MembershipRole(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class JoinRequestStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"
