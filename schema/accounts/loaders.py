"""DataLoaders of accounts, one per relation and direction."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from app.services.accounts.roles import JoinRequestStatus
from db.models import JoinRequest, Membership, User
from schema.context import Context
from schema.loading import children, rows_by, rows_grouped_by


def users_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, User.id)


def memberships_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Membership.id)


def join_requests_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, JoinRequest.id)


def memberships_by_user_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, Membership.user_id, Membership.id)


user_memberships = children(Membership.user_id, (Membership.id,))
user_join_requests = children(JoinRequest.user_id, (JoinRequest.id,))
association_memberships = children(Membership.association_id, (Membership.id,))
# one relation per status, made once so that its loaders are memoised per request
association_join_requests = {
    status: children(
        JoinRequest.association_id, (JoinRequest.id,), where=JoinRequest.status == status
    )
    for status in JoinRequestStatus
}
