"""Who may do what with premises and bookings, one function each.

Reads use the viewer's roles as read when the request began; writes check again in the
database, under the premises' row lock (app/services/accounts/authority.py).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role, manages
from app.services.accounts.roles import MembershipRole
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import Booking, Premises


def can_manage(viewer: Viewer, owner_association_id: int | None) -> bool:
    """The owner's managers: the owning association's admins; the coordinator for all."""
    if viewer.is_coordinator:
        return True
    return owner_association_id is not None and viewer.is_admin_of(owner_association_id)


def can_book(viewer: Viewer) -> bool:
    """Whether the viewer may book at all: a member of some association, or the coordinator
    (for the city)."""
    return viewer.is_coordinator or bool(viewer.roles)


def sees_details(viewer: Viewer, booking: Booking, owner_association_id: int | None) -> bool:
    """Who booked, the purpose and the contact: the booking association's members, the
    owner's managers and the coordinator. Everyone else sees only that the time is taken."""
    if can_manage(viewer, owner_association_id):
        return True
    if booking.association_id is None:
        return False
    return viewer.role_in(booking.association_id) is not None


def can_cancel(viewer: Viewer, booking: Booking, owner_association_id: int | None) -> bool:
    """The booker, the booking association's admins, the owner's managers, the coordinator."""
    if booking.status not in ("REQUESTED", "CONFIRMED"):
        return False
    if viewer.user_id is None:
        return False
    if booking.booked_by_id == viewer.user_id or can_manage(viewer, owner_association_id):
        return True
    return booking.association_id is not None and viewer.is_admin_of(booking.association_id)


def can_decide(viewer: Viewer, booking: Booking, owner_association_id: int | None) -> bool:
    return booking.status == "REQUESTED" and can_manage(viewer, owner_association_id)


# the same rules, read again from the database for a write


async def require_manager_of(session: AsyncSession, viewer: Viewer, premises: Premises) -> None:
    viewer.require_account()
    owner = premises.owner_association_id
    if viewer.is_coordinator:
        return
    if owner is None or not await manages(session, viewer, owner):
        raise forbidden("Only the owner's managers (and the coordinator) may do that.")


async def require_booker_for(
    session: AsyncSession, viewer: Viewer, association_id: int | None
) -> int:
    """The booking user; a member of the association, or the coordinator (who alone books for
    the city, with no association)."""
    user_id = viewer.require_account()
    if viewer.is_coordinator:
        return user_id
    if association_id is None:
        raise forbidden("Only the coordinator books for the city; name your association.")
    if await current_role(session, user_id, association_id) is None:
        raise forbidden("Only the association's members book for it.")
    return user_id


async def require_canceller(
    session: AsyncSession, viewer: Viewer, booking: Booking, premises: Premises
) -> None:
    user_id = viewer.require_account()
    if viewer.is_coordinator or booking.booked_by_id == user_id:
        return
    owner = premises.owner_association_id
    if owner is not None and await manages(session, viewer, owner):
        return
    association = booking.association_id
    if (
        association is not None
        and await current_role(session, user_id, association) is MembershipRole.ADMIN
    ):
        return
    raise forbidden(
        "Only the booker, the booking association's admins and the owner's managers cancel it."
    )
