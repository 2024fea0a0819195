"""Associations joining and leaving the agreement, all year round, with a dated history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import lock_association, require_manager
from app.services.clock import now
from app.services.errors import ErrorCode, fail
from app.services.viewer import Viewer
from db.models import AgreementMembership, Association


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


async def join_agreement(session: AsyncSession, viewer: Viewer, association_id: int) -> Association:
    association = await _managed_association(session, viewer, association_id)
    if await _open_period(session, association_id) is not None:
        raise fail(ErrorCode.CONFLICT, "The association is already a party to the agreement.")
    session.add(
        AgreementMembership(
            association_id=association_id, joined_at=now(), joined_by_id=viewer.user_id
        )
    )
    try:
        await session.flush()
    except IntegrityError:  # joined by someone else a moment ago
        raise fail(
            ErrorCode.CONFLICT, "The association is already a party to the agreement."
        ) from None
    return association


async def leave_agreement(
    session: AsyncSession, viewer: Viewer, association_id: int
) -> Association:
    association = await _managed_association(session, viewer, association_id)
    period = await _open_period(session, association_id)
    if period is None:
        raise fail(ErrorCode.CONFLICT, "The association is not a party to the agreement.")
    period.left_at = now()
    period.left_by_id = viewer.user_id
    await session.flush()
    return association
