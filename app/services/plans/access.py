"""Who may do what with action plans: anyone reads; the coordinator and the steering group's
sitting members edit plans, activities and follow-ups; the associations responsible for an
activity (their members) post its updates; the coordinator alone holds conferences, appoints
the city's seats and runs elections."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.clock import CITY_ZONE, now
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import Activity, SteeringSeat


def today() -> date:
    return now().astimezone(CITY_ZONE).date()


async def sits_in_steering_group(session: AsyncSession, user_id: int) -> bool:
    """Whether the user holds a seat of the steering group today."""
    on = today()
    seat = await session.scalar(
        select(SteeringSeat.id)
        .where(
            SteeringSeat.user_id == user_id,
            SteeringSeat.term_starts_on <= on,
            SteeringSeat.term_ends_on >= on,
        )
        .limit(1)
    )
    return seat is not None


def require_coordinator(viewer: Viewer, doing: str) -> int:
    user_id = viewer.require_account()
    if not viewer.is_coordinator:
        raise forbidden(f"Only the coordinator {doing}.")
    return user_id


async def is_editor(session: AsyncSession, viewer: Viewer) -> bool:
    """The coordinator or a sitting member of the steering group."""
    if viewer.user_id is None:
        return False
    return viewer.is_coordinator or await sits_in_steering_group(session, viewer.user_id)


async def require_editor(session: AsyncSession, viewer: Viewer) -> int:
    user_id = viewer.require_account()
    if await is_editor(session, viewer):
        return user_id
    raise forbidden("Only the coordinator and the steering group edit the action plans.")


def responsible_member(viewer: Viewer, activity: Activity) -> bool:
    return any(viewer.role_in(a) is not None for a in activity.responsible_association_ids)


async def require_updater(session: AsyncSession, viewer: Viewer, activity: Activity) -> int:
    user_id = viewer.require_account()
    if await is_editor(session, viewer):
        return user_id
    for association_id in activity.responsible_association_ids:
        if await current_role(session, user_id, association_id) is not None:
            return user_id
    raise forbidden("Only the associations responsible for it post its updates.")
