"""Who may do what with events, one function each. Reads use the viewer's roles as read when
the request began; writes check again in the database."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.roles import MembershipRole
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import Event, EventOrganiser, Membership


def organises(viewer: Viewer, organisers: Collection[int]) -> bool:
    """The organisers: admins of an organising association; the coordinator for all (the
    city's own events are the coordinator's)."""
    if viewer.is_coordinator:
        return True
    return any(viewer.is_admin_of(a) for a in organisers)


def can_see(viewer: Viewer, event: Event, organisers: Collection[int]) -> bool:
    """Published events are everyone's; drafts and tombstones only the organisers'."""
    if event.deleted_at is not None:
        return False
    return event.published or organises(viewer, organisers)


async def organisers_of(session: AsyncSession, event_id: int) -> list[int]:
    return list(
        (
            await session.scalars(
                select(EventOrganiser.association_id).where(EventOrganiser.event_id == event_id)
            )
        ).all()
    )


async def require_admin_of_all(
    session: AsyncSession, viewer: Viewer, association_ids: Collection[int]
) -> None:
    """Listing associations as organisers takes being an admin of each (or the coordinator):
    no one is named a co-host without their admins."""
    user_id = viewer.require_account()
    if viewer.is_coordinator:
        return
    if not association_ids:
        raise forbidden("Only the coordinator organises for the city; name your association.")
    admin_of = set(
        (
            await session.scalars(
                select(Membership.association_id).where(
                    Membership.user_id == user_id,
                    Membership.role == MembershipRole.ADMIN,
                    Membership.association_id.in_(list(association_ids)),
                )
            )
        ).all()
    )
    if admin_of != set(association_ids):
        raise forbidden("Only admins of every organising association list it as an organiser.")


async def require_organiser(session: AsyncSession, viewer: Viewer, event: Event) -> list[int]:
    """The event's organisers, if the viewer is one of their admins (or the coordinator)."""
    user_id = viewer.require_account()
    organisers = await organisers_of(session, event.id)
    if viewer.is_coordinator:
        return organisers
    if organisers:
        role = await session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.role == MembershipRole.ADMIN,
                Membership.association_id.in_(organisers),
            )
        )
        if role is not None:
            return organisers
    raise forbidden("Only the event's organisers may do that.")
