"""DataLoaders of accounts, one per relation and direction."""

from __future__ import annotations

from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from app.context import Context
from app.services.accounts.roles import JoinRequestStatus
from app.services.pagination import Page, PageRequest
from db.models import JoinRequest, Membership, User
from schema.loading import child_counts, child_pages, rows_by, rows_grouped_by


def users_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, User.id)


def memberships_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Membership.id)


def join_requests_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, JoinRequest.id)


def memberships_by_user_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, Membership.user_id, Membership.id)


def membership_pages_by_user_id(context: Context) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    return child_pages(
        context, Membership.user_id, (Membership.id,), context.runtime.settings.max_page_size
    )


def membership_counts_by_user_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, Membership.user_id)


def join_request_pages_by_user_id(
    context: Context,
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    return child_pages(
        context, JoinRequest.user_id, (JoinRequest.id,), context.runtime.settings.max_page_size
    )


def join_request_counts_by_user_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, JoinRequest.user_id)


def membership_pages_by_association_id(
    context: Context,
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    return child_pages(
        context, Membership.association_id, (Membership.id,), context.runtime.settings.max_page_size
    )


def membership_counts_by_association_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, Membership.association_id)


def _join_request_pages(
    status: JoinRequestStatus, context: Context
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    return child_pages(
        context,
        JoinRequest.association_id,
        (JoinRequest.id,),
        context.runtime.settings.max_page_size,
        where=JoinRequest.status == status,
    )


def _join_request_counts(status: JoinRequestStatus, context: Context) -> DataLoader[int, int]:
    return child_counts(context, JoinRequest.association_id, where=JoinRequest.status == status)


# one loader per status, made once so each is memoised per request
JOIN_REQUEST_PAGES = {s: partial(_join_request_pages, s) for s in JoinRequestStatus}
JOIN_REQUEST_COUNTS = {s: partial(_join_request_counts, s) for s in JoinRequestStatus}
