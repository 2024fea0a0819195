"""Who manages an association, read from the database under the association's row lock.

A viewer's roles are read when a request starts; by the time a writer holds the lock they may
have changed (a demotion, a departure). Writers therefore check again here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.roles import MembershipRole
from app.services.errors import forbidden
from app.services.row_locks import lock_row
from app.services.viewer import Viewer
from db.models import Association, Membership


async def lock_association(
    session: AsyncSession, association_id: int, field: str = "id"
) -> Association:
    """The association, row-locked: membership changes of one association go one at a time."""
    return await lock_row(session, Association, association_id, "association", field)


async def current_role(
    session: AsyncSession, user_id: int | None, association_id: int
) -> MembershipRole | None:
    if user_id is None:
        return None
    role = await session.scalar(
        select(Membership.role).where(
            Membership.user_id == user_id, Membership.association_id == association_id
        )
    )
    return MembershipRole(role) if role is not None else None


async def manages(session: AsyncSession, viewer: Viewer, association_id: int) -> bool:
    if viewer.is_coordinator:
        return True
    return await current_role(session, viewer.user_id, association_id) is MembershipRole.ADMIN


async def require_manager(
    session: AsyncSession, viewer: Viewer, association_id: int, message: str
) -> None:
    if not await manages(session, viewer, association_id):
        raise forbidden(message)
