"""Joining an association: requests, approval by its admins, and managing members."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role, lock_association, require_manager
from app.services.accounts.roles import JoinRequestStatus, MembershipRole
from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import JoinRequest, Membership

LAST_ADMIN = "An association needs at least one admin; appoint another admin first."
NOT_ADMIN_DECIDE = "Only the association's admins can answer join requests."


async def request_to_join(
    session: AsyncSession, viewer: Viewer, association_id: int, message: str | None
) -> JoinRequest:
    user_id = viewer.require_account()
    problems = Problems()
    text = clean_text(problems, "message", message, max_length=500)
    problems.raise_if_any()
    await lock_association(session, association_id, "association_id")
    if await current_role(session, user_id, association_id) is not None:
        raise fail(ErrorCode.CONFLICT, "You are already a member.", "association_id")
    request = JoinRequest(
        user_id=user_id,
        association_id=association_id,
        message=text or "",
        status=JoinRequestStatus.PENDING,
        created_at=now(),
    )
    session.add(request)
    try:
        await session.flush()
    except IntegrityError:
        raise fail(
            ErrorCode.DUPLICATE, "You have already asked to join.", "association_id"
        ) from None
    return request


Row = TypeVar("Row", JoinRequest, Membership)


async def _under_association_lock(
    session: AsyncSession, model: type[Row], row_id: int, what: str
) -> Row:
    """The row, read again once its association is locked: a change that committed while
    this one waited is seen, and a row removed meanwhile is not found."""
    association_id = await session.scalar(select(model.association_id).where(model.id == row_id))
    if association_id is None:
        raise not_found(what)
    await lock_association(session, association_id)
    row = await session.get(model, row_id, populate_existing=True)
    if row is None:
        raise not_found(what)
    return row


async def _pending_request(session: AsyncSession, request_id: int) -> JoinRequest:
    """The request, under its association's lock; CONFLICT if no longer pending."""
    request = await _under_association_lock(session, JoinRequest, request_id, "join request")
    if request.status != JoinRequestStatus.PENDING:
        raise fail(ErrorCode.CONFLICT, f"The request is already {request.status.lower()}.")
    return request


async def decide_join_request(
    session: AsyncSession, viewer: Viewer, request_id: int, *, approve: bool
) -> JoinRequest:
    viewer.require_account()
    request = await _pending_request(session, request_id)
    await require_manager(session, viewer, request.association_id, NOT_ADMIN_DECIDE)
    request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    request.decided_at = now()
    request.decided_by_id = viewer.user_id
    if approve and await current_role(session, request.user_id, request.association_id) is None:
        session.add(
            Membership(
                user_id=request.user_id,
                association_id=request.association_id,
                role=MembershipRole.MEMBER,
                created_at=now(),
            )
        )
    await session.flush()
    return request


async def cancel_join_request(
    session: AsyncSession, viewer: Viewer, request_id: int
) -> JoinRequest:
    viewer.require_account()
    request = await _pending_request(session, request_id)
    if request.user_id != viewer.user_id:
        raise forbidden("Only the person who asked can withdraw the request.")
    request.status = JoinRequestStatus.CANCELLED
    request.decided_at = now()
    request.decided_by_id = viewer.user_id
    await session.flush()
    return request


async def _admin_count(session: AsyncSession, association_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.association_id == association_id,
            Membership.role == MembershipRole.ADMIN,
        )
    )
    return count or 0


async def set_member_role(
    session: AsyncSession, viewer: Viewer, membership_id: int, role: MembershipRole
) -> Membership:
    viewer.require_account()
    membership = await _under_association_lock(session, Membership, membership_id, "membership")
    await require_manager(
        session,
        viewer,
        membership.association_id,
        "Only the association's admins can change roles.",
    )
    if (
        membership.role == MembershipRole.ADMIN
        and role != MembershipRole.ADMIN
        and await _admin_count(session, membership.association_id) <= 1
    ):
        raise fail(ErrorCode.CONFLICT, LAST_ADMIN, "role")
    membership.role = role
    await session.flush()
    return membership


async def remove_member(session: AsyncSession, viewer: Viewer, membership_id: int) -> Membership:
    """An admin removes a member, or a member leaves."""
    viewer.require_account()
    membership = await _under_association_lock(session, Membership, membership_id, "membership")
    if membership.user_id != viewer.user_id:
        await require_manager(
            session,
            viewer,
            membership.association_id,
            "Only the association's admins can remove members.",
        )
    if (
        membership.role == MembershipRole.ADMIN
        and await _admin_count(session, membership.association_id) <= 1
    ):
        raise fail(ErrorCode.CONFLICT, LAST_ADMIN)
    await session.delete(membership)
    await session.flush()
    return membership
