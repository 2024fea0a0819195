"""Who may do what with action plans: anyone reads; the coordinator edits; the associations
responsible for an activity (their members) post its updates. (The steering group's members
are to edit too once the steering group exists in the platform.)"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import Activity


def can_edit(viewer: Viewer) -> bool:
    return viewer.is_coordinator


def can_post_update(viewer: Viewer, activity: Activity) -> bool:
    if viewer.is_coordinator:
        return True
    return any(viewer.role_in(a) is not None for a in activity.responsible_association_ids)


def require_editor(viewer: Viewer) -> int:
    user_id = viewer.require_account()
    if not viewer.is_coordinator:
        raise forbidden("Only the coordinator edits the action plans.")
    return user_id


async def require_updater(session: AsyncSession, viewer: Viewer, activity: Activity) -> int:
    user_id = viewer.require_account()
    if viewer.is_coordinator:
        return user_id
    for association_id in activity.responsible_association_ids:
        if await current_role(session, user_id, association_id) is not None:
            return user_id
    raise forbidden("Only the associations responsible for it post its updates.")
