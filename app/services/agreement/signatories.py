"""Associations joining and leaving the agreement, with a dated history: joining is requested
any time of year (by the association's admins) and confirmed by signing at the yearly
conference (by the coordinator), which starts the membership period; leaving takes effect at
once (a request not yet confirmed is withdrawn)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import lock_association, require_manager
from app.services.clock import now
from app.services.errors import ErrorCode, fail, forbidden, not_found
from app.services.plans.events import ConferenceChanged, ConferenceEventKind, record
from app.services.viewer import Viewer
from db.models import AgreementMembership, AgreementRequest, Association, Conference


async def _managed_association(
    session: AsyncSession, viewer: Viewer, association_id: int
) -> Association:
    viewer.require_account()
    association = await lock_association(session, association_id)
    await require_manager(
        session, viewer, association_id, "Only the association's admins and the coordinator can."
    )
    return association


async def _open_period(session: AsyncSession, association_id: int) -> AgreementMembership | None:
    return await session.scalar(
        select(AgreementMembership).where(
            AgreementMembership.association_id == association_id,
            AgreementMembership.left_at.is_(None),
        )
    )


async def _pending(session: AsyncSession, association_id: int) -> AgreementRequest | None:
    return await session.scalar(
        select(AgreementRequest).where(
            AgreementRequest.association_id == association_id,
            AgreementRequest.status == "PENDING",
        )
    )


async def join_agreement(session: AsyncSession, viewer: Viewer, association_id: int) -> Association:
    """Ask to join: confirmed at the next conference."""
    association = await _managed_association(session, viewer, association_id)
    if await _open_period(session, association_id) is not None:
        raise fail(ErrorCode.CONFLICT, "The association is already a party to the agreement.")
    if await _pending(session, association_id) is not None:
        raise fail(ErrorCode.CONFLICT, "The association has asked to join already.")
    session.add(
        AgreementRequest(
            association_id=association_id,
            requested_at=now(),
            requested_by_id=viewer.user_id,
            status="PENDING",
        )
    )
    try:
        await session.flush()
    except IntegrityError:  # asked by someone else a moment ago
        raise fail(ErrorCode.CONFLICT, "The association has asked to join already.") from None
    return association


async def confirm_signings(
    session: AsyncSession,
    viewer: Viewer,
    conference_id: int,
    association_ids: Sequence[int] | None = None,
) -> list[Association]:
    """Confirm pending requests at a conference (all of them, or those named): each starts
    the association's membership period."""
    viewer.require_account()
    if not viewer.is_coordinator:
        raise forbidden("Only the coordinator confirms signings.")
    conference = await session.get(Conference, conference_id)
    if conference is None:
        raise not_found("conference", "conference_id")
    stmt = select(AgreementRequest).where(AgreementRequest.status == "PENDING")
    if association_ids is not None:
        stmt = stmt.where(AgreementRequest.association_id.in_(list(association_ids)))
    requests = (await session.scalars(stmt.order_by(AgreementRequest.id))).all()
    if association_ids is not None and len(requests) != len(set(association_ids)):
        raise fail(
            ErrorCode.NOT_FOUND,
            "No pending request from one of those associations.",
            "association_ids",
        )
    confirmed = []
    moment = now()
    for found in requests:
        # the association's lock first, then the request as it is now: one withdrawn or
        # confirmed meanwhile is left as it is
        association = await lock_association(session, found.association_id)
        request = await session.get(AgreementRequest, found.id, populate_existing=True)
        if request is None or request.status != "PENDING":
            if association_ids is not None:
                raise fail(
                    ErrorCode.CONFLICT,
                    "A request was withdrawn or confirmed meanwhile; try again.",
                    "association_ids",
                )
            continue
        request.status, request.conference_id, request.decided_at = (
            "CONFIRMED",
            conference.id,
            moment,
        )
        session.add(
            AgreementMembership(
                association_id=request.association_id,
                joined_at=moment,
                joined_by_id=request.requested_by_id,
            )
        )
        confirmed.append(association)
        await record(
            session,
            conference.id,
            ConferenceEventKind.SIGNING_CONFIRMED,
            ConferenceChanged(association_id=request.association_id),
        )
    await session.flush()
    return confirmed


async def leave_agreement(
    session: AsyncSession, viewer: Viewer, association_id: int
) -> Association:
    association = await _managed_association(session, viewer, association_id)
    period = await _open_period(session, association_id)
    if period is None:
        request = await _pending(session, association_id)
        if request is None:
            raise fail(ErrorCode.CONFLICT, "The association is not a party to the agreement.")
        request.status, request.decided_at = "WITHDRAWN", now()
        await session.flush()
        return association
    period.left_at = now()
    period.left_by_id = viewer.user_id
    await session.flush()
    return association
